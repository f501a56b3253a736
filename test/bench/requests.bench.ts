// Plays scripted people through POST /api/messages and prints, per request type, the median turns to file a
// request against the number of details the helpdesk needs for it (goal: turns no more than details).
import { askedFields, TICKET_TYPES, type TicketFields, type TicketType } from '../../helpdesk/model.js';
import { HttpChat, metas, startBot, type ReplyActivity } from '../e2e/httpChat.js';
import { keyOf } from '../support/replies.js';

const MAX_TURNS = 20;
const API_KEY = 'requests-bench-helpdesk-key-0123456789';

/** One person: what they open with, and what they type to each question (by its reply key); one detail they don't know. */
interface Person {
  type: TicketType;
  style: 'facts' | 'bare';
  opening: string;
  says: Record<string, string>;
}

const CONTACT = {
  'request.ask.name': 'Jane Smith',
  'request.ask.nameCurrent': 'Emma Dunn',
  'request.ask.newName': 'Emma Clarke',
  'request.ask.email': 'jane.smith@nhs.net',
  'request.ask.emailContact': 'jane@sunrise-care.co.uk',
  'request.ask.emailMailbox': 'jane.smith@nhs.net',
  'request.ask.mobile': '07700 900123',
  'request.ask.organisation': 'Sunrise Care Home',
  'request.ask.odsCode': "don't know it sorry",
  'request.selfService.ask': "no, I never registered a method",
  'request.mailbox.whoRuns': 'the national helpdesk',
  'request.recordOffer': 'yes',
  'request.deletedStill': 'yes',
  'request.ask.leavingDate': 'friday',
  'request.ask.movingTo': 'Oak House Care',
  'request.ask.extraAccounts': '3',
  'request.ask.justification': 'three new night carers start next month',
  'request.ask.existingInUse': 'i think 9 are, one is on maternity leave',
  'request.ask.sharedMailbox': 'no idea',
  'request.ask.mailboxSize': 'not sure',
  'request.ask.mailboxReason': 'big scanned care plans from the hospital',
  'request.ask.seniorApproval': 'Sam Patel, registered manager',
};

const person = (type: TicketType, style: Person['style'], opening: string, own: Record<string, string> = {}): Person => ({ type, style, opening, says: { ...CONTACT, ...own } });

const PEOPLE: Person[] = [
  person('locked-out', 'facts', "I'm Jane Smith from Sunrise Care Home, locked out of jane.smith@nhs.net"),
  person('locked-out', 'facts', "This is Tom Price at Meadow View, I'm locked out and the self-service reset failed"),
  person('locked-out', 'bare', 'im locked out'),
  person('leaver', 'facts', "Please mark me as a leaver, I'm Sam Jones from Sunrise Care Home, leaving on friday and moving to Oak House"),
  person('leaver', 'facts', "I'm leaving on friday, moving to another care company"),
  person('leaver', 'bare', 'report a leaver'),
  person('name-change', 'facts', 'I got married, my name is now Emma Clarke (was Emma Dunn)'),
  person('name-change', 'facts', 'my surname has changed, emma.dunn@nhs.net', { 'request.ask.nameCurrent': 'Emma Clarke (was Emma Dunn)' }),
  person('name-change', 'bare', "I've changed my name"),
  person('extra-accounts', 'facts', "we need 4 more accounts at Sunrise Care Home because we've taken on 4 new senior carers"),
  person('extra-accounts', 'facts', "I'm Jane Smith, jane@sunrise-care.co.uk, we need 3 more accounts"),
  person('extra-accounts', 'bare', 'we need more than 10 accounts'),
  person('shared-mailbox-access', 'facts', "We've lost access to our shared mailbox sunrise.care@nhs.net, I'm Ann Lee at Willow Lodge"),
  person('shared-mailbox-access', 'facts', 'lost access to the shared mailbox, this is Ann Lee from Willow Lodge'),
  person('shared-mailbox-access', 'bare', 'we have lost access to our shared mailbox'),
  person('deleted-account', 'facts', "my account has been deleted, I'm Ann Lee at Willow Lodge, ann.lee@nhs.net"),
  person('deleted-account', 'facts', "my nhsmail account has been disabled and I can't sign in, this is Ann Lee from Willow Lodge"),
  person('deleted-account', 'bare', 'my account has been deactivated'),
  person('mailbox-size', 'facts', "My mailbox jane.smith@nhs.net is full at 4GB, I'm Jane Smith from Sunrise Care Home"),
  person('mailbox-size', 'facts', "our recoverable items are full and mail has stopped, we joined through NAS. I'm Jane Smith at Sunrise Care Home"),
  person('mailbox-size', 'bare', 'My mailbox is full, can I get more space?'),
];

