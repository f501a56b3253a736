// The eligibility content is checked at load: bad rules name the file and field, and every reply key is defined and used.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { parseDocument } from 'yaml';
import { FIELDS, keyPart, type Field } from '../../knowledge/eligibility/answers.js';
import { checkEligibilityContent, comparisonReasonKeys, loadEligibility } from '../../knowledge/eligibility/loader.js';
import { EligibilityFileSchema, type Comparison } from '../../knowledge/eligibility/schema.js';
import { ContentError, loadKnowledge } from '../../knowledge/loader.js';
import { CONTENT_DIR, PROJECT_ROOT } from '../../lib/paths.js';

function withChangedContent(change: (doc: ReturnType<typeof parseDocument>) => void): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eligibility-content-'));
  try {
    fs.copyFileSync(path.join(CONTENT_DIR, 'replies.yaml'), path.join(dir, 'replies.yaml'));
    const doc = parseDocument(fs.readFileSync(path.join(CONTENT_DIR, 'eligibility.yaml'), 'utf8'));
    change(doc);
    fs.writeFileSync(path.join(dir, 'eligibility.yaml'), doc.toString());
    loadEligibility(dir);
    return [];
  } catch (err) {
    if (err instanceof ContentError) return err.problems;
    throw err;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('eligibility content', () => {
  it('loads and cross-checks the real content', () => {
    const c = loadEligibility(CONTENT_DIR, replies);
    expect(c.routes.size).to.be.greaterThan(20);
    expect(c.questions.length).to.be.greaterThan(5);
  });

  // Shape problems go through the YAML file, as an editor would make them.
  const BAD_SHAPE: [string, (doc: ReturnType<typeof parseDocument>) => void, RegExp][] = [
    ['a condition on an unknown field', (d) => d.setIn(['rules', 0, 'when', 'colour'], 'blue'), /eligibility\.yaml: rules\[0\]\.when\.colour: unknown field "colour"/],
    ['a value the field cannot take', (d) => d.setIn(['rules', 0, 'when', 'country'], 'france'), /eligibility\.yaml: rules\[0\]\.when\.country: country takes one of/],
    ['a comparison on a yes/no field', (d) => d.setIn(['rules', 0, 'when', 'sponsor'], { gt: 3 }), /rules\[0\]\.when\.sponsor: sponsor cannot be compared/],
    ['an expression string instead of data', (d) => d.setIn(['rules', 0, 'when'], 'country == scotland'), /eligibility\.yaml: rules\[0\]\.when/],
  ];
  for (const [name, change, problem] of BAD_SHAPE) {
    it(`refuses ${name}, naming file and field`, () => {
      expect(withChangedContent(change).join('\n')).to.match(problem);
    });
  }

  // Problems between parts of the content, checked on the parsed data.
  const base = parseDocument(fs.readFileSync(path.join(CONTENT_DIR, 'eligibility.yaml'), 'utf8')).toJS() as Record<string, unknown>;
  const replies = loadKnowledge().replies;
  const BROKEN: [string, (d: any) => void, RegExp][] = [
    ['a rule naming an unknown route', (d) => (d.rules[0].route = 'nowhere'), /eligibility\.yaml: rules\[0\] \(nowhere\)\.route: unknown route "nowhere"/],
    ['a missing reply key', (d) => (d.routes[0].title = 'eligibility.route.nope.title'), /routes \(scotland\): reply key "eligibility\.route\.nope\.title" is missing from replies\.yaml/],
    ['an unknown checklist item', (d) => (d.routes[0].checklist = ['no-such-item']), /routes \(scotland\)\.checklist: unknown checklist item "no-such-item"/],
    ['a question on an unknown field', (d) => (d.questions[2].field = 'colour'), /questions \(cqc\)\.field: unknown field "colour"/],
    ['a duplicate question id', (d) => (d.questions[1].id = 'country'), /questions: duplicate id "country"/],
    ['no catch-all rule at the end', (d) => (d.rules[d.rules.length - 1].when = { country: 'england' }), /the last rule must have no conditions/],
    ['a needed fact nobody asks for', (d) => d.questions.splice(10, 1), /no question asks for pharmacyKind/],
    ['a route no rule leads to', (d) => d.rules.splice(d.rules.findIndex((x: { route: string }) => x.route === 'scotland'), 1), /routes \(scotland\): no rule leads to this route/],
    ['an assumption without its words', (d) => delete d.questions[0].assume, /questions \(country\)\.assume: a question with an unsureValue must say what it assumes/],
    ['a vocabulary value the field cannot take', (d) => (d.vocabulary.country.france = ['paris']), /vocabulary\.country\.france: not a value of country/],
  ];
  for (const [name, change, problem] of BROKEN) {
    it(`refuses ${name}, naming file and field`, () => {
      const data = structuredClone(base);
      change(data);
      const parsed = EligibilityFileSchema.parse(data);
      expect(checkEligibilityContent(parsed, replies).join('\n')).to.match(problem);
    });
  }

  it('defines every eligibility reply key it uses, and uses every one it defines', () => {
    const keys = replies.keys().filter((k) => k.startsWith('eligibility.'));
    const yamlText = fs.readFileSync(path.join(CONTENT_DIR, 'eligibility.yaml'), 'utf8');
    const code = ['cards/eligibilityCards.ts', 'dialogs/EligibilityDialog.ts', 'knowledge/eligibility/decide.ts']
      .map((f) => fs.readFileSync(path.join(PROJECT_ROOT, f), 'utf8'))
      .join('\n');
    // keys built from field values: eligibility.reason.<field>.<value> and eligibility.fact.<field>.<value>
    const built = new Set<string>();
    for (const [field, spec] of Object.entries(FIELDS) as [Field, (typeof FIELDS)[Field]][]) {
      const values = spec.kind === 'enum' ? spec.values : spec.kind === 'boolean' ? [true, false] : [];
      for (const v of values) {
        built.add(`eligibility.reason.${field}.${keyPart(v)}`);
        built.add(`eligibility.fact.${field}.${keyPart(v)}`);
      }
    }
    for (const rule of loadEligibility().rules) {
      for (const [field, c] of Object.entries(rule.when)) {
        if (typeof c === 'object' && !Array.isArray(c)) Object.values(comparisonReasonKeys(field as Field, c as Comparison)).forEach((k) => built.add(k));
      }
    }
    const unused = keys.filter((k) => !built.has(k) && !yamlText.includes(k) && !code.includes(`'${k}'`));
    expect(unused).to.deep.equal([]);
    const literal = [...code.matchAll(/'(eligibility\.[a-zA-Z0-9.]+)'/g)].map((m) => m[1] as string);
    expect(literal.filter((k) => !replies.has(k))).to.deep.equal([]);
    for (const f of ['country', 'orgType', 'cqcRegistered', 'dspt', 'ownIt', 'sponsor', 'commissionerRequires', 'supportsNhsNationally', 'london', 'pharmacyKind', 'headOffice'] as Field[]) {
      const spec = FIELDS[f];
      const values = spec.kind === 'enum' ? spec.values : [true, false];
      for (const v of values) expect(replies.has(`eligibility.fact.${f}.${keyPart(v)}`), `eligibility.fact.${f}.${keyPart(v)}`).to.equal(true);
    }
  });

  it('quotes the contacts exactly as the domain gives them', () => {
    const all = replies.keys().filter((k) => k.startsWith('eligibility.')).map((k) => replies.t(k, { n: 1, limit: 1, facts: '' })).join('\n');
    for (const contact of ['feedback@nhs.net', 'helpdesk@nhs.net', '0333 200 1133', 'pharmacyadmin@nhs.net', 'exeter.helpdesk@nhs.net', 'nhsmail.scotland@nhs.net', '"Social care bulk upload request"', '"Dental bulk upload request"']) {
      expect(all, contact).to.include(contact);
    }
    const emails = [...all.matchAll(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g)].map((m) => m[0].replace(/\.$/, ''));
    expect([...new Set(emails)].sort()).to.deep.equal(
      ['exeter.helpdesk@nhs.net', 'feedback@nhs.net', 'helpdesk@nhs.net', 'nhsmail.scotland@nhs.net', 'pharmacyadmin@nhs.net'].sort(),
    );
  });
});
