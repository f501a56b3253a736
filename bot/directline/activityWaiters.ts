// The polls held open on this instance, by conversation: woken when an activity is appended (in-process in files mode, by
// LISTEN/NOTIFY from any instance on PostgreSQL), so a long-poll answers at once instead of at its time limit.

export interface Waiter {
  /** settles on the next wake for the conversation, after the time limit, on abort, or on close; never rejects */
  woken: Promise<void>;
  /** stops waiting (settles `woken`) */
  cancel(): void;
}

const SETTLED: Waiter = { woken: Promise.resolve(), cancel: () => undefined };

export class ActivityWaiters {
  private readonly waiting = new Map<string, Set<() => void>>();
  private closed = false;

  /** Registers a waiter now (so nothing appended from here on is missed) that settles after at most `ms`. */
  wait(conversationId: string, ms: number, signal?: AbortSignal): Waiter {
    if (this.closed || signal?.aborted || ms <= 0) return SETTLED;
    let settle!: () => void;
    const woken = new Promise<void>((resolve) => (settle = resolve));
    let set = this.waiting.get(conversationId);
    if (!set) this.waiting.set(conversationId, (set = new Set()));
    const waiters = set;
    const finish = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      waiters.delete(finish);
      if (!waiters.size && this.waiting.get(conversationId) === waiters) this.waiting.delete(conversationId);
      settle();
    };
    const timer = setTimeout(finish, ms);
    signal?.addEventListener('abort', finish, { once: true });
    waiters.add(finish);
    return { woken, cancel: finish };
  }

  /** Wakes every poll waiting on the conversation. */
  wake(conversationId: string): void {
    for (const finish of [...(this.waiting.get(conversationId) ?? [])]) finish();
  }

  /** Wakes every poll (after a lost LISTEN connection, say, when a notification may have been missed). */
  wakeAll(): void {
    for (const id of [...this.waiting.keys()]) this.wake(id);
  }

  /** Wakes everyone and answers every later wait at once. */
  close(): void {
    this.closed = true;
    this.wakeAll();
  }

  /** polls held open just now */
  get count(): number {
    let n = 0;
    for (const set of this.waiting.values()) n += set.size;
    return n;
  }
}