interface Result {
  person: Person;
  turns: number;
  filed?: string;
  fields?: TicketFields;
  asked: string[];
  transcript: string[];
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** The question on screen: the reply key of the last reply this person has an answer for. */
function questionOf(p: Person, replies: ReplyActivity[]): string | undefined {
  const keys = replies.flatMap((a) => [a.text ?? a.summary ?? '', ...(a.summary ?? a.text ?? '').split('\n\n')]).map((t) => keyOf(t.replace(/^\*\*|\*\*$/g, '')));
  return [...keys].reverse().find((k) => k in p.says);
}

async function play(baseUrl: string, p: Person): Promise<Result> {
  const chat = new HttpChat(baseUrl);
  const transcript: string[] = [];
  const asked: string[] = [];
  let say = p.opening;
  for (let turn = 1; turn <= MAX_TURNS; turn++) {
    const replies = await chat.send(say);
    transcript.push(`  > ${say}`);
    const filed = metas(replies).find((m) => m['kind'] === 'requestFiled');
    if (filed) {
      const res = await fetch(`${baseUrl}/api/tickets/${String(filed['ref'])}`, { headers: { authorization: `Bearer ${API_KEY}` } });
      const ticket = (await res.json()) as { fields: TicketFields };
      return { person: p, turns: turn, filed: String(filed['ref']), fields: ticket.fields, asked, transcript };
    }
    if (metas(replies).some((m) => m['kind'] === 'requestSummary')) {
      say = 'send';
      transcript.push('  < summary');
      continue;
    }
    const question = questionOf(p, replies);
    transcript.push(`  < ${question ?? replies.map((r) => keyOf(r.text ?? r.summary ?? '')).join(' | ')}`);
    if (!question) break;
    asked.push(question);
    say = p.says[question] as string;
  }
  return { person: p, turns: MAX_TURNS, asked, transcript };
}

const bot = await startBot(undefined, { HELPDESK_API_KEY: API_KEY });
const results: Result[] = [];
try {
  for (const p of PEOPLE) results.push(await play(bot.baseUrl, p));
} finally {
  await bot.close();
}

const pad = (s: string | number, n: number) => String(s).padEnd(n);
console.log(`Requests bench: ${PEOPLE.length} people through POST /api/messages (expectReplies), one unknown detail each\n`);
console.log(`${pad('type', 23)}${pad('style', 7)}${pad('filed', 13)}${pad('turns', 7)}${pad('needed', 8)}asked again`);
const repeats = (r: Result) => r.asked.filter((q, i) => r.asked.indexOf(q) !== i).length;
for (const r of results) {
  const needed = askedFields(r.person.type, r.fields ?? {}).length;
  console.log(`${pad(r.person.type, 23)}${pad(r.person.style, 7)}${pad(r.filed ?? 'NOT FILED', 13)}${pad(r.turns, 7)}${pad(needed, 8)}${repeats(r)}`);
  if (!r.filed || process.argv.includes('--verbose')) console.log(r.transcript.join('\n'));
}
console.log('\nper type: median turns to file vs details the helpdesk needs (goal: turns <= details)');
let met = 0;
for (const type of TICKET_TYPES) {
  const mine = results.filter((r) => r.person.type === type);
  const turns = median(mine.map((r) => r.turns));
  const needed = median(mine.map((r) => askedFields(type, r.fields ?? {}).length));
  const ok = turns <= needed && mine.every((r) => r.filed);
  if (ok) met++;
  console.log(`${pad(type, 23)}median turns ${pad(turns, 5)}details needed ${pad(needed, 4)}${ok ? 'ok' : 'OVER'}`);
}
console.log(`\nall filed: ${results.every((r) => r.filed) ? 'yes' : 'NO'}; questions asked twice: ${results.reduce((n, r) => n + repeats(r), 0)}; types within goal: ${met}/${TICKET_TYPES.length}`);
