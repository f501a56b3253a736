-- Up Migration
-- Days of insight events copied from a one-machine install's files (npm run db:import): a day is copied once, so a
-- second run adds nothing, while the events the bot itself stores for that day are left alone.
CREATE TABLE insight_imports (
  day date PRIMARY KEY,
  events integer NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE insight_imports;
