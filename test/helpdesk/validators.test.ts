// Each field validator as a table: what it accepts (and how it normalises) and why it refuses.
import { expect } from 'chai';
import { TICKET_TYPES, findRef, formatRef, parseRef, type FieldName, type FieldValue } from '../../helpdesk/model.js';
import { INVALID_CODES, londonDate, parseDate, validateField, type InvalidCode } from '../../helpdesk/validators.js';

const TODAY = '2026-11-21'; // a Saturday
type Case = [field: FieldName, input: string, expected: FieldValue | InvalidCode, type?: (typeof TICKET_TYPES)[number]];

const ok = (v: FieldValue) => ({ ok: true, value: v });

const cases: Case[] = [
  // name
  ['name', 'Jane Smith', 'Jane Smith'],
  ['name', '  Mary-Jane   O’Neil ', 'Mary-Jane O’Neil'],
  ['name', 'Zoë Brontë-Ålund', 'Zoë Brontë-Ålund'],
  ['name', 'Jane', 'name.notFull'],
  ['name', 'Jane 5mith', 'name.badChars'],
  ['name', 'jane@nhs.net', 'name.badChars'],
  ['name', '   ', 'empty'],
  ['name', `${'A'.repeat(60)} ${'B'.repeat(60)}`, 'name.tooLong'],
  ['newName', 'Jane Jones', 'Jane Jones'],
  // email
  ['email', 'Jane.Smith2@NHS.net', 'jane.smith2@nhs.net'],
  ['email', 'mailto:jane.smith@nhs.net', 'jane.smith@nhs.net'],
  ['email', 'jane.smith@gmail.com', 'email.notNhsmail'],
  ['email', 'jane.smith@nhs', 'email.invalid'],
  ['email', 'not an email', 'email.invalid'],
  ['email', 'manager@sunrisecare.co.uk', 'manager@sunrisecare.co.uk', 'extra-accounts'],
  ['email', 'manager@sunrisecare', 'email.invalid', 'extra-accounts'],
  ['sharedMailbox', 'sunrise.care@nhs.net', 'sunrise.care@nhs.net'],
  ['sharedMailbox', 'office@sunrise.com', 'email.notNhsmail'],
  // mobile
  ['mobile', '07700 900123', '+447700900123'],
  ['mobile', '+44 7700 900123', '+447700900123'],
  ['mobile', '+44 (0)7700-900-123', '+447700900123'],
  ['mobile', '0044 7700 900123', '+447700900123'],
  ['mobile', '447700900123', '+447700900123'],
  ['mobile', '07624 123456', '+447624123456'],
  ['mobile', '0161 496 0000', 'mobile.landline'],
  ['mobile', '0333 200 1133', 'mobile.landline'],
  ['mobile', '07000 123456', 'mobile.notMobile'],
  ['mobile', '07600 123456', 'mobile.notMobile'],
  ['mobile', '0770090012', 'mobile.invalid'],
  ['mobile', '077009001234', 'mobile.invalid'],
  ['mobile', '+33 6 12 34 56 78', 'mobile.invalid'],
  ['mobile', 'my mobile', 'mobile.invalid'],
  ['mobile', '+44 7700 900123 ext 5', 'mobile.invalid'],
  ['mobile', '(07700) 900 123', '+447700900123'],
  ['mobile', '+447700 900 123.', '+447700900123'],
  // organisation and ODS code
  ['organisation', 'Sunrise Care Home', 'Sunrise Care Home'],
  ['organisation', 'x', 'organisation.tooShort'],
  ['organisation', 'A'.repeat(121), 'organisation.tooLong'],
  ['odsCode', 'v12345', 'V12345'],
  ['odsCode', 'VLAXL', 'VLAXL'],
  ['odsCode', 'A1234', 'A1234'],
  ['odsCode', 'FVR79', 'FVR79'],
  ['odsCode', 'RJ1', 'RJ1'],
  ['odsCode', '8JL81', '8JL81'],
  ['odsCode', '81234', '81234'],
  ['odsCode', 'V1 23 45', 'V12345'],
  ['odsCode', '1-123456789', 'ods.cqcId'],
  ['odsCode', '12345', 'ods.invalid'],
  ['odsCode', 'AB', 'ods.invalid'],
  ['odsCode', 'V1234567', 'ods.invalid'],
  ['odsCode', 'V12_45', 'ods.invalid'],
  // leaving date (today is Saturday 21 November 2026)
  ['leavingDate', '25/12/2026', '2026-12-25'],
  ['leavingDate', '2026-12-25', '2026-12-25'],
  ['leavingDate', '25-12-26', '2026-12-25'],
  ['leavingDate', '25 December 2026', '2026-12-25'],
  ['leavingDate', '25th Dec', '2026-12-25'],
  ['leavingDate', 'December 25th, 2026', '2026-12-25'],
  ['leavingDate', 'today', '2026-11-21'],
  ['leavingDate', 'Tomorrow', '2026-11-22'],
  ['leavingDate', 'friday', '2026-11-27'],
  ['leavingDate', 'next monday', '2026-11-23'],
  ['leavingDate', 'in 10 days', '2026-12-01'],
  ['leavingDate', '3/1', '2027-01-03'],
  // someone who has already left: up to a year back
  ['leavingDate', '20/11/2026', '2026-11-20'],
  ['leavingDate', '2025-12-25', '2025-12-25'],
  ['leavingDate', '2025-11-19', 'date.past'],
  ['leavingDate', '31/02/2027', 'date.invalid'],
  ['leavingDate', 'soon', 'date.invalid'],
  ['leavingDate', '25/12/2028', 'date.tooFar'],
  ['leavingDate', 'friday like I said', '2026-11-27'],
  ['leavingDate', 'I finish on the 5th of January', '2027-01-05'],
  ['leavingDate', 'probably 1/12', '2026-12-01'],
  ['leavingDate', 'last friday', '2026-11-20'],
  ['leavingDate', 'she left last monday', '2026-11-16'],
  ['leavingDate', '5pm', 'date.invalid'],
  // moving to another provider
  ['movingTo', 'Meadow View Care', 'Meadow View Care'],
  ['movingTo', 'none', null],
  ['movingTo', 'No.', null],
  ['movingTo', 'leaving care', null],
  // counts
  ['extraAccounts', '5', 5],
  ['extraAccounts', 'twelve', 12],
  ['extraAccounts', '3 more accounts', 3],
  ['extraAccounts', '0', 'count.tooSmall'],
  ['extraAccounts', '101', 'count.tooLarge'],
  ['extraAccounts', 'lots', 'count.notNumber'],
  ['extraAccounts', '2.5', 'count.notNumber'],
  // justification
  ['justification', 'We need more', 'justification.tooShort'],
  ['justification', 'We opened a second unit with twelve new night staff who each need their own account', 'We opened a second unit with twelve new night staff who each need their own account'],
  ['justification', `${'word '.repeat(200)}and more`, 'justification.tooLong'],
  // existing 10 in use
  ['existingInUse', 'yes', true],
  ['existingInUse', 'Yes they are.', true],
  ['existingInUse', 'no', false],
  ['existingInUse', '9', 9],
  ['existingInUse', '10', true],
  ['existingInUse', 'maybe', 'yesNo.unclear'],
  // secrets are refused whatever the field
  ['name', 'my password is Hunter2!', 'secret'],
  ['justification', 'We need twelve more accounts for the new unit, my password is Pa55word!x by the way', 'secret'],
  ['organisation', 'Pa55word!x', 'secret'],
];

