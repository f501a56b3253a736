// What the helpdesk's Teams tabs (tickets, insights) share: values kept for the browser tab's session only,
// connecting to Teams when hosted there (theme, user name), and signing in (Teams SSO, else the helpdesk key),
// so each tab signs in the same way.
import { app, authentication } from '@microsoft/teams-js';
import type { Say } from './pageText.js';

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

/** The element with this id; a missing one is a fault in the page, so it throws. */
export const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
};

/** Says how things stand in the page's live region (#status). */
export function setStatus(text: string, error = false): void {
  const el = $('status');
  el.textContent = text;
  el.classList.toggle('status--error', error);
}

/** The page's reply keys for the words every tab's sign-in says (each page has its own, under its prefix). */
export interface SignInKeys {
  signInPrompt: string;
  enterKey: string;
  ssoFailed: string;
  teamsUser: string;
  signInFirst: string;
}

export interface TabSessionOptions {
  t: Say;
  keys: SignInKeys;
  /** Entra app id for Teams SSO; absent: sign in with the helpdesk key */
  ssoAppId?: string;
  /** the ids of the page's sections other than #signin; show() shows one of them at a time */
  sections: readonly string[];
  /** the page's API error for a call made before signing in (status 401) */
  notSignedIn: (message: string) => Error;
  /** loads the page's data once signed in (it handles its own errors) */
  load: () => Promise<void>;
  /** after the theme changes (a page that draws in the theme's colours draws again) */
  onTheme?: () => void;
  /** when the sign-in form is sent with a key: the page keeps its other fields */
  onSignIn?: () => void;
  /** when signing out: the page forgets what it kept */
  onSignOut?: () => void;
}

export interface TabSession {
  /** Teams, when the page is hosted there */
  readonly teams: TeamsInfo | undefined;
  /** the credential for the page's API calls; before signing in, the page's 401 error */
  credential(): Promise<string>;
  /** Shows #signin or one of the page's sections, and the sign-out button only when a key was used. */
  show(section: string): void;
  /** The sign-in form, with a message on what went wrong (none: the prompt). */
  showSignIn(message?: string): void;
  /** The API refused the credential: forget it and ask again, saying why. */
  refused(message: string): void;
  /** Wires the sign-in form and sign-out, follows the theme, joins Teams if hosted there, and signs in: SSO, a key kept from before, or the form. */
  start(): Promise<void>;
}

/** The sign-in and page state the helpdesk tabs share; each page passes its own reply keys, sections and loader. */
export function createTabSession(options: TabSessionOptions): TabSession {
  const { t, keys } = options;
  const keyStore = sessionValue(KEY_STORAGE);
  let teams: TeamsInfo | undefined;
  let credential: (() => Promise<string>) | undefined;

  const applyTheme = (theme: string): void => {
    document.body.dataset.theme = theme === 'dark' || theme === 'contrast' ? theme : 'default';
    options.onTheme?.();
  };
  const useKey = (key: string): void => {
    credential = () => Promise.resolve(key);
  };
  const show = (section: string): void => {
    for (const id of ['signin', ...options.sections]) $(id).hidden = id !== section;
    $('sign-out').hidden = section === 'signin' || !keyStore.get();
  };
  const showSignIn = (message = ''): void => {
    show('signin');
    $('key-error').textContent = message;
    $<HTMLInputElement>('key').setAttribute('aria-invalid', message ? 'true' : 'false');
    setStatus(message ? '' : t(keys.signInPrompt));
    $<HTMLInputElement>('key').focus();
  };

  const wire = (): void => {
    $('signin-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const key = $<HTMLInputElement>('key').value.trim();
      if (!key) {
        showSignIn(t(keys.enterKey));
        return;
      }
      keyStore.set(key);
      options.onSignIn?.();
      $<HTMLInputElement>('key').value = '';
      useKey(key);
      void options.load();
    });
    $('sign-out').addEventListener('click', () => {
      keyStore.clear();
      options.onSignOut?.();
      credential = undefined;
      showSignIn();
    });
  };

  return {
    get teams() {
      return teams;
    },
    credential: () => (credential ? credential() : Promise.reject(options.notSignedIn(t(keys.signInFirst)))),
    show,
    showSignIn,
    refused(message) {
      keyStore.clear();
      credential = undefined;
      showSignIn(message);
    },
    async start() {
      wire();
      applyTheme(matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'default');
      teams = await connectTeams(applyTheme);
      if (teams) {
        applyTheme(teams.theme);
        if (teams.userName) $('who').textContent = t(keys.teamsUser, { name: teams.userName });
      }
      let ssoFailed = false;
      if (teams && options.ssoAppId) {
        credential = () => authentication.getAuthToken();
        try {
          await credential();
          await options.load();
          return;
        } catch {
          credential = undefined;
          ssoFailed = true;
        }
      }
      const saved = keyStore.get();
      if (saved) {
        useKey(saved);
        await options.load();
        return;
      }
      showSignIn();
      if (ssoFailed) setStatus(t(keys.ssoFailed), true);
    },
  };
}
