// storableReference: botbuilder's conversation reference as plain JSON, with the conversation and activity id adjusted on request.
import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import { storableReference } from '../../dialogs/conversationReference.js';

const activity: Partial<Activity> = {
  id: 'act-1',
  channelId: 'msteams',
  serviceUrl: 'https://smba.example/',
  locale: undefined,
  from: { id: 'user-1', name: 'Sam' },
  recipient: { id: 'bot-1', name: 'Bot' },
  conversation: { id: 'conv-1;messageid=9', isGroup: true, conversationType: 'channel', name: '' },
};

describe('dialogs/conversationReference: storableReference', () => {
  it('keeps what a proactive reply needs, as plain JSON', () => {
    const ref = storableReference(activity);
    expect(ref).to.deep.include({ activityId: 'act-1', channelId: 'msteams', serviceUrl: 'https://smba.example/' });
    expect(ref.conversation?.id).to.equal('conv-1;messageid=9');
    expect(JSON.parse(JSON.stringify(ref))).to.deep.equal(ref);
    expect(Object.values(ref)).to.not.include(undefined);
  });

  it('is a copy: changing it leaves the activity alone', () => {
    const ref = storableReference(activity);
    ref.conversation!.id = 'changed';
    expect(activity.conversation!.id).to.equal('conv-1;messageid=9');
  });

  it('replaces the conversation id and drops the activity id when asked', () => {
    const ref = storableReference(activity, { conversationId: 'conv-1', withoutActivityId: true });
    expect(ref.conversation).to.deep.include({ id: 'conv-1', conversationType: 'channel' });
    expect(ref).to.not.have.property('activityId');
    expect(activity.conversation!.id).to.equal('conv-1;messageid=9');
  });
});
