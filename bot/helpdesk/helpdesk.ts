// Builds the helpdesk for the running bot: ticket store, service, outbox and its deliverers, retention, the Teams channel.
import path from 'node:path';
import { PgTicketStore } from '../../helpdesk/pgTicketStore.js';
import { LowTicketStore, type TicketStore } from '../../helpdesk/ticketStore.js';
import { OutboxWorker } from '../../helpdesk/outbox.js';
import { RetentionSweeper } from '../../helpdesk/retention.js';
import { HelpdeskService, REQUESTER_CHANNEL, type TicketObserver } from '../../helpdesk/service.js';
import { webhookDeliverer } from '../../helpdesk/webhook.js';
import type { Replies } from '../../knowledge/replies.js';
import type { NhsMailAdapter } from '../adapter/adapter.js';
import type { Config } from '../config/config.js';
import type { Database } from '../storage/postgres.js';
import { ChannelRegistry, type HelpdeskChannelRegistry } from './channelRegistry.js';
import { PgChannelRegistry } from './pgChannelRegistry.js';
import { TeamsDeliverers } from './deliverers.js';
import { HelpdeskChannel, TEAMS_CHANNEL } from './helpdeskChannel.js';
import { childLogger, type Logger } from '../logger.js';

export const WEBHOOK_CHANNEL = 'webhook';
/** With PostgreSQL, how often each instance looks for events other instances left (their retries, the claims of one that died). */
const SHARED_OUTBOX_POLL_MS = 1_000;

export interface Helpdesk {
  store: TicketStore;
  service: HelpdeskService;
  outbox: OutboxWorker;
  retention: RetentionSweeper;
  channel: HelpdeskChannel;
  registry: HelpdeskChannelRegistry;
  /** starts delivery and the retention sweep */
  start(): void;
  /** stops the timers, lets deliveries under way finish, and closes the store */
  close(): Promise<void>;
}

/** With a database the tickets, outbox and channel registration are shared by every instance; without one they are files in DATA_DIR. */
export async function createHelpdesk(deps: { config: Config; logger: Logger; adapter: NhsMailAdapter; replies: Replies; database?: Database; observer?: TicketObserver }): Promise<Helpdesk> {
  const { config, adapter, replies, database } = deps;
  const log = childLogger(deps.logger, 'helpdesk');
  const dir = path.join(config.dataDir, 'helpdesk');
  const allowList = config.helpdesk.channelAllowList;
  const store = database ? new PgTicketStore(database.pool) : await LowTicketStore.open(path.join(dir, 'tickets'));
  const registry = database
    ? await PgChannelRegistry.open(database.pool, allowList, { onRefreshError: (err) => log.warn({ err }, 'could not read the helpdesk channel registration; keeping the last one read') })
    : await ChannelRegistry.open(path.join(dir, 'channel.json'), allowList);
  const { webhookUrl, webhookSecret, apiKey, retentionDays } = config.helpdesk;
  const webhook = webhookUrl && webhookSecret ? { url: webhookUrl, secret: webhookSecret } : undefined;

  const service = new HelpdeskService(store, {
    filingLimit: config.helpdesk.filingLimit,
    ...(deps.observer ? { observer: deps.observer } : {}),
    channels: () => [...(webhook ? [WEBHOOK_CHANNEL] : []), ...(registry.current ? [TEAMS_CHANNEL] : [])],
  });
  const outbox = new OutboxWorker(store, {
    logger: childLogger(deps.logger, 'helpdesk:outbox'),
    maxAgeMs: config.helpdesk.deliveryMaxAgeMs,
    deliveryTimeoutMs: config.helpdesk.deliveryTimeoutMs,
    ...(database ? { pollIntervalMs: SHARED_OUTBOX_POLL_MS } : {}),
  });
  const deliverers = new TeamsDeliverers({ registry, service, adapter, config, replies });
  const channel = new HelpdeskChannel({ registry, service, deliverers, config, replies, logger: log });
  if (webhook) outbox.register(WEBHOOK_CHANNEL, webhookDeliverer(webhook));
  outbox.register(TEAMS_CHANNEL, (event, ticket) => deliverers.deliverCard(event, ticket));
  outbox.register(REQUESTER_CHANNEL, (event, ticket) => deliverers.notifyRequester(event, ticket));
  const retention = new RetentionSweeper(store, {
    days: retentionDays,
    onPurged: (count) => log.info({ count, retentionDays }, 'purged resolved tickets past retention'),
    onError: (err) => log.error({ err }, 'retention sweep failed'),
  });

  if (!apiKey) log.warn('HELPDESK_API_KEY is not set: /api/tickets answers 401 to every call');
  if (!config.helpdesk.channelAllowList.length) log.info('HELPDESK_CHANNEL_ALLOWLIST is empty: no Teams channel can be registered as the helpdesk channel');
  if (registry.stored && !registry.current) {
    const team = registry.stored.team;
    log.warn({ tenantId: team?.tenantId, teamId: team?.teamId }, 'the registered helpdesk channel\'s team is not on HELPDESK_CHANNEL_ALLOWLIST: no cards go there and its buttons are refused until it is added, or another channel is registered');
  }
  if (!webhook) log.info('HELPDESK_WEBHOOK_URL is not set: tickets are not pushed to a webhook');
  log.info({ tickets: await store.count(), pendingDeliveries: await store.pendingCount() }, 'helpdesk ready');

  return {
    store,
    service,
    outbox,
    retention,
    channel,
    registry,
    start() {
      outbox.start();
      retention.start();
    },
    async close() {
      await retention.stop();
      await outbox.stop();
      await registry.close();
      await store.close();
    },
  };
}
