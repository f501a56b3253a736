// Redaction before anything is stored: personal details and secrets go, ordinary sentences stay as typed.
import { expect } from 'chai';
import { isNhsNumber } from '../../lib/nhsNumber.js';
import { containsSecret, looksLikePassword, redact, redactNumbers } from '../../knowledge/redact.js';

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

/** Free text as people type it into a request: true when it holds a likely password, false when it must come through. */
const PASSWORDS: [text: string, password: boolean][] = [
  // passwords with no symbol
  ['Winter2024marker', true],
  ['it might be Winter2024marker', true],
  ['(Winter2024marker).', true],
  ['Password1', true],
  ['password123', true],
  ['Welcome123', true],
  ['Summer24', true],
  ['Spring2025', true],
  ['winter2024', true],
  ['Liverpool1986', true],
  ['ThisIsMyPass1', true],
  ['LetMeIn99', true],
  ['2024Winter', true],
  ['Tr0ub4dor3', true],
  ['abc123def', true],
  ['x7k2m9q4', true],
  ['correcthorse42battery', true],
  ['Monkey2024banana', true],
  ['qwerty123', true],
  ['H0spital99', true],
  ['Winter-2024', true],
  ['winter_2024_marker', true],
  // passwords with a symbol
  ['Hunter2!', true],
  ['P@ssw0rd', true],
  ['Tr0ub4dor&3', true],
  ['NHSmail!2024', true],
  ['Autumn2023!', true],
  ['try #Secret99 please', true],
  // references, codes and addresses
  ['NHSM-000123', false],
  ['status of NHSM000123', false],
  ['our ODS code is A1B2C', false],
  ['8HK49', false],
  ['FA123', false],
  ['VNX12 and RJ1', false],
  ['postcode LS1 4AP', false],
  ['SW1A1AA', false],
  ['jane.smith2024@nhs.net', false],
  ['https://portal.nhs.net/Home/Page2024', false],
  ['see support.nhs.net/knowledge-base/article2024', false],
  ['943 476 5919', false],
  ['INC0012345', false],
  ['CHG-2024-0001', false],
  ['report2024.pdf', false],
  // dates, times, versions
  ['leaving on 12/03/2024 at 10:30', false],
  ['9.00am-5.00pm weekdays', false],
  ['12March2024', false],
  ['1stJanuary', false],
  ['since March2024', false],
  ['the 2023/24 DSPT2024/25 return', false],
  ['v4.23.3', false],
  ['build 10.0.19045', false],
  ['v10.0.19045', false],
  ['version 2.3.1-beta1', false],
  // words with digits people type in requests
  ['my mailbox is 4GB', false],
  ['we need 50GB of space', false],
  ['Covid19 vaccination team', false],
  ['COVID-19 response', false],
  ['2FA is not working', false],
  ['Office365 and M365 licences', false],
  ['Microsoft365', false],
  ['(Office365)', false],
  ['Windows10, Windows11.', false],
  ['Outlook2016 on my laptop', false],
  ['my iPhone15 will not sync', false],
  ['iPhone15Pro', false],
  ['MacBook2020', false],
  ['3rd-party app', false],
  ['24/7 service', false],
  ['we need 100accounts', false],
  ['£2,000 budget, 50% used', false],
  // names, teams, organisations
  ['McDonald', false],
  ["O'Neill", false],
  ['DeVries', false],
  ['Jane Smith-Jones', false],
  ['Team Blue', false],
  ['Ward 7B', false],
  ['Ward10B', false],
  ['Band 6 nurses on Ward10s', false],
  ['Care4You Ltd', false],
  ['Skills4Care', false],
  ['Back2Work team', false],
  ['Sunrise Care Home, unit 2', false],
  ['we have 12 staff across 3 sites and need 15 more accounts for the new starters in April', false],
];

