// The helpdesk tab's ticket client: URLs, credentials, and errors safe to show.
import { expect } from 'chai';
import { loadKnowledge } from '../../knowledge/loader.js';
import { ApiError, TicketApi, type Fetch } from '../../web/helpdesk-tab/api.js';
import { pageText } from '../../web/shared/pageText.js';

const r = loadKnowledge().replies;
/** The tab's words as the server gives them to the page. */
const t = pageText(r.templates('page.helpdeskTab.'));

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

function fakeFetch(status: number, body: unknown, calls: Call[]): Fetch {
  return async (url, init) => {
    calls.push({ url, ...init });
    return { ok: status < 400, status, json: async () => (body === undefined ? Promise.reject(new Error('no body')) : body) };
  };
}

describe('helpdesk tab ticket client', () => {
  it('lists with only the filters given, and the credential as a bearer token', async () => {
    const calls: Call[] = [];
    const api = new TicketApi(fakeFetch(200, { tickets: [] }, calls), async () => 'k3y', t);
    await api.list({ status: 'new', type: '', cursor: undefined, limit: 20 });
    await api.list();
    expect(calls.map((c) => c.url)).to.deep.equal(['/api/tickets?status=new&limit=20', '/api/tickets']);
    expect(calls[0]!.headers.authorization).to.equal('Bearer k3y');
  });

  it('names the person working in X-Helpdesk-User (Latin-1 only, as headers must be), or leaves it out', async () => {
    const calls: Call[] = [];
    await new TicketApi(fakeFetch(200, {}, calls), async () => 'k', t, () => 'Zoë Ng \u{1F600}').get('NHSM-000001');
    await new TicketApi(fakeFetch(200, {}, calls), async () => 'k', t).get('NHSM-000001');
    expect(calls[0]!.headers['x-helpdesk-user']).to.equal('Zoë Ng');
    expect(calls[1]!.headers).to.not.have.property('x-helpdesk-user');
  });

  it('patches one ticket with a JSON body, escaping the reference', async () => {
    const calls: Call[] = [];
    const api = new TicketApi(fakeFetch(200, { ref: 'NHSM-000001' }, calls), async () => 'k', t);
    await api.update('NHSM-000001/../x', { status: 'resolved', note: 'done' });
    expect(calls[0]).to.deep.include({ method: 'PATCH', url: '/api/tickets/NHSM-000001%2F..%2Fx', body: '{"status":"resolved","note":"done"}' });
    expect(calls[0]!.headers['content-type']).to.equal('application/json');
  });

  const errors: [number, unknown, string][] = [
    [401, { error: { code: 'unauthorized', message: 'x' } }, r.t('page.helpdeskTab.error.signInRefused')],
    [400, { error: { code: 'bad_request', message: 'status must be one of new, in-progress' } }, 'status must be one of new, in-progress'],
    [404, undefined, r.t('page.helpdeskTab.error.failed', { status: 404 })],
    [500, { error: { message: 'TypeError: cannot read x of undefined' } }, r.t('page.helpdeskTab.error.server')],
  ];
  for (const [status, body, message] of errors) {
    it(`turns a ${status} into "${message}"`, async () => {
      const api = new TicketApi(fakeFetch(status, body, []), async () => 'k', t);
      const err = await api.get('NHSM-000001').catch((e: unknown) => e);
      expect(err).to.be.instanceOf(ApiError);
      expect((err as ApiError).status).to.equal(status);
      expect((err as ApiError).message).to.equal(message);
    });
  }

  it('reports an unreachable service', async () => {
    const api = new TicketApi(() => Promise.reject(new TypeError('fetch failed')), async () => 'k', t);
    const err = (await api.list().catch((e: unknown) => e)) as ApiError;
    expect(err.status).to.equal(0);
    expect(err.message).to.equal(r.t('page.helpdeskTab.error.unreachable'));
  });
});

describe('page text', () => {
  const say = pageText({ 'page.x.hello': 'Hello {name}, call {phone}', 'page.x.plain': 'Plain' });

  it('fills the placeholders it is given and leaves the others as written', () => {
    expect(say('page.x.hello', { name: 'Ann' })).to.equal('Hello Ann, call {phone}');
    expect(say('page.x.plain')).to.equal('Plain');
  });

  it('shows a key the config lacks as the key itself, never throwing', () => {
    expect(say('page.x.missing')).to.equal('page.x.missing');
    expect(say('toString')).to.equal('toString');
    expect(pageText()('page.x.plain')).to.equal('page.x.plain');
  });

  it('the server gives a page its templates with the helpdesk contacts filled', () => {
    const texts = r.templates('page.chat.');
    expect(Object.keys(texts)).to.include('page.chat.failed');
    expect(texts['page.chat.failed']).to.include(r.t('contact.phone')).and.not.include('{phone}');
    expect(Object.keys(texts).every((k) => k.startsWith('page.chat.'))).to.equal(true);
  });
});
