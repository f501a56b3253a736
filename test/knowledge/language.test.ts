// Cross-checks content/language.yaml against the code: every list non-empty, every key read, every word list used, and its patterns as the old ones.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { FIELD_NAMES, TICKET_TYPES } from '../../helpdesk/model.js';
import { isRegisterHelpdeskChannel } from '../../knowledge/language/commands.js';
import { defaultLanguage, loadKnowledge } from '../../knowledge/loader.js';
import { CONTENT_DIR, PROJECT_ROOT } from '../../lib/paths.js';

const raw = parse(fs.readFileSync(path.join(CONTENT_DIR, 'language.yaml'), 'utf8')) as Record<string, unknown>;
const language = defaultLanguage();
const languageSource = fs.readFileSync(path.join(PROJECT_ROOT, 'knowledge', 'language', 'language.ts'), 'utf8');

/** Every list in the file, with its path. */
function lists(node: unknown, at: string): [string, unknown[]][] {
  if (Array.isArray(node)) return [[at, node]];
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => lists(v, at ? `${at}.${k}` : k));
  return [];
}

/** Every key in the file, with its path. */
function keys(node: unknown, at: string): string[] {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return [];
  return Object.entries(node).flatMap(([k, v]) => [at ? `${at}.${k}` : k, ...keys(v, at ? `${at}.${k}` : k)]);
}

/** Source that matches with the words, leaving out the file that builds them. */
function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return ['content', 'node_modules'].includes(d.name) ? [] : tsFiles(p);
    return d.name.endsWith('.ts') && !p.endsWith(path.join('language', 'language.ts')) ? [p] : [];
  });
}
const code = ['bot', 'dialogs', 'knowledge', 'helpdesk', 'lib', 'scripts'].flatMap((d) => tsFiles(path.join(PROJECT_ROOT, d))).map((f) => fs.readFileSync(f, 'utf8')).join('\n');

