// One structured logger; modules take named children (bot:server, dialogs:faq) from it.
import { pino, type Logger } from 'pino';

export type { Logger };

/** Creates the root logger. Message texts and personal details are never logged at info level. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: undefined,
    redact: { paths: ['*.password', '*.text', 'req.headers.authorization'], censor: '[redacted]' },
  });
}

export function childLogger(parent: Logger, name: string): Logger {
  return parent.child({ name });
}
