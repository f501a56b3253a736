// Runs work under one key one after another (a requester's filings), in this process; other keys run alongside.
export class KeyedTurns {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `op` once every earlier op under `key` has settled. */
  run<T>(key: string, op: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.then(op, op);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
