// ConversationState that saves with the eTag it read: botbuilder 4.23's BotState.saveChanges always writes '*' (last write wins), which would hide two instances answering one conversation at once.
import { ConversationState, type Storage, type StoreItems } from 'botbuilder';

/** A view of a store that remembers the eTag each item was read with and sends it back where BotState sends '*'. */
class ReadETags implements Storage {
  /** keyed by the very object BotState caches for the turn and later hands to write() */
  private readonly seen = new WeakMap<object, string>();

  constructor(private readonly inner: Storage) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items = await this.inner.read(keys);
    for (const item of Object.values(items) as unknown[]) {
      const eTag = (item as { eTag?: unknown } | null)?.eTag;
      if (typeof eTag === 'string') this.seen.set(item as object, eTag);
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const items = Object.entries(changes) as [string, Record<string, unknown>][];
    const out: StoreItems = {};
    for (const [key, item] of items) {
      const read = this.seen.get(item);
      out[key] = read !== undefined && item['eTag'] === '*' ? { ...item, eTag: read } : item;
    }
    await this.inner.write(out);
    // the stored eTag has changed; a second save in the same turn is the turn's own and overwrites
    for (const [, item] of items) this.seen.delete(item);
  }

  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}

/**
 * Conversation state whose save is refused (ETagConflictError from the store) when another turn saved the same
 * conversation after this turn read it. A conversation with nothing stored yet, or state cleared in the turn,
 * is written unconditionally, as botbuilder's contract has it for an item without an eTag.
 */
export class OptimisticConversationState extends ConversationState {
  constructor(storage: Storage) {
    super(new ReadETags(storage));
  }
}
