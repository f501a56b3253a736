// Cross-checks the real knowledge content: ids, provenance, links, reply keys defined and used, and no answer asks for a password.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { loadKnowledge } from '../../knowledge/loader.js';
import { CONTENT_DIR, PROJECT_ROOT } from '../../lib/paths.js';
import { TICKET_TYPES } from '../../helpdesk/vocabulary.js';
import { SEED_FILE } from '../../knowledge/schema.js';
import { KnowledgeSearch } from '../../knowledge/search.js';
import { normalise } from '../../knowledge/check.js';

const kb = loadKnowledge();
const faqDir = path.join(CONTENT_DIR, 'faq');

/** Every entry id as written in the files, before the loader could merge or drop any. */
const rawIds = fs
  .readdirSync(faqDir)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => (parse(fs.readFileSync(path.join(faqDir, f), 'utf8')) as { entries: { id: string }[] }).entries.map((e) => e.id));

/** Source folders whose code asks for replies by key (web: the pages' texts, given to them by the server). */
const CODE_DIRS = ['bot', 'dialogs', 'cards', 'knowledge', 'helpdesk', 'web'];
function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'content' || d.name === 'node_modules' ? [] : tsFiles(p);
    return d.name.endsWith('.ts') && !d.name.endsWith('.d.ts') ? [p] : [];
  });
}
const code = CODE_DIRS.flatMap((d) => tsFiles(path.join(PROJECT_ROOT, d))).map((file) => ({
  file: path.relative(PROJECT_ROOT, file),
  text: fs.readFileSync(file, 'utf8'),
}));

/** Keys built at run time from a prefix; each has its own content test that checks them. */
const DYNAMIC_PREFIXES = ['eligibility.', 'request.', 'ticket.'];

/** A sentence that tells someone to hand over a password (and does not say "never"). */
function asksForPassword(text: string): string | undefined {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .find(
      (s) =>
        /\b(send|tell|give|email|e-mail|text|type|provide|include|share|reply with|let us know)\s+(?:(?:it|us|me|them|the helpdesk|your manager)\s+)?(?:your|their|the)\s+(?:current\s+|existing\s+|account\s+|nhsmail\s+)?pass(?:word|code)s?\b/i.test(s) &&
        !/\b(never|not|don'?t|won'?t|no one|nobody|without)\b/i.test(s),
    );
}

const isRealDay = (d: string) => {
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
};

