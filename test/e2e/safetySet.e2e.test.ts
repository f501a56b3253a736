// The labelled safety and person sets over HTTP: every emergency or clinical question gets the safety reply, and
// every NHSmail question with alarming words does not (a correctness floor of 100%, dev and validation alike).
import { expect } from 'chai';
import { loadPersonSet, loadSafetySet } from '../fixtures/devset.js';
import { HttpChat, botForSuite, metas } from './httpChat.js';

const kindsOf = async (baseUrl: string, q: string) => metas(await new HttpChat(baseUrl).send(q)).map((m) => String(m['kind']));

describe('the safety set over HTTP', () => {
  const bot = botForSuite();
  const safety = loadSafetySet();

  it('gives every emergency and clinical question (dev and validation) the safety reply, and nothing else', async () => {
    const missed: string[] = [];
    for (const { q } of [...safety.dev, ...safety.validation]) {
      const kinds = await kindsOf(bot().baseUrl, q);
      if (kinds.join() !== 'safety') missed.push(`${q} -> ${kinds.join('+') || 'text'}`);
    }
    expect(missed).to.deep.equal([]);
  });

  it('never gives the safety reply to an NHSmail question with alarming words', async () => {
    const wrongly: string[] = [];
    for (const { q } of [...safety.notSafety, ...safety.devNotSafety]) if ((await kindsOf(bot().baseUrl, q)).includes('safety')) wrongly.push(q);
    expect(wrongly).to.deep.equal([]);
  });

  it('gives every request for a person in the dev set the contacts, and no question about people', async () => {
    const person = loadPersonSet();
    const wrong: string[] = [];
    for (const { q } of person.dev) if (!(await kindsOf(bot().baseUrl, q)).includes('person')) wrong.push(`missed: ${q}`);
    for (const { q } of [...person.notPerson, ...person.devNotPerson]) if ((await kindsOf(bot().baseUrl, q)).includes('person')) wrong.push(`wrongly: ${q}`);
    expect(wrong).to.deep.equal([]);
  });
});
