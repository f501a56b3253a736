// The HTTP layer under attack over real HTTP: compressed and non-JSON bodies, malformed activities, response headers.
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { botForSuite } from '../e2e/httpChat.js';

const API_KEY = 'security-http-test-key-0123456789';

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: any;
  text: string;
}

/** One request with full control of headers and body bytes (fetch would refuse or rewrite some of them). */
function send(base: string, method: string, url: string, options: { headers?: Record<string, string>; body?: Buffer | string; chunked?: boolean } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const headers: Record<string, string> = { ...options.headers };
    if (body && !options.chunked) headers['content-length'] = String(body.length);
    const req = http.request(`${base}${url}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json, text });
      });
    });
    req.on('error', reject);
    if (body && options.chunked) {
      for (let i = 0; i < body.length; i += 16 * 1024) req.write(body.subarray(i, i + 16 * 1024));
      req.end();
    } else req.end(body);
  });
}

let counter = 0;
function activity(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter++;
  return {
    type: 'message',
    id: `sec-${counter}`,
    channelId: 'webchat',
    serviceUrl: 'http://127.0.0.1:1/',
    deliveryMode: 'expectReplies',
    conversation: { id: `security-http-${process.pid}-${counter}` },
    from: { id: `user-${counter}`, name: 'Tester' },
    recipient: { id: 'bot', name: 'NHSmail Assistant' },
    text: 'hello',
    ...overrides,
  };
}

const JSON_HEADERS = { 'content-type': 'application/json' };

function expectError(res: Raw, status: number, mentions?: RegExp): void {
  expect(res.status, res.text).to.equal(status);
  expect(res.json?.error?.code, res.text).to.be.a('string');
  expect(res.json?.error?.message, res.text).to.be.a('string');
  if (mentions) expect(res.json.error.message).to.match(mentions);
}

describe('security: the HTTP layer', () => {
  let base: string;
  const post = (body: unknown, headers: Record<string, string> = JSON_HEADERS) =>
    send(base, 'POST', '/api/messages', { headers, body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) });
  const healthy = async () => expect((await send(base, 'GET', '/health')).status).to.equal(200);

  const bot = botForSuite({ HELPDESK_API_KEY: API_KEY });
  before(() => {
    base = bot().baseUrl;
  });

  describe('compressed bodies are refused before anything reads them', () => {
    it('a truncated gzip body -> 415, and the server still answers', async () => {
      const gz = gzipSync(JSON.stringify(activity()));
      const res = await post(gz.subarray(0, Math.floor(gz.length / 2)), { ...JSON_HEADERS, 'content-encoding': 'gzip' });
      expectError(res, 415, /Content-Encoding/);
      await healthy();
    });

    it('a gzip bomb (200 KB expanding to 200 MB) -> 415 at once, never expanded', async () => {
      const member = gzipSync(Buffer.alloc(10 * 1024 * 1024, ' '));
      const bomb = Buffer.concat(Array.from({ length: 20 }, () => member));
      const started = Date.now();
      const res = await post(bomb, { ...JSON_HEADERS, 'content-encoding': 'gzip' });
      expectError(res, 415);
      expect(Date.now() - started).to.be.below(2000);
      await healthy();
    });

    for (const encoding of ['deflate', 'br', 'GZIP', 'gzip, identity']) {
      it(`Content-Encoding: ${encoding} -> 415 on every route, even unknown ones`, async () => {
        for (const [method, url] of [['POST', '/api/messages'], ['PATCH', '/api/tickets/NHSM-000001'], ['POST', '/v3/directline/conversations'], ['POST', '/nowhere']] as const) {
          const res = await send(base, method, url, { headers: { ...JSON_HEADERS, authorization: `Bearer ${API_KEY}`, 'content-encoding': encoding }, body: '{}' });
          expectError(res, 415);
        }
      });
    }

    it('Content-Encoding: identity is the plain body and is accepted', async () => {
      const res = await post(activity({ text: 'what is an ods code?' }), { ...JSON_HEADERS, 'content-encoding': 'identity' });
      expect(res.status, res.text).to.equal(200);
    });

    it('MAX_BODY_KB counts the bytes sent: one byte over -> 413 JSON, declared or chunked', async () => {
      const limit = 256 * 1024;
      const body = JSON.stringify(activity({ text: '' }));
      const over = body.replace('"text":""', `"text":"${'x'.repeat(limit + 1 - body.length)}"`);
      expect(Buffer.byteLength(over)).to.equal(limit + 1);
      expectError(await post(over), 413, /256 KB/);
      expectError(await send(base, 'POST', '/api/messages', { headers: JSON_HEADERS, body: over, chunked: true }), 413, /256 KB/);
      const at = over.slice(0, -3) + '"}';
      expect(Buffer.byteLength(at)).to.equal(limit);
      expect((await post(at)).status).to.not.equal(413);
    });
  });

  describe('bodies must be JSON', () => {
    const NOT_JSON: [name: string, type: string, body: string][] = [
      ['form-encoded', 'application/x-www-form-urlencoded', 'type=message&text=hi'],
      ['plain text', 'text/plain', JSON.stringify(activity())],
      ['multipart', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="type"\r\n\r\nmessage\r\n--x--\r\n'],
      ['no content type', '', JSON.stringify(activity())],
      ['JSON in UTF-16', 'application/json; charset=utf-16', JSON.stringify(activity())],
    ];
    for (const [name, type, body] of NOT_JSON) {
      it(`${name} -> 415 on /api/messages, PATCH /api/tickets and the Direct Line routes`, async () => {
        const headers = { ...(type ? { 'content-type': type } : {}), authorization: `Bearer ${API_KEY}` };
        for (const [method, url] of [
          ['POST', '/api/messages'],
          ['PATCH', '/api/tickets/NHSM-000001'],
          ['POST', '/api/directline/token'],
          ['POST', '/v3/directline/conversations'],
          ['POST', '/v3/directline/tokens/generate'],
        ] as const) {
          expectError(await send(base, method, url, { headers, body }), 415, /JSON/);
        }
      });
    }

    it('JSON with charset=utf-8 (what botbuilder and Web Chat send) is accepted', async () => {
      const res = await post(activity({ text: 'what is an ods code?' }), { 'content-type': 'application/json; charset=utf-8' });
      expect(res.status, res.text).to.equal(200);
    });

    it('bodiless Direct Line POSTs with no content type keep working', async () => {
      const token = await send(base, 'POST', '/api/directline/token');
      expect(token.status, token.text).to.equal(200);
      const started = await send(base, 'POST', '/v3/directline/conversations', { headers: { authorization: `Bearer ${token.json.token}` } });
      expect(started.status, started.text).to.equal(201);
      expect((await send(base, 'POST', '/v3/directline/tokens/generate')).status).to.equal(200);
    });

    it('a body nested deeper than 64 levels -> 400 (it would overflow JSON.stringify later)', async () => {
      const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
      expectError(await post(JSON.stringify(activity({ value: 'DEEP' })).replace('"DEEP"', deep)), 400, /nests/);
      const c = await send(base, 'POST', '/api/directline/token');
      await send(base, 'POST', '/v3/directline/conversations', { headers: { authorization: `Bearer ${c.json.token}` } });
      const dl = await send(base, 'POST', `/v3/directline/conversations/${c.json.conversationId}/activities`, {
        headers: { ...JSON_HEADERS, authorization: `Bearer ${c.json.token}` },
        body: `{"type":"message","value":${deep}}`,
      });
      expectError(dl, 400, /nests/);
      await healthy();
    });
  });

  describe('activities are checked at the wire, naming the field', () => {
    const BAD: [name: string, overrides: Record<string, unknown>, field: string][] = [
      ['entities "x"', { entities: 'x' }, 'entities'],
      ['entities null', { entities: null }, 'entities'],
      ['entities [null]', { entities: [null] }, 'entities.0'],
      ['entities [1]', { entities: [1] }, 'entities.0'],
      ['an entity without a type', { entities: [{ mentioned: { id: 'bot' } }] }, 'entities.0.type'],
      ['an entity with a numeric type', { entities: [{ type: 7 }] }, 'entities.0.type'],
      ['a mention without who', { entities: [{ type: 'mention', text: '<at>bot</at>' }] }, 'entities.0.mentioned'],
      ['membersAdded "x"', { type: 'conversationUpdate', membersAdded: 'x' }, 'membersAdded'],
      ['membersAdded [null]', { type: 'conversationUpdate', membersAdded: [null] }, 'membersAdded.0'],
      ['a member without an id', { type: 'conversationUpdate', membersAdded: [{ name: 'x' }] }, 'membersAdded.0.id'],
      ['membersRemoved [null]', { type: 'conversationUpdate', membersRemoved: [null] }, 'membersRemoved.0'],
      ['membersRemoved with a numeric id', { type: 'conversationUpdate', membersRemoved: [{ id: 5 }] }, 'membersRemoved.0.id'],
      ['a conversation id that cannot go in a header', { conversation: { id: 'conv-💥' }, deliveryMode: 'normal' }, 'conversation.id'],
      ['a numeric conversationType', { conversation: { id: 'c', conversationType: 5 } }, 'conversation.conversationType'],
      ['a tenantId object', { conversation: { id: 'c', tenantId: {} } }, 'conversation.tenantId'],
      ['an aadObjectId number', { from: { id: 'u', aadObjectId: 1 } }, 'from.aadObjectId'],
      ['a recipient without an id', { recipient: { name: 'bot' } }, 'recipient.id'],
      ['channelData "x"', { channelData: 'x' }, 'channelData'],
      ['a Teams tenant without a string id', { channelData: { tenant: { id: 5 } } }, 'channelData.tenant.id'],
      ['a Teams team that is a string', { channelData: { team: 'x' } }, 'channelData.team'],
      ['attachments [null]', { attachments: [null] }, 'attachments.0'],
      ['an attachment without a contentType', { attachments: [{ content: {} }] }, 'attachments.0.contentType'],
      ['a numeric locale', { locale: 5 }, 'locale'],
      ['a locale with markup', { locale: '<script>' }, 'locale'],
      ['a replyToId object', { replyToId: {} }, 'replyToId'],
      ['an invoke name array', { type: 'invoke', name: ['x'] }, 'name'],
      ['a numeric timestamp', { timestamp: 5 }, 'timestamp'],
      ['reactionsAdded "x"', { type: 'messageReaction', reactionsAdded: 'x' }, 'reactionsAdded'],
      ['an installationUpdate action object', { type: 'installationUpdate', action: {} }, 'action'],
    ];
    for (const [name, overrides, field] of BAD) {
      it(`${name} -> 400 naming "${field}"`, async () => {
        const res = await post(activity(overrides));
        expectError(res, 400, new RegExp(`"${field.replace(/\./g, '\\.')}"`));
      });
    }

    it('a realistic Teams channel activity with extra fields still passes', async () => {
      const res = await post(
        activity({
          channelId: 'msteams',
          text: '<at>NHSmail Assistant</at> what is an ods code?',
          conversation: { id: '19:abc@thread.tacv2;messageid=1', conversationType: 'channel', tenantId: 't-1', isGroup: true },
          from: { id: '29:user', name: 'Ann', aadObjectId: '00000000-0000-0000-0000-000000000001' },
          recipient: { id: '28:bot', name: 'NHSmail Assistant' },
          entities: [
            { type: 'mention', text: '<at>NHSmail Assistant</at>', mentioned: { id: '28:bot', name: 'NHSmail Assistant' } },
            { type: 'clientInfo', locale: 'en-GB', country: 'GB', platform: 'Web' },
          ],
          channelData: { tenant: { id: 't-1' }, team: { id: '19:team@thread.tacv2', name: 'Helpdesk', aadGroupId: 'g' }, channel: { id: '19:abc@thread.tacv2' }, settings: { selectedChannel: { id: 'x' } } },
          attachments: [{ contentType: 'text/html', content: '<div>hi</div>' }],
          locale: 'en-GB',
          timestamp: '2024-01-01T12:00:00.1234567Z',
          somethingNew: { nested: [1, 2, 3] },
        }),
      );
      expect(res.status, res.text).to.equal(200);
      expect(res.json?.activities).to.be.an('array').that.is.not.empty;
    });
  });

  describe('a channel that cannot be reached is not the database', () => {
    it('answers 200 when the replies cannot be delivered to a loopback serviceUrl that refuses connections (not 503)', async () => {
      const res = await post(activity({ deliveryMode: undefined, text: 'how do I reset my password' }));
      expect(res.status).to.equal(200);
      await healthy();
    });
  });

  describe('response headers', () => {
    it('every JSON response says nosniff: success, error, not found, refused', async () => {
      const responses = [
        await send(base, 'GET', '/health'),
        await post(activity()),
        await post('{bad'),
        await send(base, 'GET', '/nowhere'),
        await post('a=b', { 'content-type': 'application/x-www-form-urlencoded' }),
        await send(base, 'GET', '/api/tickets'),
      ];
      for (const res of responses) expect(res.headers['x-content-type-options'], `${res.status} ${res.text}`).to.equal('nosniff');
    });

    it('token responses say Cache-Control: no-store, once', async () => {
      const token = await send(base, 'POST', '/api/directline/token');
      const auth = { authorization: `Bearer ${token.json.token}` };
      const generated = await send(base, 'POST', '/v3/directline/tokens/generate');
      const responses = [
        token,
        generated,
        await send(base, 'POST', '/v3/directline/tokens/refresh', { headers: { authorization: `Bearer ${generated.json.token}` } }),
        await send(base, 'POST', '/v3/directline/conversations', { headers: auth }),
        await send(base, 'GET', `/v3/directline/conversations/${token.json.conversationId}`, { headers: auth }),
        await send(base, 'GET', `/v3/directline/conversations/${token.json.conversationId}/activities`, { headers: auth }),
      ];
      for (const res of responses) {
        expect(res.status, res.text).to.be.within(200, 201);
        expect(res.headers['cache-control'], res.text).to.equal('no-store');
      }
    });
  });
});
