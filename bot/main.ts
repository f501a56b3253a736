// Starts the bot: reads the config, builds the app, listens, and shuts down cleanly on a signal.
import { ConfigError, loadConfig } from './config/config.js';
import { createApp } from './app.js';
import { ContentError } from '../knowledge/loader.js';
import { createLogger } from './logger.js';
import { DataDirLockedError } from './storage/dataDirLock.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  let app;
  try {
    app = await createApp(config, logger);
  } catch (err) {
    if (err instanceof ContentError || err instanceof DataDirLockedError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const { server } = app;
  server.listen(config.port, config.host, () => {
    app.start();
    const address = server.address();
    logger.info(
      { port: address.port, dataDir: config.dataDir, anonymous: config.anonymous },
      `NHSmail Assistant listening on http://localhost:${address.port}/`,
    );
    if (config.anonymous) logger.warn('MicrosoftAppId is not set: accepting unauthenticated activities (local use).');
  });
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error('NHSmail Assistant failed to start:', err);
  process.exit(1);
});
