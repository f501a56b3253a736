// Commands and small talk are recognised however they are typed; questions that merely contain the words are not.
import { expect } from 'chai';
import { IntentMatcher, type Intent } from '../../knowledge/intents.js';

const intents = IntentMatcher.load();

const CASES: [text: string, intent: Intent | undefined][] = [
  ['help', 'help'],
  ['Help!', 'help'],
  ['HELP', 'help'],
  ['help!!!', 'help'],
  ['   help   ', 'help'],
  ['help me', 'help'],
  ['What can you do?', 'help'],
  ['?', 'help'],
  ['what can you actually help with', 'help'],
  ['ok what sort of things can you help with?', 'help'],
  ['How can you help me?', 'help'],
  ['menu', 'menu'],
  ['Main Menu', 'menu'],
  ['back to menu', 'menu'],
  ['home', 'menu'],
  ['start over', 'startOver'],
  ['START OVER', 'startOver'],
  ['Start again.', 'startOver'],
  ['restart', 'startOver'],
  ['cancel', 'cancel'],
  ['Cancel!', 'cancel'],
  ['Cancel.', 'cancel'],
  ['cancel...', 'cancel'],
  ['stop!', 'cancel'],
  ['never mind', 'cancel'],
  ['nevermind', 'cancel'],
  ['forget it', 'cancel'],
  ['no thank you', 'cancel'],
  ['hi', 'greeting'],
  ['Hello!', 'greeting'],
  ['hello?', 'greeting'],
  ['Good Afternoon.', 'greeting'],
  ['hiya', 'greeting'],
  ['hi there!', 'greeting'],
  ['thanks', 'thanks'],
  ['Thank you.', 'thanks'],
  ['thank you very much', 'thanks'],
  ['Thanks!!', 'thanks'],
  ['cheers', 'thanks'],
  ['ta', 'thanks'],
  ['ok thanks', 'thanks'],
  ['yes', 'yes'],
  ['Yes!', 'yes'],
  ['yep', 'yes'],
  ['y', 'yes'],
  ['Okay.', 'yes'],
  ['that helped', 'yes'],
  ['yes it was', 'yes'],
  ['no', 'no'],
  ['No.', 'no'],
  ['NO!!', 'no'],
  ['nope', 'no'],
  ['nah', 'no'],
  ['not really', 'no'],
  ["no it wasn't", 'no'],
  ["that didn't help", 'no'],
  ['thumbs down', 'no'],
  // Questions and answers that contain a command word are not commands.
  ['how do i cancel my account', undefined],
  ['cancel my nhsmail', undefined],
  ['stop my account', undefined],
  ['help with dspt', undefined],
  ['i need help with my password', undefined],
  ['start my registration', undefined],
  ['hi how do i reset my password', undefined],
  ['thank you, how do i get more accounts', undefined],
  ['yes we are cqc registered', undefined],
  ['no we have no it team', undefined],
  ['', undefined],
  ['...', undefined],
  // Polite forms of commands and thanks.
  ['help please', 'help'],
  ['cancel please', 'cancel'],
  ['menu please', 'menu'],
  ['start over please', 'startOver'],
  ['thank you so much', 'thanks'],
  ['many thanks', 'thanks'],
  // who or what the assistant is; the name on an account is a question
  ["what's your name?", 'about'],
  ['who made you', 'about'],
  ['what is your name on the account', undefined],
];

describe('IntentMatcher', () => {
  for (const [text, intent] of CASES) {
    const title = `${JSON.stringify(text)} -> ${intent ?? 'not an intent'}`;
    it(title, () => {
      expect(intents.match(text)).to.equal(intent);
    });
  }

  it('matches "contains" phrases inside a longer message', () => {
    const m = new IntentMatcher({ help: { exact: [], contains: ['talk to a person'] } });
    expect(m.match('can I talk to a person please')).to.equal('help');
    expect(m.match('talking to a personnel officer')).to.equal(undefined);
  });
});
