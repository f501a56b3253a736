-- Up Migration
-- The local Direct Line shared by every instance: conversations, their tokens (sha-256 hashes only) and activity queues.
CREATE TABLE directline_conversations (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  started boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  last_used timestamptz NOT NULL,
  -- the next activity number; taken and bumped in the appending statement, so ids rise in commit order
  next_seq bigint NOT NULL DEFAULT 0
);
CREATE INDEX directline_conversations_unstarted ON directline_conversations (created_at) WHERE NOT started;
CREATE INDEX directline_conversations_last_used ON directline_conversations (last_used);

CREATE TABLE directline_tokens (
  hash text PRIMARY KEY,
  conversation_id text NOT NULL REFERENCES directline_conversations (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL
);
CREATE INDEX directline_tokens_conversation ON directline_tokens (conversation_id);
CREATE INDEX directline_tokens_expires_at ON directline_tokens (expires_at);

CREATE TABLE directline_activities (
  conversation_id text NOT NULL REFERENCES directline_conversations (id) ON DELETE CASCADE,
  seq bigint NOT NULL,
  activity_id text NOT NULL,
  -- serialized bytes, as the per-conversation and global budgets count them
  size integer NOT NULL,
  -- the JSON text as served (never queried inside, so kept verbatim)
  activity text NOT NULL,
  PRIMARY KEY (conversation_id, seq)
);
CREATE INDEX directline_activities_activity_id ON directline_activities (conversation_id, activity_id);

-- One row: the bytes in every queue together, kept by the triggers below so the global budget is one read.
CREATE TABLE directline_totals (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  bytes bigint NOT NULL DEFAULT 0
);
INSERT INTO directline_totals DEFAULT VALUES;

CREATE FUNCTION directline_activities_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM added) THEN
    RETURN NULL;
  END IF;
  UPDATE directline_totals SET bytes = bytes + (SELECT sum(size) FROM added);
  -- wakes the polls waiting on these conversations, on every instance (delivered at commit)
  PERFORM pg_notify('directline_activity', c.conversation_id) FROM (SELECT DISTINCT conversation_id FROM added) c;
  RETURN NULL;
END $$;

CREATE FUNCTION directline_activities_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- a statement that removed nothing leaves the one row unlocked, so appends do not queue behind it
  IF EXISTS (SELECT 1 FROM removed) THEN
    UPDATE directline_totals SET bytes = bytes - (SELECT sum(size) FROM removed);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER directline_activities_added AFTER INSERT ON directline_activities
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directline_activities_added();
CREATE TRIGGER directline_activities_removed AFTER DELETE ON directline_activities
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION directline_activities_removed();

-- Down Migration
DROP TABLE directline_activities;
DROP FUNCTION directline_activities_added();
DROP FUNCTION directline_activities_removed();
DROP TABLE directline_totals;
DROP TABLE directline_tokens;
DROP TABLE directline_conversations;
