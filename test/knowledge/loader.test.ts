// Bad knowledge content is refused at load, with a message that names the file and the entry or field at fault.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { parseDocument, type Document } from 'yaml';
import { ContentError, loadKnowledge } from '../../knowledge/loader.js';
import { CONTENT_DIR } from '../../lib/paths.js';

type Edit = (dir: string) => void;

/** Changes one content file through its YAML document, as an editor would. */
function editYaml(rel: string, change: (doc: Document) => void): Edit {
  return (dir) => {
    const file = path.join(dir, rel);
    const doc = parseDocument(fs.readFileSync(file, 'utf8'));
    change(doc);
    fs.writeFileSync(file, doc.toString());
  };
}

/** Loads a copy of the real content with one edit; returns the ContentError (or undefined if it loaded). */
function loadEdited(edit: Edit): ContentError | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-loader-'));
  try {
    fs.cpSync(CONTENT_DIR, dir, { recursive: true });
    edit(dir);
    loadKnowledge(dir);
    return undefined;
  } catch (err) {
    if (err instanceof ContentError) return err;
    throw err;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const entryId = (file: string, index: number) =>
  (parseDocument(fs.readFileSync(path.join(CONTENT_DIR, 'faq', file), 'utf8')).getIn(['entries', index, 'id']) as string);
const ACCOUNTS_0 = entryId('accounts.yaml', 0);
const ACCOUNTS_1 = entryId('accounts.yaml', 1);

const DEFECTS: [name: string, edit: Edit, expected: RegExp][] = [
  [
    'invalid YAML',
    (dir) => fs.appendFileSync(path.join(dir, 'faq', 'accounts.yaml'), '\n  - id: [unclosed\n    title: "no end\n'),
    /faq\/accounts\.yaml: YAML error/,
  ],
  [
    'an entry with fewer than 5 phrasings',
    editYaml('faq/accounts.yaml', (d) => d.setIn(['entries', 0, 'phrasings'], ['one phrasing', 'two phrasings', 'three phrasings'])),
    new RegExp(`faq/accounts\\.yaml: entries\\[0\\] \\(${ACCOUNTS_0}\\)\\.phrasings: needs at least 5 phrasings`),
  ],
  [
    'an entry with no phrasings at all',
    editYaml('faq/accounts.yaml', (d) => d.deleteIn(['entries', 1, 'phrasings'])),
    new RegExp(`faq/accounts\\.yaml: entries\\[1\\] \\(${ACCOUNTS_1}\\)\\.phrasings`),
  ],
  [
    'the same id in two files',
    editYaml('faq/helpdesk.yaml', (d) => d.setIn(['entries', 0, 'id'], ACCOUNTS_0)),
    new RegExp(`faq/helpdesk\\.yaml: entries \\(${ACCOUNTS_0}\\)\\.id: duplicate id, also in faq/accounts\\.yaml`),
  ],
  [
    'a related id that does not exist',
    editYaml('faq/accounts.yaml', (d) => d.setIn(['entries', 0, 'related'], ['no-such-entry'])),
    new RegExp(`faq/accounts\\.yaml: entries \\(${ACCOUNTS_0}\\)\\.related: unknown id "no-such-entry"`),
  ],
  [
    'an entry related to itself',
    editYaml('faq/accounts.yaml', (d) => d.setIn(['entries', 0, 'related'], [ACCOUNTS_0])),
    new RegExp(`faq/accounts\\.yaml: entries \\(${ACCOUNTS_0}\\)\\.related: refers to itself`),
  ],
  [
    'an example question labelled with an entry that does not exist',
    editYaml('examples.yaml', (d) => d.setIn(['examples', 0, 'entry'], 'no-such-entry')),
    /examples\.yaml: examples\[0\]\.entry: unknown id "no-such-entry"/,
  ],
  [
    'the same example question twice (it would teach the model two labels)',
    editYaml('examples.yaml', (d) => d.setIn(['examples', 1, 'q'], String(d.getIn(['examples', 0, 'q'])).toUpperCase())),
    /examples\.yaml: examples\[1\]\.q: the same question as examples\[0\]/,
  ],
  [
    'the same off-topic question twice',
    editYaml('examples.yaml', (d) => d.setIn(['offTopic', 1], String(d.getIn(['offTopic', 0])).toUpperCase())),
    /examples\.yaml: offTopic\[1\]: the same question as offTopic\[0\]/,
  ],
  [
    'an off-topic question also labelled with an entry (it would teach the model both)',
    editYaml('examples.yaml', (d) => d.setIn(['offTopic', 0], String(d.getIn(['examples', 3, 'q'])))),
    /examples\.yaml: offTopic\[0\]: the same question as examples\[3\]/,
  ],
  [
    'an off-topic question that is not text',
    editYaml('examples.yaml', (d) => d.setIn(['offTopic', 2], 42)),
    /examples\.yaml: offTopic\[2\]/,
  ],
  [
    'an example with no question',
    editYaml('examples.yaml', (d) => d.deleteIn(['examples', 2, 'q'])),
    /examples\.yaml: examples\[2\]\.q/,
  ],
  [
    "an intent's general entry that does not exist",
    editYaml('lexicon.yaml', (d) => d.setIn(['intents', 'howlong', 'general'], 'no-such-entry')),
    /lexicon\.yaml: intents \(howlong\)\.general: unknown id "no-such-entry"/,
  ],
  [
    'an offered trouble that is no entry',
    editYaml('lexicon.yaml', (d) => d.setIn(['vagueTrouble', 'offer', 1], 'no-such-entry')),
    /lexicon\.yaml: vagueTrouble\.offer: unknown id "no-such-entry"/,
  ],
  [
    'more troubles offered than a reply shows',
    editYaml('lexicon.yaml', (d) => d.setIn(['vagueTrouble', 'offer', 3], 'leaver')),
    /lexicon\.yaml: vagueTrouble\.offer/,
  ],
  [
    "a gap whose reply is not in replies.yaml",
    editYaml('lexicon.yaml', (d) => d.setIn(['gaps', 0, 'reply'], 'gap.noSuchReply')),
    /lexicon\.yaml: gaps\[0\]\.reply: unknown reply "gap\.noSuchReply"/,
  ],
  [
    'a fallback id that does not exist',
    editYaml('faq/accounts.yaml', (d) => d.setIn(['entries', 0, 'fallback'], 'no-such-entry')),
    new RegExp(`faq/accounts\\.yaml: entries \\(${ACCOUNTS_0}\\)\\.fallback: unknown id "no-such-entry"`),
  ],
  [
    'an entry that is its own fallback',
    editYaml('faq/accounts.yaml', (d) => d.setIn(['entries', 0, 'fallback'], ACCOUNTS_0)),
    new RegExp(`faq/accounts\\.yaml: entries \\(${ACCOUNTS_0}\\)\\.fallback: refers to itself`),
  ],
  [
    'a source that is not in sources.yaml',
    editYaml('faq/accounts.yaml', (d) => d.setIn(['entries', 0, 'source'], 'https://digital.nhs.uk/some-page')),
    new RegExp(`faq/accounts\\.yaml: entries \\(${ACCOUNTS_0}\\)\\.source: unknown source "https://digital\\.nhs\\.uk/some-page"`),
  ],
  [
    'an evidence quote naming a source that is not in sources.yaml',
    editYaml('faq/accounts.yaml', (d) => d.setIn(['entries', 0, 'evidence'], [{ source: 'no-such-page', quote: 'a passage from nowhere' }])),
    new RegExp(`faq/accounts\\.yaml: entries \\(${ACCOUNTS_0}\\)\\.evidence\\[0\\]\\.source: unknown source "no-such-page"`),
  ],
  [
    'an entry with no evidence',
    editYaml('faq/accounts.yaml', (d) => d.setIn(['entries', 0, 'evidence'], [])),
    new RegExp(`faq/accounts\\.yaml: entries\\[0\\] \\(${ACCOUNTS_0}\\)\\.evidence: needs at least 1 evidence quote`),
  ],
  [
    'a short answer with a list in it',
    editYaml('faq/accounts.yaml', (d) => d.setIn(['entries', 0, 'answer'], 'You get these things:\n\n- one shared mailbox\n- ten accounts')),
    new RegExp(`faq/accounts\\.yaml: entries\\[0\\] \\(${ACCOUNTS_0}\\)\\.answer: the short answer is prose`),
  ],
  [
    'an entry that still has a sourceDate (the date now comes from its source)',
    editYaml('faq/accounts.yaml', (d) => d.setIn(['entries', 0, 'sourceDate'], '2024')),
    new RegExp(`faq/accounts\\.yaml: entries\\[0\\] \\(${ACCOUNTS_0}\\).*sourceDate`),
  ],
  [
    'a source with neither a date nor undated: true',
    editYaml('sources.yaml', (d) => d.deleteIn(['sources', 0, 'date'])),
    /sources\.yaml: sources\[0\] \(003_9ae6f10ea5748e71\.txt\)\.date: give either a date or undated: true/,
  ],
  [
    'a source date written in words',
    editYaml('sources.yaml', (d) => d.setIn(['sources', 0, 'date'], 'September 2024')),
    /sources\.yaml: sources\[0\] \(003_9ae6f10ea5748e71\.txt\)\.date: expected YYYY/,
  ],
  [
    'a source address that is not https',
    editYaml('sources.yaml', (d) => d.setIn(['sources', 0, 'url'], 'http://support.nhs.net/')),
    /sources\.yaml: sources\[0\] \(003_9ae6f10ea5748e71\.txt\)\.url: expected an https address/,
  ],
  [
    'a glossary term with no words that mark it',
    editYaml('glossary.yaml', (d) => d.setIn(['terms', 0, 'marks'], [])),
    /glossary\.yaml: terms\[0\]\.marks/,
  ],
  [
    'a reviewed date that is not YYYY-MM-DD',
    editYaml('faq/accounts.yaml', (d) => d.setIn(['entries', 0, 'reviewed'], '21/11/2026')),
    new RegExp(`faq/accounts\\.yaml: entries\\[0\\] \\(${ACCOUNTS_0}\\)\\.reviewed: expected a date as YYYY-MM-DD`),
  ],
  [
    'an unknown audience',
    editYaml('faq/accounts.yaml', (d) => d.setIn(['entries', 0, 'audience'], ['care-provider', 'astronauts'])),
    new RegExp(`faq/accounts\\.yaml: entries\\[0\\] \\(${ACCOUNTS_0}\\)\\.audience\\[1\\]`),
  ],
  [
    'an unknown helpdesk request type',
    editYaml('faq/accounts.yaml', (d) => d.setIn(['entries', 0, 'helpdesk'], 'free-pizza')),
    new RegExp(`faq/accounts\\.yaml: entries\\[0\\] \\(${ACCOUNTS_0}\\)\\.helpdesk`),
  ],
  [
    'an id that is not kebab-case',
    editYaml('faq/accounts.yaml', (d) => d.setIn(['entries', 0, 'id'], 'Account Allowance')),
    /faq\/accounts\.yaml: entries\[0\] \(Account Allowance\)\.id: expected a kebab-case id/,
  ],
  [
    'a field the schema does not know',
    editYaml('faq/accounts.yaml', (d) => d.setIn(['entries', 0, 'colour'], 'blue')),
    new RegExp(`faq/accounts\\.yaml: entries\\[0\\] \\(${ACCOUNTS_0}\\).*colour`),
  ],
  [
    'a reply key with a bad name',
    editYaml('replies.yaml', (d) => d.setIn(['replies', 'Bad Key!'], 'text')),
    /replies\.yaml: replies\.Bad Key!/,
  ],
  [
    'an FAQ answer with a placeholder that no contact.* reply fills',
    editYaml('faq/accounts.yaml', (d) => d.setIn(['entries', 0, 'answer'], 'Ask your manager, or write to {fax} for help.')),
    new RegExp(`faq/accounts\\.yaml: entries \\(${ACCOUNTS_0}\\)\\.answer: unknown placeholder \\{fax\\}`),
  ],
  [
    'a lexicon without its version',
    editYaml('lexicon.yaml', (d) => d.delete('version')),
    /lexicon\.yaml: version/,
  ],
  ['no FAQ files at all', (dir) => fs.rmSync(path.join(dir, 'faq'), { recursive: true }), /faq: folder missing/],
  [
    'an own anchor in lexicon.yaml that is not one of its anchor words',
    editYaml('lexicon.yaml', (d) => d.setIn(['ownAnchors'], ['dspt', 'toolkit thing'])),
    /lexicon\.yaml: ownAnchors: "toolkit thing" is not one of the anchorWords/,
  ],
  [
    'an empty word list in language.yaml',
    editYaml('language.yaml', (d) => d.setIn(['request', 'confirm'], [])),
    /language\.yaml: request\.confirm: must list at least one word/,
  ],
  [
    'a request type without its words in language.yaml',
    editYaml('language.yaml', (d) => d.deleteIn(['request', 'typeSynonyms', 'leaver'])),
    /language\.yaml: request\.typeSynonyms\.leaver/,
  ],
  [
    'a capitalised word in language.yaml (words are matched in lower case)',
    editYaml('language.yaml', (d) => d.setIn(['yesNo', 'yes'], ['Yes'])),
    /language\.yaml: yesNo\.yes\[0\]: must be lower case/,
  ],
  [
    'an ordinal in language.yaml whose position is not a whole number from 1',
    editYaml('language.yaml', (d) => d.setIn(['choices', 'ordinals', 'second'], 1.5)),
    /language\.yaml: choices\.ordinals\.second: must be a position: a whole number from 1/,
  ],
  [
    'an ordinal in language.yaml at position 0 (positions count from 1)',
    editYaml('language.yaml', (d) => d.setIn(['choices', 'ordinals', 'first'], 0)),
    /language\.yaml: choices\.ordinals\.first: must be a position: a whole number from 1/,
  ],
  [
    'an ordinal in language.yaml given as a word rather than a number',
    editYaml('language.yaml', (d) => d.setIn(['choices', 'ordinals', 'third'], 'three')),
    /language\.yaml: choices\.ordinals\.third: must be a position: a whole number from 1/,
  ],
];

describe('loadKnowledge', () => {
  it('loads an untouched copy of the content', () => {
    expect(loadEdited(() => undefined)).to.equal(undefined);
  });

  for (const [name, edit, expected] of DEFECTS) {
    it(`refuses ${name}, naming the file and the entry or field`, () => {
      const err = loadEdited(edit);
      expect(err, 'loaded without complaint').to.be.instanceOf(ContentError);
      expect(err?.message).to.match(expected);
      expect(err?.problems.some((p) => expected.test(p))).to.equal(true);
    });
  }

  it('fills {phone} and {email} in FAQ texts from the contact.* replies', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-loader-'));
    try {
      fs.cpSync(CONTENT_DIR, dir, { recursive: true });
      editYaml('faq/accounts.yaml', (d) => d.setIn(['entries', 0, 'answer'], 'Phone {phone} or email {email} for help with this.'))(dir);
      editYaml('replies.yaml', (d) => d.setIn(['replies', 'contact.phone'], '0300 000 0000'))(dir);
      const kb = loadKnowledge(dir);
      expect(kb.byId.get(ACCOUNTS_0)?.answer).to.equal(`Phone 0300 000 0000 or email ${kb.replies.t('contact.email')} for help with this.`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a file that cannot be parsed does not also fill the report with "unknown id" problems from other files', () => {
    // knowledge/loader.ts checks `related` against the ids it loaded, so every link into the broken file is reported too.
    const err = loadEdited((dir) => fs.appendFileSync(path.join(dir, 'faq', 'accounts.yaml'), '\n  - id: [unclosed\n'));
    expect(err?.problems.filter((p) => !p.includes('accounts.yaml'))).to.deep.equal([]);
  });

  it('reports every problem at once, not only the first', () => {
    const err = loadEdited((dir) => {
      editYaml('faq/accounts.yaml', (d) => d.setIn(['entries', 0, 'reviewed'], 'soon'))(dir);
      editYaml('faq/safety.yaml', (d) => d.setIn(['entries', 0, 'audience'], ['nobody']))(dir);
    });
    expect(err?.problems.join('\n')).to.match(/accounts\.yaml.*reviewed/).and.match(/safety\.yaml.*audience/);
  });
});