describe('helpdesk validators', () => {
  for (const [field, input, expected, type] of cases) {
    it(`${field}${type ? ` (${type})` : ''}: ${JSON.stringify(input).slice(0, 50)} -> ${JSON.stringify(expected)}`, () => {
      const r = validateField(field, input, { today: TODAY, ...(type ? { type } : {}) });
      if ((INVALID_CODES as readonly unknown[]).includes(expected)) expect(r).to.deep.equal({ ok: false, code: expected });
      else expect(r).to.deep.equal(ok(expected));
    });
  }

  it('reads dates in England, not UTC', () => {
    expect(londonDate(new Date('2026-06-30T23:30:00Z'))).to.equal('2026-07-01');
    expect(londonDate(new Date('2026-12-31T23:30:00Z'))).to.equal('2026-12-31');
  });

  it('parses a date given without a year as its next occurrence', () => {
    expect(parseDate('1 jan', TODAY)).to.equal('2027-01-01');
    expect(parseDate('21 nov', TODAY)).to.equal('2026-11-21');
  });
});

describe('ticket references', () => {
  const refs: [string, string | undefined][] = [
    ['NHSM-000123', 'NHSM-000123'],
    ["what's the status of nhsm-000123?", 'NHSM-000123'],
    ['NHSM 42', 'NHSM-000042'],
    ['NHSM-1234567', 'NHSM-1234567'],
    ['NHSM-000000', undefined],
    ['ABC-000123', undefined],
    ['my requests', undefined],
  ];
  for (const [text, ref] of refs) it(`${text} -> ${ref}`, () => expect(findRef(text)).to.equal(ref));

  it('formats and parses round trip', () => {
    for (const n of [1, 123, 999_999, 1_000_000]) expect(parseRef(formatRef(n))).to.equal(n);
    expect(formatRef(123)).to.equal('NHSM-000123');
  });
});
