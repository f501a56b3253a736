// Where the helpdesk channel is: one small private file, used only while the channel's team is on HELPDESK_CHANNEL_ALLOWLIST.
import path from 'node:path';
import type { ConversationReference } from 'botbuilder';
import { Low } from 'lowdb';
import { DurableJSONFile } from '../../helpdesk/durableFile.js';
import { PRIVATE_FILE, makePrivateDir, tightenMode } from '../../lib/privateFiles.js';
import { isTeamAllowed, type AllowedTeam } from './allowList.js';

export interface Registration {
  reference: Partial<ConversationReference>;
  registeredAt: string;
  registeredBy: string;
  /** the channel's tenant and team when it was registered (absent in registrations made before the allow-list) */
  team?: AllowedTeam;
}

/**
 * Where the helpdesk channel is registered, for either backend. `current` and `stored` answer from
 * memory (a card button and a filing ask them inside a turn); a shared backend refreshes them.
 */
export interface HelpdeskChannelRegistry {
  /** the registration, if its team is still allowed */
  readonly current: Registration | undefined;
  /** the registration kept, allowed or not */
  readonly stored: Registration | undefined;
  set(registration: Registration): Promise<void>;
  close(): Promise<void>;
}

/**
 * Where the helpdesk channel is: one small lowdb file. The registration on disk is used (`current`)
 * only while its team is on HELPDESK_CHANNEL_ALLOWLIST; one whose team was taken off is kept
 * (`stored`) but gets no cards and its buttons are refused.
 */
export class ChannelRegistry implements HelpdeskChannelRegistry {
  private constructor(
    private readonly db: Low<{ registration?: Registration }>,
    private readonly allowList: readonly AllowedTeam[],
  ) {}

  /** Opens the file with the project's own adapter, whose temporary file and result are private (lowdb's JSONFile leaves them to the umask). */
  static async open(file: string, allowList: readonly AllowedTeam[] = []): Promise<ChannelRegistry> {
    await makePrivateDir(path.dirname(file));
    await tightenMode(file, PRIVATE_FILE);
    const db = new Low<{ registration?: Registration }>(new DurableJSONFile(file, { fsync: true }), {});
    await db.read();
    return new ChannelRegistry(db, allowList);
  }

  /** The registration, if its team is still allowed. */
  get current(): Registration | undefined {
    const r = this.db.data.registration;
    return r && isTeamAllowed(this.allowList, r.team) ? r : undefined;
  }

  /** The registration on disk, allowed or not. */
  get stored(): Registration | undefined {
    return this.db.data.registration;
  }

  async set(registration: Registration): Promise<void> {
    await this.db.update((d) => {
      d.registration = registration;
    });
  }

  async close(): Promise<void> {}
}

/** A Teams channel conversation id without the thread part (";messageid=..."). */
export const channelConversationId = (id: string) => id.replace(/;messageid=\d+$/, '');
