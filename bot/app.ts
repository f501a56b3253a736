// The composition root: builds every part of the running bot from a Config (storage, knowledge, dialogs, adapter,
// helpdesk, routes) without starting anything; start() starts its timers and deliveries, close() stops them.
import { ConversationState, type TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import { FaqResponder, type FaqMemory } from '../dialogs/FaqResponder.js';
import { Menu } from '../dialogs/Menu.js';
import { RootDialog, type Journey, type TurnHandler } from '../dialogs/RootDialog.js';
import { ELIGIBILITY_MEMORY, EligibilityDialog, eligibilityJourney, type EligibilityMemory } from '../dialogs/EligibilityDialog.js';
import { loadEligibility } from '../knowledge/eligibility/loader.js';
import { nationReader } from '../knowledge/eligibility/nations.js';
import { IntentMatcher } from '../knowledge/intents.js';
import { loadKnowledge, type KnowledgeContent } from '../knowledge/loader.js';
import { loadEnglishWords } from '../knowledge/text.js';
import { KnowledgeSearch } from '../knowledge/search.js';
import { createAdapter, isProactiveTurn, type NhsMailAdapter } from './adapter/adapter.js';
import { FAQ_MEMORY, NhsMailBot, stateWorthKeeping, stateWorthSharing } from './bot.js';
import { registerDirectLine, type DirectLineHandle } from './directline/directLine.js';
import { registerMessages } from './http/messages.js';
import { registerPages } from './http/pages.js';
import type { Config } from './config/config.js';
import { answersWithin, openBackend, type Backend, type ConversationStore } from './storage/backend.js';
import { isETagConflict } from './storage/eTagConflict.js';
import { OptimisticConversationState } from './storage/optimisticState.js';
import { isUnavailable, type Database } from './storage/postgres.js';
import { createHelpdesk, type Helpdesk } from './helpdesk/helpdesk.js';
import { insightsFor, type Insights } from './insights/insights.js';
import { MyRequestsDialog, myRequestsJourney } from '../dialogs/MyRequestsDialog.js';
import { RequestDialog } from '../dialogs/RequestDialog.js';
import { requestJourney } from '../dialogs/requestJourney.js';
import { handleUsedSummaryCard } from '../dialogs/usedSummaryCard.js';
import { registerTicketApi } from './helpdesk/ticketApi.js';
import { registerInsightsApi } from './insights/insightsApi.js';
import type { InsightsSource } from './insights/report.js';
import { ticketLabels } from './http/pages.js';
import { childLogger, type Logger } from './logger.js';
import { createServer, type HealthStatus, type RouteRegistrar } from './http/server.js';

export interface AppDeps {
  config: Config;
  logger: Logger;
  kb: KnowledgeContent;
  search: KnowledgeSearch;
  intents: IntentMatcher;
  storage: ConversationStore;
  /** the PostgreSQL pool every store shares when DATABASE_URL is set (closed last) */
  database?: Database;
  conversationState: ConversationState;
  faq: FaqResponder;
  menu: Menu;
  adapter: NhsMailAdapter;
  bot: NhsMailBot;
  helpdesk: Helpdesk;
  /** insight events (turns, tickets) and the report GET /insights shows */
  insights: Insights;
  /** true once the bot can take messages, false again while closing */
  ready(): boolean;
}

export interface App {
  server: Server;
  /** the parts the app is made of, for scripts and tests that look inside */
  deps: AppDeps;
  /** starts the state sweeper, the outbox and the retention sweep; /health says ready from then on */
  start(): void;
  /** stops taking requests, flushes state and stops the helpdesk */
  close(): Promise<void>;
}

/** Parts given from outside instead of built here (tests pass a seeded insights source). */
export interface AppOptions {
  insights?: InsightsSource;
}

export async function createApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<App> {
  const backend = await openBackend(config, childLogger(logger, 'bot:storage'));
  try {
    return await assemble(config, logger, backend, options);
  } catch (err) {
    await backend.close();
    throw err;
  }
}

async function assemble(config: Config, logger: Logger, backend: Backend, options: AppOptions): Promise<App> {
  const log = childLogger(logger, 'bot:app');
  const { database } = backend;
  const kb = loadKnowledge(config.kbDir);
  const search = new KnowledgeSearch(kb.entries, kb.lexicon);
  // typed words are checked against the English dictionary: read it now rather than in the first person's turn
  loadEnglishWords();
  const intents = IntentMatcher.load(config.kbDir);
  const storage = backend.conversationStore({
    // several instances share PostgreSQL, so the FAQ's memory travels with the conversation there
    persist: database ? stateWorthSharing : stateWorthKeeping,
    onWriteError: (err) => log.error({ err }, 'conversation state could not be written; will retry'),
  });
  const conversationState = new OptimisticConversationState(storage);
  const menu = new Menu(kb.replies);
  // Eligibility check: rules from knowledge/content/eligibility.yaml, checked against the same replies at start. The
  // answers read the nations from them too: a question about joining from outside England gets what applies there.
  const eligibility = loadEligibility(config.kbDir, kb.replies);
  const faq = new FaqResponder({
    kb,
    search,
    intents,
    memory: conversationState.createProperty<FaqMemory>(FAQ_MEMORY),
    nations: nationReader(eligibility),
  });
  const interrupts = { intents, replies: kb.replies, menu, faq, botAppId: config.auth.appId };
  const adapter = createAdapter(config);
  const journeys: Journey[] = [];
  const turnHandlers: TurnHandler[] = [];
  const registrars: RouteRegistrar[] = [];

  // The last outcome's facts stay in conversation state for a while, so a change of mind re-runs the decision.
  const eligibilityMemory = conversationState.createProperty<EligibilityMemory | undefined>(ELIGIBILITY_MEMORY);
  journeys.push(eligibilityJourney(new EligibilityDialog({ ...interrupts, content: eligibility, memory: eligibilityMemory, logger: childLogger(logger, 'dialogs:eligibility') }), eligibility));

  // Insights: one event per turn and per ticket change, without personal details.
  const insights = await insightsFor(config, logger, { entries: kb.entries, sources: [...kb.sources.values()], search }, database);

  // Helpdesk requests: tickets, status lookup, the Teams helpdesk channel, the ticket API.
  const helpdesk = await createHelpdesk({ config, logger, adapter, replies: kb.replies, observer: insights.recorder, ...(database ? { database } : {}) });
  journeys.push(
    myRequestsJourney(new MyRequestsDialog(interrupts, helpdesk.service)),
    requestJourney(new RequestDialog(interrupts, { service: helpdesk.service, logger: childLogger(logger, 'dialogs:request') })),
  );
  turnHandlers.push(helpdesk.channel, {
    handle: (context, action) => handleUsedSummaryCard(context, action, { service: helpdesk.service, replies: kb.replies }),
  });
  registrars.push((server) => registerTicketApi(server, { config, service: helpdesk.service, logger }));

  // Insights for editors and helpdesk leads: the report behind /insights, for the helpdesk's callers.
  const reportSource: InsightsSource = options.insights ?? insights;
  const words = { t: (key: string, vars?: Readonly<Record<string, string | number>>) => kb.replies.t(key, vars), ...ticketLabels(kb.replies) };
  registrars.push((server) => registerInsightsApi(server, { config, logger, words, insights: reportSource }));

  // Where people meet the bot: the web chat's Direct Line (local, or Azure token exchange) and the public pages.
  const logic = (context: TurnContext) => bot.run(context);
  let directLine: DirectLineHandle | undefined;
  registrars.push(
    (server) => registerMessages(server, { config, adapter, logger, logic }),
    (server) => (directLine = registerDirectLine(server, { config, adapter, logger, logic, database })),
    (server) => registerPages(server, { config, logger, replies: kb.replies }),
  );

  const root = new RootDialog(interrupts, journeys, turnHandlers);
  const bot = new NhsMailBot({
    conversationState,
    root,
    menu,
    replies: kb.replies,
    logger: childLogger(logger, 'bot:turn'),
    flushState: () => storage.flush(),
    insights: insights.recorder,
  });

  const turnLog = childLogger(logger, 'bot:adapter');
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // a turn the bot started (a delivery) fails to its caller, the outbox, which retries; nothing is posted.
    // State that cannot be read or saved just now (database down, another instance kept winning) is the
    // endpoint's to answer with 503: the channel retries, and the stored state must not be judged corrupt.
    if (isProactiveTurn(context) || isUnavailable(error) || isETagConflict(error)) throw error;
    const conversationId = context.activity.conversation?.id;
    turnLog.error({ err: error, conversationId }, 'turn failed');
    try {
      // a request half-way through survives an unrelated error; only state that would fail every turn is cleared
      if (await bot.hasCorruptState(context)) {
        await conversationState
          .delete(context)
          .then(() => turnLog.warn({ conversationId }, 'conversation state was corrupt and has been cleared'))
          .catch((err: unknown) => turnLog.error({ err, conversationId }, 'corrupt conversation state could not be cleared'));
      }
      await context.sendActivity(kb.replies.t('error.generic', { phone: kb.replies.t('contact.phone') }));
    } catch (sendError) {
      turnLog.warn({ err: sendError, conversationId: context.activity.conversation?.id }, 'could not send the error reply');
    }
  };

  let ready = false;
  const deps: AppDeps = { config, logger, kb, search, intents, storage, database, conversationState, faq, menu, adapter, bot, helpdesk, insights, ready: () => ready };
  const server = createServer(
    {
      maxBodyBytes: config.maxBodyBytes,
      logger,
      health: async (): Promise<HealthStatus> => ({
        ready,
        dependencies: database ? { database: (await answersWithin(database, 2_000)) ? 'up' : 'down' } : {},
        report: {
          knowledgeEntries: kb.entries.length,
          // given up since start: each is logged at error level and recorded on its ticket's deliveryFailures
          deliveries: { pending: helpdesk.outbox.pendingCount(), givenUp: helpdesk.outbox.givenUpCount() },
          // events not yet written, and writes that failed since start (each failure streak is logged once)
          insights: insights.stats(),
        },
      }),
    },
    registrars,
  );

  let sweeper: NodeJS.Timeout | undefined;
  return {
    server,
    deps,
    start() {
      if (sweeper) return;
      const sweepEvery = Math.min(config.stateTtlMs / 4, 3_600_000);
      sweeper = setInterval(() => {
        storage.sweep().catch((err: unknown) => log.warn({ err }, 'state sweep failed'));
      }, sweepEvery);
      sweeper.unref();
      helpdesk.start();
      insights.start();
      ready = true;
    },
    async close() {
      ready = false;
      clearInterval(sweeper);
      // held long-polls answer now rather than holding the close open
      await directLine?.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections would hold close() open until the client drops them.
      server.server.closeIdleConnections();
      await closed;
      await storage.flush();
      await helpdesk.close();
      await insights.close();
      await backend.close();
    },
  };
}
