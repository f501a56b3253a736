import { HttpChat, startBot } from '/work/wt-requests/test/e2e/httpChat.js';
const bot = await startBot();
const convs: string[][] = JSON.parse(process.argv[2]!);
for (const turns of convs) {
  const chat = new HttpChat(bot.baseUrl);
  for (const t of turns) {
    const input = t.startsWith('{') ? { value: JSON.parse(t) } : t;
    const replies = await chat.send(input);
    console.log(`> ${t}`);
    for (const r of replies) console.log(`  < [${r.channelData?.nhsmail?.kind ?? ''}] ${(r.text ?? r.summary ?? JSON.stringify(r.attachments?.[0]?.content).slice(0,300)).replace(/\n+/g,' | ').slice(0,400)}`);
  }
  console.log('---');
}
await bot.close();