/** The source pages' texts, one string: an evidence quote copies them verbatim, contact details included. */
const sourceTexts = normalise(
  fs
    .readdirSync(path.join(PROJECT_ROOT, 'knowledge', 'sources'))
    .map((f) => fs.readFileSync(path.join(PROJECT_ROOT, 'knowledge', 'sources', f), 'utf8'))
    .join('\n'),
);
const isQuote = (line: string) => {
  const quote = line.replace(/^\s*(?:-\s*)?(?:quote:\s*)?/, '').replace(/^["']|["']$/g, '');
  return quote.length > 20 && sourceTexts.includes(normalise(quote));
};

describe('knowledge content', () => {
  it('has at least 50 entries', () => {
    expect(kb.entries.length).to.be.at.least(50);
  });

  it('uses each entry id once across all files', () => {
    const dupes = rawIds.filter((id, i) => rawIds.indexOf(id) !== i);
    expect(dupes).to.deep.equal([]);
    expect(kb.byId.size).to.equal(kb.entries.length);
  });

  it('gives every entry at least 5 phrasings, none of them repeated', () => {
    for (const e of kb.entries) {
      expect(e.phrasings.length, e.id).to.be.at.least(5);
      const lower = e.phrasings.map((p) => p.toLowerCase().trim());
      expect(new Set(lower).size, `${e.id}: repeated phrasing`).to.equal(lower.length);
    }
  });

  it('gives every entry its provenance: a source in sources.yaml and a real review date no earlier than the source', () => {
    for (const e of kb.entries) {
      const source = kb.sources.get(e.source);
      expect(source, e.id).to.not.equal(undefined);
      expect(isRealDay(e.reviewed), `${e.id}: reviewed ${e.reviewed}`).to.equal(true);
      const sourceDay = source!.date?.slice(0, 4) ?? '';
      expect(e.reviewed >= sourceDay, `${e.id}: reviewed ${e.reviewed} before its source ${source!.date}`).to.equal(true);
    }
  });

  it('describes every source with a real review-by day, and its text file only when one is there', () => {
    for (const s of kb.sources.values()) {
      expect(isRealDay(s.reviewBy), `${s.id}: reviewBy ${s.reviewBy}`).to.equal(true);
      expect(fs.existsSync(path.join(PROJECT_ROOT, 'knowledge', 'sources', s.text)), `${s.id}: ${s.text}`).to.equal(true);
      if (SEED_FILE.test(s.id)) expect(s.text, s.id).to.equal(s.id);
    }
  });

  it('links only to entries that exist, never to itself', () => {
    for (const e of kb.entries) {
      for (const r of e.related) {
        expect(kb.byId.has(r), `${e.id} -> ${r}`).to.equal(true);
        expect(r, `${e.id} relates to itself`).to.not.equal(e.id);
      }
    }
  });

  it('points only at helpdesk request types the bot can file', () => {
    for (const e of kb.entries) {
      if (e.helpdesk !== null) expect(TICKET_TYPES as readonly string[], e.id).to.include(e.helpdesk);
    }
  });

  it('finds every entry by its own question and its own title', () => {
    const search = new KnowledgeSearch(kb.entries, kb.lexicon);
    for (const e of kb.entries) {
      for (const text of [e.question, e.title]) {
        const out = search.search(text);
        const first = out.kind === 'answer' ? out.best : out.candidates[0];
        expect(first?.entry.id, `"${text}"`).to.equal(e.id);
      }
    }
  });

  describe('reply keys', () => {
    const defined = new Set(kb.replies.keys());
    const referenced = code.flatMap(({ file, text }) =>
      [...text.matchAll(/\bt\(\s*(['"])([a-zA-Z][\w.]*)\1/g)].map((m) => ({ file, key: m[2] as string })),
    );

    it('finds the reply calls in the code (the scan itself works)', () => {
      expect(referenced.map((r) => r.key)).to.include.members(['help.text', 'cancel.nothing', 'offTopic.text']);
    });

    it('defines every key the code asks for', () => {
      const missing = referenced.filter((r) => !defined.has(r.key)).map((r) => `${r.file}: ${r.key}`);
      expect(missing).to.deep.equal([]);
    });

    it('uses every key it defines', () => {
      const quoted = (key: string) => new RegExp(`(['"\`])${key.replace(/\./g, '\\.')}\\1`);
      const unused = [...defined]
        .filter((key) => !DYNAMIC_PREFIXES.some((p) => key.startsWith(p)))
        // the lexicon's gaps name their replies (the loader checks each exists)
        .filter((key) => !kb.lexicon.gaps.some((g) => g.reply === key))
        .filter((key) => !code.some(({ text }) => quoted(key).test(text)));
      expect(unused).to.deep.equal([]);
    });
  });

  it('writes the helpdesk phone number and email only in contact.*: everything else says {phone} and {email}', () => {
    const contacts = Object.values(kb.replies.contacts);
    expect(contacts).to.include.members([kb.replies.t('contact.phone'), kb.replies.t('contact.email')]);
    const files = fs.readdirSync(CONTENT_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
    const literal = files.flatMap((f) =>
      fs
        .readFileSync(path.join(CONTENT_DIR, f), 'utf8')
        .split('\n')
        .filter((line) => !/^\s*contact\.\w+:/.test(line))
        .filter((line) => !isQuote(line))
        // (the questions people typed, which the learned model trains on, are never shown: "does everything go to
        // helpdesk@nhs.net?" is how they ask)
        .filter((line) => !(f === 'examples.yaml' && /^\s*- q:/.test(line)))
        .filter((line) => contacts.some((c) => new RegExp(`(?<![\\w.])${c.replace(/[.+]/g, '\\$&')}`).test(line)))
        .map((line) => `${f}: ${line.trim()}`),
    );
    expect(literal).to.deep.equal([]);
  });

  describe('never asks for a password', () => {
    it('recognises a request for a password (the check itself works)', () => {
      expect(asksForPassword('To reset it, email your password to helpdesk@nhs.net.')).to.be.a('string');
      expect(asksForPassword('Please type your current password here so we can check it.')).to.be.a('string');
      expect(asksForPassword('Never give your password to anyone.')).to.equal(undefined);
      expect(asksForPassword("Don't send it by email. Change your password straight away.")).to.equal(undefined);
      expect(asksForPassword('They give you your username and a first password.')).to.equal(undefined);
    });

    it('in any answer', () => {
      for (const e of kb.entries) expect(asksForPassword(`${e.answer}\n${e.more ?? ''}`), e.id).to.equal(undefined);
    });

    it('in any reply', () => {
      for (const key of kb.replies.keys()) {
        const text = kb.replies.t(key, new Proxy({}, { get: () => 'x' }));
        expect(asksForPassword(text), key).to.equal(undefined);
      }
    });
  });
});
