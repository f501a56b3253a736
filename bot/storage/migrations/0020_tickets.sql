-- Up Migration
-- Helpdesk tickets and their outbox: a ticket and the events announcing it are written in one transaction.
CREATE SEQUENCE ticket_ref_seq AS bigint MINVALUE 1;

CREATE TABLE tickets (
  seq bigint PRIMARY KEY,
  ref text NOT NULL UNIQUE,
  version integer NOT NULL,
  type text NOT NULL,
  status text NOT NULL,
  requester_key text NOT NULL,
  conversation_key text,
  idempotency_key text UNIQUE,
  created_at timestamptz NOT NULL,
  resolved_at timestamptz,
  -- the whole StoredTicket as the application reads it
  data jsonb NOT NULL
);
CREATE INDEX tickets_requester ON tickets (requester_key, seq DESC);
CREATE INDEX tickets_requester_created ON tickets (requester_key, created_at);
CREATE INDEX tickets_conversation_created ON tickets (conversation_key, created_at) WHERE conversation_key IS NOT NULL;
CREATE INDEX tickets_status_type ON tickets (status, type, seq);
CREATE INDEX tickets_resolved_at ON tickets (resolved_at) WHERE resolved_at IS NOT NULL;

CREATE TABLE outbox_events (
  -- insertion order: a ticket's events for one channel are delivered in this order
  pos bigserial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  ticket_seq bigint NOT NULL REFERENCES tickets (seq) ON DELETE CASCADE,
  channel text NOT NULL,
  type text NOT NULL,
  version integer NOT NULL,
  created_at text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  -- epoch ms, on the workers' clocks
  next_attempt_at bigint NOT NULL DEFAULT 0,
  last_error text,
  claimed_until bigint,
  claimed_by text
);
CREATE INDEX outbox_events_lane ON outbox_events (ticket_seq, channel, pos);
CREATE INDEX outbox_events_channel ON outbox_events (channel, pos);

-- Down Migration
DROP TABLE outbox_events;
DROP TABLE tickets;
DROP SEQUENCE ticket_ref_seq;
