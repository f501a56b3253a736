-- Up Migration
-- Conversation state (botbuilder Storage): one row per key, with an eTag for optimistic concurrency.
-- json, not jsonb: the text is kept as written (jsonb refuses \u0000) and nothing queries inside it.
CREATE TABLE conversation_state (
  key text PRIMARY KEY,
  etag text NOT NULL,
  data json NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversation_state_updated_at ON conversation_state (updated_at);

-- Down Migration
DROP TABLE conversation_state;
