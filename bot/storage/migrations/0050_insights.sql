-- Up Migration
-- Insight events (GET /insights, npm run kb:gaps): kinds, ids and keyed hashes only, never names, addresses, numbers or free text.

-- The key conversation and person ids are hashed with (HMAC), made once: at most one row.
CREATE TABLE insight_keys (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  secret bytea NOT NULL
);

-- One row per turn and per ticket change; the event as the application reads it.
CREATE TABLE insight_events (
  id bigserial PRIMARY KEY,
  day date NOT NULL,
  kind text NOT NULL,
  event jsonb NOT NULL
);
CREATE INDEX insight_events_day ON insight_events (day);

-- Daily counters kept as events arrive: a year's report reads about 365 rows per metric.
CREATE TABLE insight_counters (
  day date NOT NULL,
  metric text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (day, metric)
);

-- Unanswered questions per day by their words (already redacted) and closest entry ('' for none).
CREATE TABLE insight_gaps (
  day date NOT NULL,
  key text NOT NULL,
  closest text NOT NULL,
  example text NOT NULL,
  outcome text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (day, key, closest)
);

-- Conversation-days awaiting their 7-day deflection window; rolled up into insight_counters once it has closed.
CREATE TABLE insight_conversations (
  day date NOT NULL,
  conversation text NOT NULL,
  person text NOT NULL,
  asked boolean NOT NULL,
  solved_at timestamptz,
  self_service_solved boolean NOT NULL,
  PRIMARY KEY (day, conversation)
);

-- Each ticket folded from its events: type, status, filing and first-action times, no details.
CREATE TABLE insight_tickets (
  ref text PRIMARY KEY,
  type text NOT NULL,
  person text NOT NULL,
  filed_at timestamptz NOT NULL,
  status text NOT NULL,
  status_at timestamptz NOT NULL,
  first_action_at timestamptz,
  resolved_at timestamptz
);
CREATE INDEX insight_tickets_filed_at ON insight_tickets (filed_at);

-- Down Migration
DROP TABLE insight_tickets;
DROP TABLE insight_conversations;
DROP TABLE insight_gaps;
DROP TABLE insight_counters;
DROP TABLE insight_events;
DROP TABLE insight_keys;
