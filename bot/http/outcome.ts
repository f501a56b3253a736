// What a route answers: a status, a JSON body in the one error shape, and Retry-After when the caller should wait.

export interface HttpOutcome {
  status: number;
  body?: unknown;
  /** seconds, sent as Retry-After */
  retryAfter?: number;
}
