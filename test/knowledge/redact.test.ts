// Redaction before anything is stored: personal details and secrets go, ordinary sentences stay as typed.
import { expect } from 'chai';
import { containsSecret, redact } from '../../knowledge/redact.js';

interface Removal {
  text: string;
  /** the part that must not survive */
  gone: string;
  kind: 'email' | 'phone' | 'number' | 'postcode' | 'name' | 'secret';
  /** set when the case shows a known defect: the test is skipped with this reason */
}

const REMOVED: Removal[] = [
  { text: 'email me at jane.smith@nhs.net please', gone: 'jane.smith@nhs.net', kind: 'email' },
  { text: "my email is o'brien+test@care-home.co.uk", gone: 'care-home.co.uk', kind: 'email' },
  { text: 'call 07700 900123', gone: '900123', kind: 'phone' },
  { text: 'call +44 7700 900123', gone: '7700 900123', kind: 'phone' },
  { text: 'my mobile is 07700900123', gone: '07700900123', kind: 'phone' },
  { text: 'mobile +447700900123', gone: '447700900123', kind: 'phone' },
  { text: 'ring the office on 0333 200 1133', gone: '200 1133', kind: 'phone' },
  { text: 'landline 020 7946 0018', gone: '7946 0018', kind: 'phone' },
  { text: 'landline 0113-496-0000', gone: '496-0000', kind: 'phone' },
  {
    text: 'landline (0113) 496 0000',
    gone: '496 0000',
    kind: 'phone',
  },
  { text: 'nhs number 943 476 5919', gone: '476 5919', kind: 'number' },
  { text: 'NHS no 9434765919', gone: '9434765919', kind: 'number' },
  { text: 'resident 943-476-5919 needs a referral', gone: '476-5919', kind: 'number' },
  { text: 'postcode LS1 4AP', gone: 'LS1 4AP', kind: 'postcode' },
  { text: 'we are in SW1A 1AA', gone: 'SW1A', kind: 'postcode' },
  { text: 'our postcode is m11ae', gone: 'm11ae', kind: 'postcode' },
  { text: 'my name is Jane Smith', gone: 'Jane Smith', kind: 'name' },
  { text: "I'm Jane Smith from the home", gone: 'Jane', kind: 'name' },
  { text: 'Hi, this is Priya Patel', gone: 'Priya', kind: 'name' },
  { text: 'password is Hunter2!', gone: 'Hunter2!', kind: 'secret' },
  { text: 'my pw: abc123', gone: 'abc123', kind: 'secret' },
  { text: 'my PASSWORD = letmein', gone: 'letmein', kind: 'secret' },
  { text: 'security answer was Rover', gone: 'Rover', kind: 'secret' },
  { text: 'my memorable word is sunshine', gone: 'sunshine', kind: 'secret' },
  { text: 'mfa code 123456', gone: '123456', kind: 'secret' },
  { text: 'the verification code is 884 211', gone: '884', kind: 'secret' },
  { text: 'my pin 4321', gone: '4321', kind: 'secret' },
  { text: 'Tr0ub4dor&3', gone: 'Tr0ub4dor&3', kind: 'secret' },
  { text: "try Tr0ub4dor&3 if that helps", gone: 'Tr0ub4dor&3', kind: 'secret' },
];

/** Ordinary sentences, including ones about passwords, that must come through exactly as typed. */
const UNCHANGED: { text: string }[] = [
  { text: "I'm locked out of my account" },
  { text: 'we have 12 staff' },
  { text: 'we have 12 staff and 3 sites' },
  { text: 'we run 3 care homes in Leeds, CQC registered, DSPT approaching standards' },
  { text: "I'm a GP locum in Manchester" },
  { text: 'how do I reset my password' },
  { text: 'forgot my nhsmail password' },
  { text: 'I need to change my password please' },
  { text: 'the helpdesk asked for my password' },
  { text: 'what is a one time passcode' },
  { text: 'I forgot my security answers' },
  { text: 'can you help with the shared mailbox?' },
  { text: 'our ODS code is VNX12' },
  { text: "it's 10:30 on 12/03/2024" },
  { text: 'is nhs mail free' },
  { text: '' },
  ...[
    'my password expired',
    "my password doesn't work",
    'password reset for nhs.net',
    'can i give my password to a colleague',
    'is it ok to share my password with my manager?',
    "my otp didn't arrive",
  ].map((text) => ({
    text,
  })),
];

const SECRET: [text: string, secret: boolean][] = [
  ['password is Hunter2!', true],
  ['my pw: abc123', true],
  ['security answer was Rover', true],
  ['mfa code 123456', true],
  ['here it is: Tr0ub4dor&3', true],
  ['one-time passcode 449201', true],
  ['email me at jane.smith@nhs.net', false],
  ['call 07700 900123', false],
  ['my name is Jane Smith', false],
  ["I'm locked out of my account", false],
  ['how do I reset my password', false],
  ['what is a one time passcode', false],
  ['we have 12 staff', false],
  ['I think my password expired', false],
  ['my password is not working', false],
];

describe('redact', () => {
  describe('removes personal details and secrets', () => {
    for (const c of REMOVED) {
      const title = `${c.kind}: ${JSON.stringify(c.text)}`;
      it(title, () => {
        const out = redact(c.text);
        expect(out.text).to.not.include(c.gone);
        expect(out.removed).to.include(c.kind);
      });
    }
  });

  describe('leaves ordinary sentences as typed', () => {
    for (const c of UNCHANGED) {
      const title = JSON.stringify(c.text);
      it(title, () => {
        expect(redact(c.text)).to.deep.equal({ text: c.text, removed: [] });
      });
    }
  });

  it('removes several kinds from one message and keeps the words around them', () => {
    const out = redact('I am Jane Smith, email jane@nhs.net or 07700 900123, password: Hunter2!');
    expect(out.removed).to.have.members(['name', 'email', 'phone', 'secret']);
    expect(out.text).to.not.match(/Jane|jane@|900123|Hunter2/);
    expect(out.text).to.include('email').and.include(' or ');
  });

  it('never removes the same thing twice or redacts its own placeholders', () => {
    const once = redact('password is Hunter2! and mail me at a.b@nhs.net');
    expect(redact(once.text).text).to.equal(once.text);
  });

  it('keeps the space before the next word after a removed secret', () => {
    expect(redact('my password is hunter2 and my email').text).to.equal('my password is [removed] and my email');
  });

  describe('containsSecret', () => {
    for (const [text, secret] of SECRET) {
      const title = `${JSON.stringify(text)} -> ${secret}`;
      it(title, () => expect(containsSecret(text)).to.equal(secret));
    }
  });

  it('copes with long and strange input', () => {
    for (const text of ['x'.repeat(50_000), '@'.repeat(5000), '0'.repeat(5000), '\u0000\u200B\uFEFF', '🔒'.repeat(1000)]) {
      expect(redact(text).text).to.be.a('string');
    }
  });
});
