// ClientRateLimiter: a token bucket per client, with the clients it remembers bounded (least recently seen forgotten first).
import { expect } from 'chai';
import { ClientRateLimiter } from '../../../bot/http/clientRateLimit.js';

describe('bot/http/clientRateLimit: ClientRateLimiter', () => {
  it('refuses a client past its allowance and says when to retry', () => {
    const limiter = new ClientRateLimiter({ perMinute: 2, now: () => 0 });
    expect(limiter.take('a')).to.deep.equal({ ok: true });
    expect(limiter.take('a')).to.deep.equal({ ok: true });
    expect(limiter.take('a')).to.deep.equal({ ok: false, retryAfterSeconds: 30 });
  });

  it('remembers at most maxClients, forgetting the least recently seen', () => {
    const limiter = new ClientRateLimiter({ perMinute: 1, maxClients: 2, now: () => 0 });
    limiter.take('a');
    limiter.take('b');
    expect(limiter.take('a').ok).to.equal(false); // seen again: now the most recent
    limiter.take('c'); // forgets b, not a
    expect(limiter.clients).to.equal(2);
    expect(limiter.take('a').ok).to.equal(false);
    expect(limiter.take('b').ok).to.equal(true);
  });
});
