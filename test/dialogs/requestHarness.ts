// Builds a RequestDialog (and MyRequestsDialog) over a real ticket store in a temp folder, for DialogTestClient tests.
import { AutoSaveStateMiddleware, TestAdapter, type Activity, type TurnContext } from 'botbuilder';
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

/** A TestAdapter that remembers which sent activities were later replaced. */
export class RecordingAdapter extends TestAdapter {
  readonly updates: Partial<Activity>[] = [];
  override updateActivity(context: Parameters<TestAdapter['updateActivity']>[0], activity: Partial<Activity>) {
    this.updates.push(activity);
    return super.updateActivity(context, activity);
  }
}

export interface Harness {
  store: LowTicketStore;
  service: HelpdeskService;
  interrupts: InterruptDeps;
  client(dialog: Dialog, options?: unknown, user?: string): { client: DialogTestClient; adapter: RecordingAdapter };
  request(options?: unknown, user?: string): { client: DialogTestClient; adapter: RecordingAdapter };
  myRequests(options?: unknown, user?: string): { client: DialogTestClient; adapter: RecordingAdapter };
  close(): Promise<void>;
}

export async function harness(now: () => Date = () => new Date('2026-11-21T10:00:00Z')): Promise<Harness> {
  const tmp = tempDir('request-dialog-');
  const store = await LowTicketStore.open(tmp.dir, { now });
  const service = new HelpdeskService(store, { now, channels: () => ['webhook'] });
  const faq = { answerIfConfident: async () => false } as unknown as InterruptDeps['faq'];
  const interrupts: InterruptDeps = { intents, replies: r, menu: new Menu(r), faq };
  const client = (dialog: Dialog, options?: unknown, user = 'user-1') => {
    // DialogTestClient runs its own turn logic; the adapter (which records card updates) calls into it
    let target: DialogTestClient | undefined;
    const logic = (ctx: TurnContext) => (target as unknown as { _callback(c: TurnContext): Promise<void> })._callback(ctx);
    const adapter = new RecordingAdapter(logic, { channelId: 'test', from: { id: user, name: 'User' }, conversation: { id: `conv-${user}` } as never });
    target = new DialogTestClient(adapter, dialog, options);
    adapter.use(new AutoSaveStateMiddleware(target.conversationState));
    return { client: target, adapter };
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

/** The plain text of a reply, or the fallback text of its card. */
export function textOf(a: Partial<Activity> | undefined): string {
  const hero = (a?.attachments?.[0]?.content as { text?: string } | undefined)?.text;
  return a?.text || (a as { summary?: string } | undefined)?.summary || hero || '';
}

/** The machine-readable facts a card reply carries (kind, nonce, ref...). */
export function metaOf(a: Partial<Activity> | undefined): Record<string, unknown> {
  return ((a?.channelData as { nhsmail?: Record<string, unknown> } | undefined)?.nhsmail) ?? {};
}
