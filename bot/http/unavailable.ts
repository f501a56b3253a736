// The answers for a request whose state cannot be read or saved just now: 503 with Retry-After, never a 500, so channels and callers retry.
import { isETagConflict } from '../storage/eTagConflict.js';
import { isUnavailable } from '../storage/postgres.js';
import { ERRORS, httpError } from './errors.js';
import type { HttpOutcome } from './outcome.js';

/** The database is down or restarting (seen through botbuilder's and the stores' wrapping), or another instance kept saving the conversation first. */
export function unavailableOutcome(err: unknown): HttpOutcome | undefined {
  if (isUnavailable(err)) return httpError(ERRORS.serviceUnavailable);
  if (isETagConflict(err)) return httpError(ERRORS.conversationBusy);
  return undefined;
}
