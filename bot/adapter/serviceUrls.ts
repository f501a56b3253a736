// Where the bot may send: in anonymous mode only to loopback or an allow-listed origin, so it is never an open relay.
import type { Config } from '../config/config.js';

export function isLoopback(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** In anonymous mode replies may only go to loopback or an allow-listed origin (no open relay). */
export function isServiceUrlAllowed(config: Config, serviceUrl: string | undefined): boolean {
  if (!config.anonymous) return true;
  if (!serviceUrl) return false;
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return isLoopback(url) || config.serviceUrlAllowList.includes(url.origin);
}
