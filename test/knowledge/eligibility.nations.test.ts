// The nation a message states, and the reply keys the eligibility rules give for what applies there.
import { expect } from 'chai';
import { defaultEligibility } from '../../knowledge/eligibility/loader.js';
import { nationReader } from '../../knowledge/eligibility/nations.js';

const nations = nationReader(defaultEligibility());

describe('nationReader', () => {
  it('reads the nation a message names, or a town in it', () => {
    expect(nations.stated("we're a dental practice in wales, how do we register")).to.equal('wales');
    expect(nations.stated('our pharmacy is in belfast')).to.equal('northern-ireland');
    expect(nations.stated('a welsh care home')).to.equal('wales');
    expect(nations.stated('our dental surgery is in glasgow')).to.equal('scotland');
    expect(nations.stated('a care home in leeds')).to.equal('england');
  });

  it('reads no nation when none is stated', () => {
    expect(nations.stated('how do we register a dental practice')).to.equal(undefined);
    expect(nations.stated('what is an ods code')).to.equal(undefined);
  });

  it('reads no nation from a text that names two, or denies the one it names', () => {
    expect(nations.stated('we moved from wales to bristol, how do we register our dental practice')).to.equal(undefined);
    expect(nations.stated('we are not in scotland, we are in england, how do we register')).to.equal('england');
    expect(nations.stated('we are not in scotland')).to.equal(undefined);
  });

  it('keeps a nation stated earlier until a message states another, names several or denies it', () => {
    expect(nations.holds('how do we register', 'wales')).to.equal('wales');
    expect(nations.holds('how do we register', undefined)).to.equal(undefined);
    expect(nations.holds("actually we're in scotland", 'wales')).to.equal('scotland');
    expect(nations.holds("sorry, we're in england now", 'wales')).to.equal('england');
    expect(nations.holds('our pharmacy is in belfast', undefined)).to.equal('northern-ireland');
    expect(nations.holds("we're not in wales", 'wales')).to.equal(undefined);
    expect(nations.holds('we moved from wales to bristol', 'wales')).to.equal(undefined);
    // denying another nation leaves the one known
    expect(nations.holds("we're not in scotland", 'wales')).to.equal('wales');
  });

  it('reads each message afresh, whichever message it read before', () => {
    expect(nations.holds("we're in wales", undefined)).to.equal('wales');
    expect(nations.stated('how do we register')).to.equal(undefined);
    expect(nations.holds("we're not in wales", 'wales')).to.equal(undefined);
    expect(nations.holds('how do we register', 'wales')).to.equal('wales');
    expect(nations.stated("we're in wales")).to.equal('wales');
  });

  it("gives, outside England, the rules' reason for that nation and the route's next step", () => {
    expect(nations.replyKeys('wales')).to.deep.equal(['eligibility.reason.country.wales', 'eligibility.route.outsideEngland.next']);
    expect(nations.replyKeys('northern-ireland')).to.deep.equal(['eligibility.reason.country.northernIreland', 'eligibility.route.outsideEngland.next']);
    expect(nations.replyKeys('scotland')).to.deep.equal(['eligibility.reason.country.scotland', 'eligibility.route.scotland.next']);
  });

  it('gives nothing for England, whose routes the answers are', () => {
    expect(nations.replyKeys('england')).to.equal(undefined);
  });
});