describe('language content', () => {
  it('loads with the rest of the knowledge content', () => {
    expect(loadKnowledge().language.confirm.size).to.be.greaterThan(0);
  });

  it('keeps every list non-empty', () => {
    const all = lists(raw, '');
    expect(all.length).to.be.greaterThan(20);
    for (const [at, list] of all) expect(list, at).to.not.be.empty;
  });

  it('has every key read by the code that builds the matchers', () => {
    const leafNames = keys(raw, '').map((k) => k.split('.').pop() as string);
    // the ordinals are data too: a word and its position ("second: 2"), not a list the code asks for by name
    const ordinals = Object.keys((raw['choices'] as { ordinals: Record<string, number> }).ordinals);
    const dataKeys = new Set([...FIELD_NAMES, ...TICKET_TYPES, ...ordinals, 'version']);
    for (const name of leafNames.filter((n) => !dataKeys.has(n))) expect(`${languageSource}\n${code}`, `language.yaml key "${name}"`).to.match(new RegExp(`\\.${name}\\b`));
  });

  it('has every word list it builds used somewhere in the code', () => {
    const members = [...Object.keys(language), 'unit', 'ten'].filter((k) => !['units', 'tens'].includes(k));
    for (const m of members) expect(code, `Language.${m}`).to.match(new RegExp(`\\.${m}\\b`));
  });

  it('gives words for every request field and every request type', () => {
    expect(Object.keys(language.fieldWords).sort()).to.deep.equal([...FIELD_NAMES].sort());
    expect(Object.keys(language.typeSynonyms).sort()).to.deep.equal([...TICKET_TYPES].sort());
    expect(Object.keys(language.tickets.titles).sort()).to.deep.equal([...TICKET_TYPES].sort());
  });

  it('reads number words as zero to ninety', () => {
    expect([language.unit('zero'), language.unit('nineteen'), language.ten('twenty'), language.ten('ninety'), language.unit('twenty')]).to.deep.equal([0, 19, 20, 90, undefined]);
  });

  const register: [string, boolean][] = [
    ['register helpdesk channel', true],
    ['Register the helpdesk channel', true],
    ['register this as the helpdesk channel', true],
    ['register a helpdesk channel', true],
    ['register as helpdesk channel', true],
    ['register as a helpdesk channel', false],
    ['register the the helpdesk channel', true],
    ['please register helpdesk channel', false],
    ['register  helpdesk channel', false],
    ['register helpdesk channel now', false],
    ['register helpdesk', false],
  ];
  for (const [text, expected] of register) {
    it(`isRegisterHelpdeskChannel(${JSON.stringify(text)}) is ${expected}, as the pattern it replaces`, () => {
      const old = /^register (?:the |a |this )?(?:as )?(?:the )?helpdesk channel$/i;
      expect(old.test(text)).to.equal(expected);
      expect(isRegisterHelpdeskChannel(text)).to.equal(expected);
    });
  }

  it('reads a "did you mean" pick as the code it replaces did', () => {
    // FaqResponder.pickChoice before its words moved to `choices`: the 0-based topic picked of `offered`, or -1 when
    // it reads no pick (it then went on to the titles; "constructor" read Object's own and was no pick either)
    const old = (n: string, offered: number) => {
      const bare = n.replace(/^(?:its |it is |the |option |number |choice |no )+/, '').replace(/(?: one| option| please| thanks)+$/, '');
      const ordinals: Record<string, number> = { first: 0, '1st': 0, second: 1, '2nd': 1, third: 2, '3rd': 2, last: offered - 1 };
      const index = /^\d$/.test(bare) ? Number(bare) - 1 : (ordinals[bare] ?? -1);
      return index >= 0 ? index : -1;
    };
    const c = language.choices;
    const now = (n: string, offered: number) => {
      const bare = n.replace(c.leadIns, '').replace(c.tails, '');
      return /^\d$/.test(bare) ? Number(bare) - 1 : c.last.has(bare) ? offered - 1 : (c.ordinals.get(bare) ?? 0) - 1;
    };
    const probes = [
      '2', 'first', '1st', 'second', '2nd', 'third', '3rd', 'fourth', 'last', 'the last one', 'the second one', 'option 2', 'number 2 please',
      'the 2nd', 'its the first one thanks', 'it is 3', 'no 1', 'choice 3 option', 'the the 2', '2 one one', 'one', 'the one', 'option',
      'its', 'it is', 'the second', 'second please thanks', 'the second one mate', 'number 22', '0', 'option 9', 'it 2', 'is 2', 'itsthe 2',
      'the last', 'last one please', 'constructor', 'tostring', 'valueof', '__proto__', 'the 2 and 3', '', 'nope', 'no', 'the firstone',
    ];
    for (const p of probes) for (const offered of [0, 1, 3]) expect(now(p, offered), `${JSON.stringify(p)} of ${offered}`).to.equal(old(p, offered));
  });

  describe('redaction and count words, as the patterns they replace', () => {
    const OLD = {
      secretWords: String.raw`pass ?words?|passwd|pwd|pw|pass ?codes?|pin|security (?:answers?|questions?)|memorable (?:word|answer)|mfa code|verification code|auth(?:entication)? code|one[- ]time (?:code|passcode|password)|otp`,
      notASecret: String.raw`wrong|expired|incorrect|not|locked|reset|changed|working|broken|invalid|doesnt|isnt|wont|has|have|had|too|the same|different`,
      clauseEnd: String.raw`and|but|so|or|please|thanks|thank`,
      nameIntro: String.raw`[Mm]y name is|[Mm]y name's|[Ii] am|[Ii]'m|[Ii]m|[Tt]his is|[Cc]alled|[Nn]ame:`,
    };
    const probes = [
      'password', 'Passwords', 'pass word', 'pass words', 'passwd', 'pwd', 'pw', 'PIN', 'passcode', 'pass codes', 'security answer',
      'security questions', 'memorable word', 'memorable answer', 'MFA code', 'verification code', 'auth code', 'authentication code',
      'one-time code', 'one time passcode', 'one-time password', 'otp', 'pass', 'passwordy', 'pins', 'security', 'one  time code',
      'wrong', 'the same', 'thesame', 'has', 'hasnt', 'and', 'thank', 'thanks', 'andrew',
      'my name is', 'My name is', 'MY NAME IS', "my name's", 'I am', 'i am', "I'm", 'Im', 'This is', 'called', 'Called', 'Name:', 'name is',
    ];
    for (const [name, old] of Object.entries(OLD)) {
      it(`${name} matches the same words`, () => {
        const flags = name === 'nameIntro' ? '' : 'i';
        const before = new RegExp(`^(?:${old})$`, flags);
        const after = new RegExp(`^(?:${language.redaction[name as keyof typeof OLD]})$`, flags);
        for (const p of probes) expect(after.test(p), p).to.equal(before.test(p));
      });
    }

    it('count words are stripped as before', () => {
      const old = /\s*(?:more|extra|accounts?|users?|people|staff)\b/g;
      for (const p of ['5 more accounts', 'ten extra users', '3 people', '2 staff members', '4 account', '7 moreover', 'twelve']) {
        expect(p.replace(language.countWords, ''), p).to.equal(p.replace(old, ''));
      }
    });
  });
});

describe('Language.withoutSignOff', () => {
  const language = defaultLanguage();
  const cases: [string, string][] = [
    // a letter's closing, with a name or a role after it, is left out; the question's own mark stays
    [
      'Dear Team, I am writing to enquire who issues their NHSmail accounts ahead of the first rotation. Many thanks, Medical Education Administrator',
      'Dear Team, I am writing to enquire who issues their NHSmail accounts ahead of the first rotation.',
    ],
    ['Could you please advise? Kind regards, Jenny', 'Could you please advise?'],
    ['how do i reset my password? thanks in advance for any help you can give', 'how do i reset my password?'],
    ['i need help with mfa, thanks', 'i need help with mfa'],
    ['what is an ods code\nRegards\nPaula (office)', 'what is an ods code'],
    // what is the message itself, a reason, a question after the thanks, or a long sentence stays as typed
    ['ok thanks', 'ok thanks'],
    ['thanks, that sorted it', 'thanks, that sorted it'],
    ['how do I register, thanks to the new rules we need it', 'how do I register, thanks to the new rules we need it'],
    ['that worked, thanks. how do i add a shared mailbox?', 'that worked, thanks. how do i add a shared mailbox?'],
    ['our admin left, cheers for nothing she never told anyone the password to the shared mailbox', 'our admin left, cheers for nothing she never told anyone the password to the shared mailbox'],
  ];
  for (const [text, want] of cases) it(JSON.stringify(text), () => expect(language.withoutSignOff(text)).to.equal(want));
});
