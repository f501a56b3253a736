-- Up Migration
-- Monthly sums of the daily insight counters and unanswered questions, kept with them as events arrive: a year's report
-- reads about 12 rows per metric or wording instead of about 365.
CREATE TABLE insight_month_counters (
  month date NOT NULL,
  metric text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (month, metric)
);

-- example and outcome: the least seen, as a range over the days reads them; last_day: the latest day asked
CREATE TABLE insight_month_gaps (
  month date NOT NULL,
  key text NOT NULL,
  closest text NOT NULL,
  example text NOT NULL,
  outcome text NOT NULL,
  last_day date NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (month, key, closest)
);

INSERT INTO insight_month_counters (month, metric, n)
  SELECT date_trunc('month', day::timestamp)::date, metric, sum(n) FROM insight_counters GROUP BY 1, 2;
INSERT INTO insight_month_gaps (month, key, closest, example, outcome, last_day, n)
  SELECT date_trunc('month', day::timestamp)::date, key, closest, min(example), min(outcome), max(day), sum(n) FROM insight_gaps GROUP BY 1, 2, 3;

-- Down Migration
DROP TABLE insight_month_gaps;
DROP TABLE insight_month_counters;
