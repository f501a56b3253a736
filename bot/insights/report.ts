// What GET /insights shows, as data: the page, its tables and CSV downloads read this one shape, whichever backend stored the events.

/** Days are UTC calendar days, YYYY-MM-DD; a range includes both ends. */
export interface DateRange {
  from: string;
  to: string;
}

/** A median and 90th percentile in hours, null when nothing was measured. */
export interface Durations {
  count: number;
  medianHours: number | null;
  p90Hours: number | null;
}

export interface QuestionsDay {
  day: string;
  answered: number;
  notSure: number;
  refused: number;
  safety: number;
  /** conversations that day whose question was answered (or lockout solved by self-service) with no request within 7 days */
  solvedWithoutTicket: number;
}

export interface InsightsReport {
  range: DateRange;
  generatedAt: string;
  questionsByDay: QuestionsDay[];
  deflection: {
    /** conversations in the range that asked a question or began a lockout request */
    conversations: number;
    solvedWithoutTicket: number;
    /** solvedWithoutTicket / conversations, 0..1; null when there were none */
    share: number | null;
    /** lockouts solved by self-service password reset */
    selfServiceSolved: number;
    /**
     * of solvedWithoutTicket, those whose 7-day window is still open (answered less than 7 days ago): counted as
     * solved so far, and may yet be undone by a request
     */
    pending?: number;
  };
  topEntries: { entryId: string; title: string; asked: number; helpful: number; unhelpful: number }[];
  unhelpfulEntries: { entryId: string; title: string; unhelpful: number; helpful: number }[];
  /** unanswered questions grouped by similar wording: redacted examples only */
  gapClusters: { label: string; count: number; examples: string[]; closestEntryId: string | null; closestTitle: string | null }[];
  eligibility: { started: number; finished: number; byRoute: { route: string; count: number }[] };
  requests: {
    byTypeAndStatus: { type: string; status: string; count: number }[];
    firstAction: Durations;
    resolution: Durations;
  };
  review: {
    entriesDue: { entryId: string; title: string; reviewed: string; dueOn: string }[];
    staleSources: { source: string; title: string; date: string; reviewBy: string }[];
  };
}

/** Where the page's data comes from: the events store (files or PostgreSQL) behind one interface. */
export interface InsightsSource {
  report(range: DateRange): Promise<InsightsReport>;
}