/** NHS numbers by the modulus 11 rule: ten digits, the last the check digit (11 becomes 0, 10 is never valid). */
const NHS_NUMBERS: [text: string, valid: boolean][] = [
  ['9434765919', true],
  ['943 476 5919', true],
  ['943-476-5919', true],
  ['9000000009', true],
  ['4010232137', true],
  ['6000000685', true],
  ['4000000020', true],
  ['9434765918', false],
  ['943 476 5910', false],
  ['1234567890', false],
  ['1234567891', false],
  ['943476591', false],
  ['94347659190', false],
  ['943 476 591a', false],
  ['943/476/5919', false],
  ['', false],
];

/** What redactNumbers keeps and removes: NHS numbers that pass the check and personal UK phone numbers only. */
const NUMBERS: [text: string, expected: string][] = [
  ['NHS number 943 476 5919', 'NHS number [NHS number]'],
  ['patient 9434765919 asked', 'patient [NHS number] asked'],
  ['resident 943-476-5919', 'resident [NHS number]'],
  ['not an NHS number: 943 476 5918', 'not an NHS number: 943 476 5918'],
  ['order 1234567890', 'order 1234567890'],
  ['call 07700 900123', 'call [phone]'],
  ['call 07700900123 today', 'call [phone] today'],
  ['mobile +44 7700 900123', 'mobile [phone]'],
  ['mobile +447700900123', 'mobile [phone]'],
  ['mobile +44 (0)7700 900123', 'mobile [phone]'],
  ['mobile 0044 7700 900123', 'mobile [phone]'],
  ['mobile +44 07700 900123', 'mobile [phone]'],
  ['landline +44 20 7946 0018', 'landline [phone]'],
  ['landline 020 7946 0018', 'landline [phone]'],
  ['landline (020) 7946 0018', 'landline [phone]'],
  ['landline 0113 496 0000', 'landline [phone]'],
  ['landline 0113-496-0000', 'landline [phone]'],
  ['landline (0113) 496 0000', 'landline [phone]'],
  ['landline 016977 3456', 'landline [phone]'],
  ['call the helpdesk on 0300 303 4034', 'call the helpdesk on 0300 303 4034'],
  ['freephone 0800 123 4567', 'freephone 0800 123 4567'],
  ['on 01.02.2024 at 10:30', 'on 01.02.2024 at 10:30'],
  ['NHSM-000123 for jane@nhs.net', 'NHSM-000123 for jane@nhs.net'],
  ['ODS V12345, postcode LS1 4AP', 'ODS V12345, postcode LS1 4AP'],
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

  describe('likely passwords in free text', () => {
    for (const [text, password] of PASSWORDS) {
      it(`${JSON.stringify(text)} -> ${password}`, () => {
        expect(containsSecret(text)).to.equal(password);
        const out = redact(text);
        if (password) expect(out.removed).to.include('secret');
        else expect(out.removed).to.not.include('secret');
      });
    }
    it('removes the password and keeps what wraps it', () => {
      expect(redact('it is (Winter2024marker).').text).to.equal('it is ([removed]).');
      expect(looksLikePassword('Winter2024marker,')).to.equal(true);
    });
  });

  describe('isNhsNumber (modulus 11)', () => {
    for (const [text, valid] of NHS_NUMBERS) {
      it(`${JSON.stringify(text)} -> ${valid}`, () => expect(isNhsNumber(text)).to.equal(valid));
    }
  });

  describe('redactNumbers', () => {
    for (const [text, expected] of NUMBERS) {
      it(JSON.stringify(text), () => expect(redactNumbers(text).text).to.equal(expected));
    }
    it('says what it removed', () => {
      expect(redactNumbers('943 476 5919 or 07700 900123').removed).to.have.members(['nhsNumber', 'phone']);
      expect(redactNumbers('nothing here').removed).to.deep.equal([]);
    });
  });

  it('copes with long and strange input', () => {
    for (const text of ['x'.repeat(50_000), '@'.repeat(5000), '0'.repeat(5000), '\u0000\u200B\uFEFF', '🔒'.repeat(1000)]) {
      expect(redact(text).text).to.be.a('string');
    }
  });
});
