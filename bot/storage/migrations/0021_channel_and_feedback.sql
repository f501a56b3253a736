-- Up Migration
-- The helpdesk's Teams channel registration: at most one row.
CREATE TABLE helpdesk_channel (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  registration jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Questions the bot could not answer and answers marked unhelpful (npm run kb:gaps), personal details already removed.
CREATE TABLE kb_feedback (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('gap', 'feedback')),
  at timestamptz NOT NULL,
  -- GapRecord or FeedbackRecord as the application reads it
  record jsonb NOT NULL,
  -- a digest of the record, so copying a log in (npm run db:import) twice adds nothing
  digest text UNIQUE
);
CREATE INDEX kb_feedback_at ON kb_feedback (at);

-- Down Migration
DROP TABLE kb_feedback;
DROP TABLE helpdesk_channel;
