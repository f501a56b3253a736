// What the helpdesk's Teams tabs (tickets, insights) share: values kept for the browser tab's session only, and
// connecting to Teams when hosted there (theme, user name), so each tab signs in the same way.
import { app } from '@microsoft/teams-js';

/** The helpdesk key, kept under one name so signing in on one helpdesk page serves the others in the same browser tab. */
export const KEY_STORAGE = 'nhsmail-helpdesk-key';

export interface TeamsInfo {
  theme: string;
  userName?: string;
}

const TEAMS_TIMEOUT_MS = 3000;

/**
 * A value kept for the browser tab's session only. Storage can be refused (a third-party frame with
 * storage blocked), so it falls back to memory rather than breaking the page.
 */
export function sessionValue(name: string) {
  let memory: string | null = null;
  const storage = (): Storage | undefined => {
    try {
      return window.sessionStorage;
    } catch {
      return undefined;
    }
  };
  return {
    get: (): string | null => {
      try {
        return storage()?.getItem(name) ?? memory;
      } catch {
        return memory;
      }
    },
    set(value: string): void {
      memory = value;
      try {
        storage()?.setItem(name, value);
      } catch {
        // memory only
      }
    },
    clear(): void {
      memory = null;
      try {
        storage()?.removeItem(name);
      } catch {
        // memory only
      }
    },
  };
}

/** Connects to Teams when hosted there and follows its theme; resolves undefined on a plain page (no parent answers in time). */
export async function connectTeams(onTheme: (theme: string) => void): Promise<TeamsInfo | undefined> {
  if (window.parent === window) return undefined;
  try {
    await Promise.race([
      app.initialize(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('Teams did not answer')), TEAMS_TIMEOUT_MS)),
    ]);
    const context = await app.getContext();
    app.registerOnThemeChangeHandler(onTheme);
    app.notifySuccess();
    return { theme: context.app.theme, userName: context.user?.displayName ?? context.user?.userPrincipalName };
  } catch {
    return undefined;
  }
}
