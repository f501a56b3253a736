// Child process for bench:turns: serves either the real bot or a bare echo bot, and reports its port over IPC.
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Session } from 'node:inspector/promises';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, MemoryStorage } from 'botbuilder';
import restify from 'restify';
import { startBot } from '../../e2e/httpChat.js';

async function startEcho(): Promise<number> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const state = new ConversationState(new MemoryStorage());
  const turns = state.createProperty<number>('turns');
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await turns.set(context, (await turns.get(context, 0)) + 1);
    await context.sendActivity(`echo: ${context.activity.text}`);
    await state.saveChanges(context);
    await next();
  });
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as AddressInfo).port;
}

const kind = process.argv[2];
const port = kind === 'echo' ? await startEcho() : Number(new URL((await startBot(process.argv[3])).baseUrl).port);
process.send?.({ port });
// With BENCH_PROFILE set, the bench profiles just its measured runs (not start-up or warm-up).
let profiler: Session | undefined;
let profiles = 0;
async function profile(on: boolean): Promise<void> {
  const dir = process.env['BENCH_PROFILE'];
  if (!dir) return;
  if (on) {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  } else if (profiler) {
    const { profile: result } = await profiler.post('Profiler.stop');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${kind}-${process.pid}-${++profiles}.cpuprofile`), JSON.stringify(result));
    profiler.disconnect();
    profiler = undefined;
  }
}
process.on('message', (msg) => {
  void (async () => {
    if (msg === 'profile:start' || msg === 'profile:stop') await profile(msg === 'profile:start');
    process.send?.({ memory: process.memoryUsage(), cpu: process.cpuUsage() });
  })();
});
process.on('disconnect', () => process.exit(0));
