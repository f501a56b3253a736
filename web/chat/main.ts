// Boots the standard Web Chat widget on the support page: branding, a Direct Line token from the bot, and status messages.
import { parseChatOptions } from './options.js';
import { pageText, type PageText } from '../shared/pageText.js';
import type { DirectLine, WebChatGlobal } from '../shared/webchat.js';

interface PageConfig {
  /** CSP nonce for the styles Web Chat injects */
  nonce: string;
  /** the page's words (replies page.chat.*), from the server */
  text?: PageText;
}

interface TokenResponse {
  token: string;
  conversationId: string;
  expiresIn: number;
  domain?: string;
}

const TEXT = '#212b32';
const SUBTLE = '#4c6272';
const PALE = '#f0f4f5';
const FONT = 'Arial, "Helvetica Neue", Helvetica, sans-serif';

/** Direct Line connection states (botframework-directlinejs ConnectionStatus). */
const ConnectionStatus = { ExpiredToken: 3, FailedToConnect: 4, Ended: 5 } as const;

function element<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
}

function readConfig(): PageConfig {
  try {
    return JSON.parse(element('chat-config').textContent ?? '{}') as PageConfig;
  } catch {
    return { nonce: '' };
  }
}

const config = readConfig();
const t = pageText(config.text);

function showStatus(text: string): void {
  element('chat-status').textContent = text;
}

async function fetchToken(): Promise<TokenResponse> {
  const res = await fetch('/api/directline/token', { method: 'POST', headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (!res.ok) throw new Error(`token request answered ${res.status}`);
  return (await res.json()) as TokenResponse;
}

function watchConnection(directLine: DirectLine): void {
  directLine.connectionStatus$.subscribe({
    next(status: number) {
      if (status === ConnectionStatus.ExpiredToken || status === ConnectionStatus.Ended) {
        showStatus(t('page.chat.ended'));
      } else if (status === ConnectionStatus.FailedToConnect) {
        showStatus(t('page.chat.lostConnection'));
      }
    },
  });
}

async function main(): Promise<void> {
  const options = parseChatOptions(new URLSearchParams(location.search), t('page.chat.title'));
  document.documentElement.lang = options.locale;
  document.documentElement.style.setProperty('--accent', options.accent);
  document.body.classList.toggle('embed', options.embed);
  element('chat-title').textContent = options.title;
  if (options.embed) document.title = options.title;

  const WebChat = (window as unknown as { WebChat?: WebChatGlobal }).WebChat;
  if (!WebChat) {
    showStatus(t('page.chat.notLoaded'));
    return;
  }
  let token: TokenResponse;
  try {
    token = await fetchToken();
  } catch {
    showStatus(t('page.chat.notStarted'));
    return;
  }
  const directLine = WebChat.createDirectLine({
    domain: token.domain ?? `${location.origin}/v3/directline`,
    token: token.token,
    webSocket: false,
  });
  watchConnection(directLine);

  WebChat.renderWebChat(
    {
      directLine,
      locale: options.locale,
      nonce: config.nonce,
      styleOptions: {
        accent: options.accent,
        primaryFont: FONT,
        backgroundColor: '#ffffff',
        botAvatarImage: '/static/avatar.png',
        botAvatarInitials: t('page.chat.botInitials'),
        userAvatarInitials: t('page.chat.userInitials'),
        avatarSize: 36,
        bubbleBackground: PALE,
        bubbleTextColor: TEXT,
        bubbleBorderColor: PALE,
        bubbleBorderRadius: 8,
        bubbleFromUserBackground: options.accent,
        bubbleFromUserBorderColor: options.accent,
        bubbleFromUserTextColor: '#ffffff',
        bubbleFromUserBorderRadius: 8,
        bubbleMaxWidth: 560,
        hideUploadButton: true,
        // A reply can be taller than a phone's screen (an answer card, then the check's next question). Web Chat
        // would follow it to the end and leave the answer scrolled off the top with the related questions in view.
        // It stops scrolling once the first reply's top reaches the top of the transcript (a little of the question
        // stays above it), and offers its "new messages" button for the rest.
        autoScrollSnapOnPage: true,
        autoScrollSnapOnPageOffset: -24,
        sendBoxButtonColor: options.accent,
        sendBoxTextColor: TEXT,
        sendBoxPlaceholderColor: SUBTLE,
        subtle: SUBTLE,
        timestampColor: SUBTLE,
        suggestedActionTextColor: options.accent,
        suggestedActionBorderColor: options.accent,
        transcriptVisualKeyboardIndicatorColor: TEXT,
        transcriptActivityVisualKeyboardIndicatorColor: TEXT,
      },
    },
    element('webchat'),
  );
}

main().catch(() => showStatus(t('page.chat.failed')));
