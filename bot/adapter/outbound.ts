// The one gate every call from the bot to a channel passes: only to service URLs replies may go to, within a time limit, and none at all from a turn whose replies go back in the HTTP response.
import type { ConnectorClient } from 'botframework-connector';

/** An outbound call the gate refused; nothing was sent. */
export class OutboundRefusedError extends Error {
  constructor(readonly reason: 'expectReplies' | 'serviceUrl') {
    super(reason === 'expectReplies' ? 'a turn with deliveryMode expectReplies makes no outbound call' : 'serviceUrl is not one replies may be sent to');
    this.name = 'OutboundRefusedError';
  }
}

export interface OutboundRules {
  /** true when the bot may send to this URL (see isServiceUrlAllowed) */
  allowed(url: string): boolean;
  /** each HTTP request to a channel is aborted when no answer has come after this long */
  timeoutMs: number;
}

export const ALLOW_ALL: OutboundRules = { allowed: () => true, timeoutMs: 30_000 };

/**
 * What a connector client is for. `reply`: replies and card updates in a turn a channel started (the
 * SDK's own retries kept). `proactive`: deliveries the outbox makes (no retries inside the client, so a
 * 429 and its Retry-After reach the outbox, which owns retrying). `refuse`: an expectReplies turn.
 */
export type ClientUse = 'reply' | 'proactive' | 'refuse';

/** The parts of @azure/core-rest-pipeline's Pipeline this uses. */
interface PipelineRequestLike {
  url: string;
  timeout: number;
}
interface PipelineLike {
  addPolicy(
    policy: { name: string; sendRequest(request: PipelineRequestLike, next: (request: PipelineRequestLike) => Promise<unknown>): Promise<unknown> },
    options?: { phase?: 'Serialize'; afterPhase?: 'Sign' },
  ): void;
  removePolicy(options: { name: string }): unknown;
}

/** core-rest-pipeline's name for the policy that retries 429s (sleeping out Retry-After) and 5xx inside the client. */
const SDK_RETRY_POLICY = 'defaultRetryPolicy';

function pipelineOf(client: ConnectorClient): PipelineLike {
  // botbuilder-stdlib's ServiceClientContext keeps its core-client ServiceClient, and so the pipeline, in `client`
  const pipeline = (client as unknown as { client?: { pipeline?: PipelineLike } }).client?.pipeline;
  if (typeof pipeline?.addPolicy !== 'function') throw new Error('ConnectorClient has no HTTP pipeline to guard');
  return pipeline;
}

/**
 * Puts the gate into a new connector client's HTTP pipeline, which every call the client makes (send,
 * reply, update, delete, create conversation, members...) goes through: once first, before a token is
 * fetched, and once last, after retries and redirects, just before the request leaves.
 */
export function guardClient(client: ConnectorClient, rules: OutboundRules, use: ClientUse): ConnectorClient {
  const pipeline = pipelineOf(client);
  const gate = async (request: PipelineRequestLike, next: (request: PipelineRequestLike) => Promise<unknown>): Promise<unknown> => {
    if (use === 'refuse') throw new OutboundRefusedError('expectReplies');
    if (!rules.allowed(request.url)) throw new OutboundRefusedError('serviceUrl');
    if (!(request.timeout > 0) || request.timeout > rules.timeoutMs) request.timeout = rules.timeoutMs;
    return next(request);
  };
  if (use === 'proactive') pipeline.removePolicy({ name: SDK_RETRY_POLICY });
  pipeline.addPolicy({ name: 'nhsmailOutboundGate', sendRequest: gate }, { phase: 'Serialize' });
  pipeline.addPolicy({ name: 'nhsmailOutboundGateOnWire', sendRequest: gate }, { afterPhase: 'Sign' });
  return client;
}
