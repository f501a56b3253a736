// The one error both conversation-state stores throw when a write's eTag is stale, so the bot can tell a lost race from a failure.
export class ETagConflictError extends Error {
  constructor(key: string) {
    super(`Storage: eTag conflict writing "${key}"`);
    this.name = 'ETagConflictError';
  }
}

/** True when a state write was refused because another writer changed the item since it was read. */
export function isETagConflict(err: unknown): boolean {
  return err instanceof ETagConflictError;
}
