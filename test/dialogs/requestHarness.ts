// Builds a RequestDialog (and MyRequestsDialog) over a real ticket store in a temp folder, for DialogTestClient tests.
import { ConversationState, MemoryStorage, type Activity, type Middleware, type StoreItem } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import type { Dialog } from 'botbuilder-dialogs';
import type { InterruptDeps } from '../../dialogs/InterruptibleDialog.js';
import { Menu } from '../../dialogs/Menu.js';
import { MyRequestsDialog } from '../../dialogs/MyRequestsDialog.js';
import { RequestDialog } from '../../dialogs/RequestDialog.js';
import { HelpdeskService } from '../../helpdesk/service.js';
import { LowTicketStore } from '../../helpdesk/ticketStore.js';
import { IntentMatcher } from '../../knowledge/intents.js';
import { loadKnowledge } from '../../knowledge/loader.js';
import { tempDir } from '../helpdesk/fixtures/tickets.js';

export const kb = loadKnowledge();
export const r = kb.replies;
const intents = IntentMatcher.load();

/** One dialog under test as one user in their own conversation; `updates` are the activities the dialog replaced. */
export interface DialogUnderTest {
  client: DialogTestClient;
  updates: Partial<Activity>[];
  /** the conversation's saved state as stored, to check what was kept */
  storedState(): Promise<unknown>;
  /** replaces the conversation's saved state, as an earlier version of the bot may have written it */
  writeState(state: StoreItem): Promise<void>;
}

/** Addresses every activity as this user in their own conversation and records each update the dialog makes. */
function asUser(user: string, updates: Partial<Activity>[]): Middleware {
  return {
    async onTurn(context, next) {
      context.activity.from = { id: user, name: 'User' };
      context.activity.conversation = { ...context.activity.conversation, id: `conv-${user}` };
      context.onUpdateActivity(async (_ctx, activity, nextUpdate) => {
        updates.push(activity);
        return nextUpdate();
      });
      await next();
    },
  };
}

export interface Harness {
  store: LowTicketStore;
  service: HelpdeskService;
  interrupts: InterruptDeps;
  client(dialog: Dialog, options?: unknown, user?: string): DialogUnderTest;
  request(options?: unknown, user?: string): DialogUnderTest;
  myRequests(options?: unknown, user?: string): DialogUnderTest;
  close(): Promise<void>;
}

export async function harness(now: () => Date = () => new Date('2026-11-21T10:00:00Z')): Promise<Harness> {
  const tmp = tempDir('request-dialog-');
  const store = await LowTicketStore.open(tmp.dir, { now });
  const service = new HelpdeskService(store, { now, channels: () => ['webhook'] });
  const faq = { answerIfConfident: async () => false, safetyFirst: async () => false, person: async () => false, answerRelatedStatement: async () => undefined, answerElided: async () => undefined } as unknown as InterruptDeps['faq'];
  const interrupts: InterruptDeps = { intents, replies: r, menu: new Menu(r), faq };
  const client = (dialog: Dialog, options?: unknown, user = 'user-1'): DialogUnderTest => {
    const storage = new MemoryStorage();
    const updates: Partial<Activity>[] = [];
    const client = new DialogTestClient('test', dialog, options, [asUser(user, updates)], new ConversationState(storage));
    const key = `test/conversations/conv-${user}/`;
    return {
      client,
      updates,
      storedState: async () => (await storage.read([key]))[key],
      writeState: (state) => storage.write({ [key]: { ...state, eTag: '*' } }),
    };
  };
  return {
    store,
    service,
    interrupts,
    client,
    request: (options, user) => client(new RequestDialog(interrupts, { service, now }), options, user),
    myRequests: (options, user) => client(new MyRequestsDialog(interrupts, service), options, user),
    async close() {
      await store.close();
      tmp.remove();
    },
  };
}

/** Sends one activity and collects every reply to it. */
export async function say(client: DialogTestClient, input: string | Partial<Activity>): Promise<Partial<Activity>[]> {
  const out: Partial<Activity>[] = [];
  let reply = (await client.sendActivity(input)) as Partial<Activity> | undefined;
  while (reply) {
    out.push(reply);
    reply = client.getNextReply() as Partial<Activity> | undefined;
  }
  return out;
}
