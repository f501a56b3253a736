// The one-script-tag embed for provider sites: puts the chat page in an iframe inside the site's container.
// <script src="https://BOT/embed.js" data-container="nhsmail-chat" data-title="..." data-accent="#005eb8" data-locale="en-GB" async></script>

const DEFAULT_CONTAINER = 'nhsmail-assistant';
const DEFAULT_HEIGHT = '640px';

function boot(script: HTMLScriptElement): void {
  const d = script.dataset;
  const origin = new URL(script.src, location.href).origin;
  const containerId = d.container || DEFAULT_CONTAINER;
  const container = document.getElementById(containerId);
  if (!container) {
    console.warn(`NHSmail Assistant: no element with id "${containerId}" to put the chat in.`);
    return;
  }
  const params = new URLSearchParams({ embed: '1' });
  if (d.title) params.set('title', d.title);
  if (d.accent) params.set('accent', d.accent);
  if (d.locale) params.set('locale', d.locale);

  const frame = document.createElement('iframe');
  frame.src = `${origin}/?${params.toString()}`;
  frame.title = d.title || 'NHSmail support assistant';
  frame.style.width = '100%';
  frame.style.height = /^\d{2,4}(px|vh|%)$/.test(d.height ?? '') ? d.height! : DEFAULT_HEIGHT;
  frame.style.border = '1px solid #d8dde0';
  frame.style.borderRadius = '8px';
  frame.setAttribute('referrerpolicy', 'strict-origin');
  // The widget may run scripts, keep its own origin (for its token), and open links in new tabs; it may
  // not navigate the provider's page.
  frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox');
  frame.setAttribute('loading', 'lazy');
  container.replaceChildren(frame);
}

const current = document.currentScript as HTMLScriptElement | null;
if (current) {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => boot(current));
  else boot(current);
} else {
  console.warn('NHSmail Assistant: embed.js must be loaded with a classic <script> tag.');
}
