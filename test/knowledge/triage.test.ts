// Emergencies, clinical questions and requests for a person, read from typed text as tables of cases.
import { expect } from 'chai';
import SearchableMap from 'minisearch/SearchableMap';
import { PhraseMatcher, phraseSpans, phrasesByFirstWord } from '../../knowledge/language/phrases.js';
import { tokenize } from '../../knowledge/language/tokenize.js';
import { Triage, type SafetyKind } from '../../knowledge/triage.js';

const triage = new Triage();

/** One test a message: each must be read as a clear request for a person. */
function itAsksForPerson(texts: readonly string[]): void {
  for (const text of texts) it(`${JSON.stringify(text)} asks for a person`, () => expect(triage.wantsPerson(text)).to.equal('clearly'));
}

/** ...and that none of these clearly does (a weak sign may still be read, and left to the answers). */
function itAsksForNoOne(texts: readonly string[]): void {
  for (const text of texts) it(`${JSON.stringify(text)} does not ask for a person`, () => expect(triage.wantsPerson(text)).to.not.equal('clearly'));
}

describe('Triage.safety', () => {
  const cases: [string, SafetyKind | undefined][] = [
    ["A resident has collapsed and isn't breathing", 'emergency'],
    ['Should we ring 111?', 'emergency'],
    ['call 999??', 'emergency'],
    // suicide and self-harm in the words people use ("threatening to kill themselves" was refused as off-topic)
    ['someone is threatening to kill themselves', 'emergency'],
    ['a resident keeps saying she wants to die', 'emergency'],
    ['he said he wants to take his own life', 'emergency'],
    ['gas leak in the kitchen', 'emergency'],
    ['resident is unresponsive and cold', 'emergency'],
    ['service user unconsious on the floor', 'emergency'],
    ['mr b has fallen and hit his head, theres a lot of blood', 'emergency'],
    ['she is not really breathing properly', 'emergency'],
    ['his lips have gone blue', 'emergency'],
    // a stroke described by its signs, and despair in the writer's own words
    ["his face has drooped and his speech is slurred", 'emergency'],
    ["mum cant lift her arm properly since this morning", 'emergency'],
    ['honestly i dont want to live like this', 'emergency'],
    ['sometimes i feel everyone would be better off dead without me', 'emergency'],
    ['resident took too many of her tablets', 'emergency'],
    ['I think she is having a strok', 'emergency'],
    ['a client said he wants to kill himself', 'emergency'],
    ['what dose of paracetamol can I give', 'clinical'],
    ['resident has a high temperature and a rash, what should we do', 'clinical'],
    ['is it safe to give ibuprofen with her other meds', 'clinical'],
    ['massive nose bleed that wont stop', 'clinical'],
    ['one of our residents has had loose stools for two days, how long before we ask the gp to review', 'clinical'],
    ['baby not feeding midwife worried', 'clinical'],
    ['urgent, I\'m locked out', undefined],
    ['URGENT my account is blocked and I need to email the hospital', undefined],
    ['its an emergency, I cannot log in to nhsmail', undefined],
    ['can I email a resident\'s medication list to the pharmacy?', undefined],
    ['Can I send patient information from NHSmail to someone\'s Gmail?', undefined],
    ['how do I set up the shared mailbox for the fitting room', undefined],
    ['my mailbox is dying, quota exceeded', undefined],
    // a clinical-sounding word inside a question about joining or using NHSmail
    ['we fell behind with the dspt this year, can we still register', undefined],
    ['can our nas registration go ahead if the toolkit is poorly done', undefined],
    ['is nhsmail fine for sending end of life care plans to the hospice', undefined],
    ['how do we share a dnacpr form with the ambulance crew by secure email', undefined],
    // care at the end of life is clinical, not an emergency; danger at any time still is
    ['a resident is at end of life, how much morphine can we give', 'clinical'],
    ['resident on end of life care has stopped breathing', 'emergency'],
    // not moving to another job is a leaver's answer; not moving is still an emergency
    ["she's not moving to another care home", undefined],
    ['not moving to a new provider, leaving care altogether', undefined],
    ['resident on the floor not moving', 'emergency'],
    ["he's not moving on the bed", 'emergency'],
    ['shes not moving, sorry to be a pain', 'emergency'],
    // a vulnerable resident gone for hours, a hazard in the building; a stroke unit is a service, not a stroke
    ['resident with dementia missing from the home, been gone hours and its dark', 'emergency'],
    ['flooding and electrics sparking in the residents corridor', 'emergency'],
    ['carer found client on floor cold', 'clinical'],
    ['the stroke unit wants us to use nhsmail, how do we sign up', undefined],
    ['he had a stroke on the stroke ward', 'emergency'],
    // a medicine given twice or the wrong one, and medicines carers name (warfarin was no marker: refused as off-topic)
    ['service user has taken double her warfarin this morning what should i do', 'clinical'],
    ['our night carer thinks she gave a resident his warfarin twice tonight, what should she do', 'clinical'],
    ['resident had a double dose of insulin', 'emergency'],
    ['the agency carer gave mrs k the wrong tablets at lunch', 'emergency'],
    ['it took double the time to register on the portal', undefined],
    ['can i email a residents warfarin chart to the gp', undefined],
    // "give it" gives what the scene named: a password is no medicine, the meds the gp sent are
    ['a man rang saying he was from the nhsmail helpdesk and wanted my password, should i give it', undefined],
    // a stroke's face and speech, and a fever with confusion, as carers put them; "confused" alone is about forms
    ['mr d looks droopy down one side and is slurring', 'emergency'],
    ['she has a high temp and is shivering and not making sense', 'clinical'],
    ['im confused, how does this work', undefined],
    ['the gp emailed the new meds on nhsmail, should i give them tonight', 'clinical'],
    // asking only what to do about a scene one of whose clauses is clinical and names nothing of NHSmail (email named
    // elsewhere had made these NHSmail questions; a clinical clause that names NHSmail keeps the message one)
    ['tried to email the district nurse but it bounced, she has a nasty blister on her heel, what do i do', 'clinical'],
    ['resident has fallen and has a cut on her arm, emailed the gp but no reply, what should i do now', 'clinical'],
    ['my email to the gp about her meds bounced, what do i do', undefined],
    ['our nurse who does the meds has left and her nhsmail is locked, what do we do', undefined],
    // what carers describe: bleeding from the head or through a dressing, a week's tablets at once, toes gone black, no
    // answer at a home visit, not drinking, a burn blistering, a slide out of bed
    ['cant get through on email, resident has fallen and is bleeding from the head, what do i do', 'emergency'],
    ['client has taken her whole dosette box at once and shes very sleepy', 'emergency'],
    // ...or told by what is left ("taken the lot" alone only where no NHSmail thing is named: an office takes the lot of
    // its accounts)
    ['found client with empty pill packets think shes taken the lot', 'emergency'],
    // blood from the head after a fall, told with an NHSmail question after it (B114)
    ['sorry quick one, mrs B has fallen in the bathroom, theres blood from her head and shes not making sense. also my nhs mail is locked', 'emergency'],
    ['mum has taken the lot, what do i do', 'emergency'],
    ['we took the lot of accounts they gave us', undefined],
    ['diabetic resident, 2 of his toes have gone black and cold', 'emergency'],
    ['home care call, client not answering the door, curtains all shut', 'emergency'],
    ['hasnt drunk hardly anything for 2 days and his wee is dark brown', 'clinical'],
    ['spilled hot tea on his leg and its blistering now, do we put cream on it', 'clinical'],
    ['resident slid out of bed last night, no marks, does she need checking over', 'clinical'],
    // whether to call 999 asked in a clause naming nothing of NHSmail, and what an email is reported to say
    ['the computer is down so cant email the surgery, resident has gone grey, do we ring 999', 'emergency'],
    ['do 999 call handlers use nhs.net email', undefined],
    ['the hospital emailed saying her bloods are off and to act on it today, the gp is shut, what do we do', 'clinical'],
    ['the gp emailed saying she needs our nhsmail address for the discharge, what do i do', undefined],
    // a temperature and a hot limb, loads of pain, an alarming syringe driver, a blood sugar read out, no one letting
    // the carer in; "really confused" said of the writer is about forms
    ['emailed the district nurse about his leg, it bounced, now its red hot and hes got a temp what do i do', 'clinical'],
    ['end of life lady in loads of pain and the hospice isnt answering emails', 'emergency'],
    ['syringe driver keeps alarming and i cant reach the hospice by email', 'emergency'],
    ['my nhs mail is locked and i need to tell the gp his sugars are 25 and hes being sick', 'emergency'],
    ['on a home visit, cant get into her flat, the office emailed the family, no reply', 'emergency'],
    ['im really confused by all this, what do i do', undefined],
    // facts got muddled are no muddled resident
    ['manager reckons nhsmail costs money per user, has she got it muddled', undefined],
    ['mum is muddled and not herself today', 'clinical'],
    // time off sick is no one sick
    ['back from long sick leave and my account says deactivated', undefined],
    ['the nurses who do the syringe driver handovers need nhsmail accounts, who do we ask', undefined],
    ['how do i log onto the emar system on the new tablet', undefined],
    // giving out accounts is no dose given ("give one of the residents" still is)
    ['how many nhsmail accounts do we get at our home, should i give one to every carer or just the seniors?', undefined],
    ['we use nhsmail, should i give one of the residents her paracetamol', 'clinical'],
    // violence going on now; a heart attack or a dead mailbox as a figure of speech
    ["A carer has just told me a resident's son hit her and he's still in the building shouting and throwing things. I started emailing the safeguarding team on NHSmail", 'emergency'],
    ["I'm going to have a heart attack if I see one more something went wrong message on the registration portal.", undefined],
    ['Our shared mailbox is dead. Completely dead. Nothing in or out since about 9 this morning', undefined],
    ['bleeding time away trying to fill this form in', undefined],
    ['Choking on the number of passwords they make us have', undefined],
    ['resident is choking on her food', 'emergency'],
    // a deleted account "dead for good", and emails taken too much of (blind set P24)
    ["a colleague's account was deleted last week, is it dead for good or can it be brought back?", undefined],
    ['a nurse overdosed on emails lol, our mailbox says quota exceeded, how do we clear it', undefined],
    ['he is dead, not breathing', 'emergency'],
    ['she took an overdose of her tablets', 'emergency'],
    ['', undefined],
  ];
  for (const [text, want] of cases) {
    it(`${JSON.stringify(text)} -> ${want ?? 'not a safety message'}`, () => expect(triage.safety(text)).to.equal(want));
  }
});

describe('Triage.wantsPerson', () => {
  const cases: [string, 'clearly' | 'maybe' | undefined][] = [
    ['can I speak to a real person', 'clearly'],
    ['agent', 'clearly'],
    // (2026-12-03, thirteenth session: a battery of requests in other words)
    ['i want to complain', 'clearly'],
    ['message a person', 'clearly'],
    ['raise this with someone', 'clearly'],
    ['hand over to a person', 'clearly'],
    ['need assistance from staff', 'clearly'],
    ['book a call', 'clearly'],
    ['can a human reply', 'clearly'],
    ['can a person read this', 'clearly'],
    ['i want to speak to the NAS', 'clearly'],
    ['how do i contact the nas', 'maybe'],
    ['can i raise this with my manager', undefined],
    ['Please can I have a call', 'clearly'],
    ['can i get a call', 'clearly'],
    ['can i get a call on my mobile when the mfa code is needed', undefined],
    ['speak to your boss', 'clearly'],
    ['my boss told me to ask here', undefined],
    // who is reached after what it is about, named as a person or the service
    ['I want to discuss our eligibility with an adviser', 'clearly'],
    ['can i talk through the registration with a person', 'clearly'],
    ['can we discuss a residents care with someone at the surgery', undefined],
    ['can i talk about the dspt with my manager', undefined],
    // formal, second-language and dialect requests
    ['pls connect human', 'clearly'],
    ['can ye phone me', 'clearly'],
    // text-speak "hav sum1 ... ring", and asking for a person (blind set P24)
    ['plz hav sum1 from help desk ring the home on 01632 960 555, ask 4 the deputy manager', 'clearly'],
    ['my mum says i should just ask for a person so can i have one please', 'clearly'],
    ['can i ask for someone\'s email address', undefined],
    ['i want to ask for more accounts', undefined],
    // someone "at your end", a call back asked of a person, a natter, dialect, another way than this chat (blind set P25)
    ['Is there someone at your end I can actually talk to about it?', 'clearly'],
    ["ey up, any chance of a proper person ringing me back, this thing's doing me head in", 'clearly'],
    ['mate can i just have a natter with someone about this', 'clearly'],
    ['is there a team I can email directly instead of using this chat', 'clearly'],
    ['at your end can you see my account', undefined],
    // the CQC contact ID is a thing: "rather than" and "contact" ... "the NAS" asked for no one
    ['can i use a one time passcode rather than the CQC contact ID on the NAS registration?', undefined],
    ['i would rather contact the nas', 'clearly'],
    // the NAS named alone, as "helpdesk" alone is (P25)
    ['NAS please', 'clearly'],
    ['nas registration', undefined],
    ['what is nas', undefined],
    // asking someone to write back, for a writer who cannot phone; "tallk" (blind set P26)
    ['I have a speech difficulty and cannot phone. Could a member of staff write to me by email so I can explain my problem', 'clearly'],
    ['i need to tallk to someone about my account', 'clearly'],
    ['can the local administrator write to me about the leaver', undefined],
    ['Kindly arrange a call from your officer', 'clearly'],
    ['please forward my query to the concerned team', 'clearly'],
    ['I would appreciate a call', 'clearly'],
    ['how do i connect outlook to nhsmail', undefined],
    ['our data protection officer wants to know about dspt', undefined],
    // a complaint that the answers have not helped
    ['this hasn\'t answered my question', 'maybe'],
    ['none of these are right', 'maybe'],
    ['I need more help than this', 'maybe'],
    ['none of them are registered with cqc', undefined],
    ['Human!', 'clearly'],
    ['operator please', 'clearly'],
    // someone to help, with nothing after ("a phone number for someone who can help" got hiding your mobile number)
    ['can i have a phone number for someone who can help', 'clearly'],
    ['is there someone who can help', 'clearly'],
    ['can anyone help with the dspt', undefined],
    ['i want to talk to a human', 'clearly'],
    ['is there a number I can ring', 'clearly'],
    ['can i talk to someone at the helpdesk', 'clearly'],
    ['can i have a word with somebody from nhsmail', 'clearly'],
    ['i had a word with the manager about nhsmail costs', undefined],
    ['who do I talk to about the DSPT', 'maybe'],
    ['this is useless', 'maybe'],
    ['this isnt helpful', 'maybe'],
    ["you're not helping", 'maybe'],
    ['who can i email about this', 'maybe'],
    ['how do I add a person to our shared mailbox', undefined],
    ['what is a local administrator', undefined],
    ['who is the registered manager', undefined],
  ];
  for (const [text, want] of cases) {
    it(`${JSON.stringify(text)} -> ${want ?? 'not asking for a person'}`, () => expect(triage.wantsPerson(text)).to.equal(want));
  }
});

describe('Triage.wantsPerson reads the structure of a request, not whole sentences', () => {
  // wording of our own, none from the labelled sets: a request verb and who to reach, who to reach alone, a number
  // asked for, someone to ring me, a complaint with someone named, slips of the fingers
  const asks: string[] = [
    "could i ring somebody about this please",
    "is there anyone there i could speak to",
    "id really like to talk with an actual human",
    "we need to speak to the help desk urgently",
    "pls can i chat with an advisor",
    "put me on to someone who knows",
    "let me talk to a person",
    "talking to a machine is no good, i want someone real",
    "get me someone on the phone",
    "is it possible to speak to someone today",
    "any chance of speaking with a human",
    "could you pass me to a human",
    "i want to contact the service desk directly",
    "how can i get hold of somebody",
    "how can we get in touch with an actual person",
    "i just want to phone someone",
    "send me a contact number",
    "can i have a phone number for you",
    "what is your telephone number",
    "is there a helpline number",
    "whats the number to ring",
    "number for a person pls",
    "human pls",
    "a real human please",
    "someone now",
    "live person",
    "agent please now",
    "staff member please",
    "can somebody call me back about my account",
    "please have someone ring us",
    "could someone phone me",
    "this bot is rubbish, let me talk to someone",
    "hopeless. i want an advisor",
    "you are not helping at all, get me a human",
    "are you a real person",
    "is this a bot",
    "speek to somone",
    "can i tlak to a humna",
    "i need to spaek to a persn",
    "real persn pls",
    "tech support pls",
    "phone number?",
    "can i get a callback",
    "id like to request a call back",
    "is there a helpdesk i can ring",
    "is there someone i could email",
    "no more chatbots, anyone i can phone?",
    "can i ring you",
    "could i give someone a ring",
    "id like to speak to your supervisor",
    // someone unnamed asked to take the matter on, or a real one to reach a colleague
    "can a human look at this please, the cqc contact id keeps getting rejected",
    "i want a person to sort out my password its not working",
    "can a real advisor phone our home manager please",
    // the bot, as a computer, talked to
    "im sick of talking to a computer, i need a person",
    // the national administration service is the helpdesk for care providers
    "can i speak to someone at the national administration service",
    // a quick word, a chat opened, escalated, put through, handed over, pinged, a team member to ring someone
    "would it be at all possible to have a quick word with one of your team about our dspt",
    "open a chat with an agent please",
    "I'd like this escalated to a member of staff please.",
    "ok that didnt work. can i get put through to someone",
    "Could you hand this over to a colleague of yours, a real one I mean",
    "can someone from the team ping me a call",
    "Can one of your advisors phone our manager on the home's landline tomorrow morning?",
    "Would somebody from NAS be able to ring the owner on his mobile?",
    "Would you be able to arrange for one of the team to give our home a call?",
    "are there real people on this or is it all automated",
    "honestly it would be easier to talk this through with a person, is that possible?",
    "I need someone from your side to look at it and give me a call, not another link",
    // a clause of its own, a letter typed again and again, a call back needed, someone asked for, a person not a page
    "one of our carers cant log in and has no laptop, can someone ring her mobile instead",
    "humannn",
    "the nurse in charge needs a call back, shes locked out and on nights",
    "my registered manager has asked for someone from nhsmail to ring her back at the home",
    "who do i speak to about GP locum accounts, a person not a webpage",
    "If there's a colleague of yours I could email directly about this that would be lovely",
    "Good morning, is there a number I could ring to discuss our shared mailbox with someone",
    "need someone on the dental side to call me back",
    "Hi, just wondering whether anybody is available to talk me through the DSPT bit over the phone",
    "can the national admin team phone our care coordinator, she has questions about the shared inbox",
    // the first clause a request whole, a chance of one, a call back possible, an advisor arranged, a call escalated
    "Human please, this is going nowhere",
    "Help! need a person asap, none of us can log in",
    "any chance of a human?",
    "Is it possible to get a callback today? the whole home is without email",
    "Kindly arrange for an advisor to telephone me about the name change on my account.",
    "Escalate my call to a team leader at the helpdesk",
    "talking to a human please",
    // contacted by someone, asked formally; a representative who contacts me; typed slips; a video call or a screen
    // share; a callback requested; someone at a service with a long name, on a manager's behalf
    "If it's not too much trouble, may I be contacted by someone on the support team regarding my locked account?",
    "Could I please request that a representative contacts me regarding the deletion of one of our carers' accounts?",
    "plz cal me bak re my acount its been dissabled",
    "Could we do a video call with someone from NHSmail so I can show them the error on my screen?",
    "Any chance of a screen share with a technician? The MFA setup on our office PC keeps failing.",
    "Requesting a callback before 5pm today from a helpdesk person about the accounts at our nursing home.",
    "Writing on behalf of our area manager - he'd like someone at the National Administration Service to contact him about self-management.",
    // a human's availability asked after; a person instead of this chat; a call from one of your advisers awaited; a
    // quick phone call with someone
    "is a human available to chat right now?",
    "is there a person who can help me instead of this chat",
    "when can i expect a call from one of your advisers, ill make sure im by the phone",
    "is it possible to have a quick phone call with somebody from the national administration service",
    // a call given to someone, by someone unnamed whom it would be possible for
    "would it be possible for an advisor to give our deputy manager a call, she's on 07700 900321",
    "can someone give the home a ring this afternoon",
    "is it possible for someone to ring our manager"
  ];
  // questions about people, numbers and the helpdesk that are not asking for one (a weak sign, 'maybe', leaves
  // them to the answers first)
  const about: string[] = [
    "how do i give a new starter access to our shared mailbox",
    "who looks after nhsmail accounts at our home",
    "can two carers share one login",
    "what should a new member of staff do on day one",
    "who decides which staff get an account",
    "our administrator has left, who takes over",
    "can i email somebody at the council from nhsmail",
    "how do i look up a person in the directory",
    "a staff member forgot her password",
    "i am the contact person for our home, what do i do next",
    "can staff phone in to get their codes",
    "what do you call the person who runs nhsmail at our home",
    "how do we connect our staff to the shared mailbox",
    "can i put my phone number on my profile",
    "how do i hide my mobile number",
    "do we need an ods number to register",
    "what number do i put on the form for cqc",
    "how many staff can have nhsmail at one site",
    "can a person hold accounts at two homes",
    "does each person need their own mfa device",
    "how do i remove someone who has left",
    "is the registered manager the right person to sign up",
    "can i call a gp surgery from nhsmail",
    "how do staff talk to each other securely",
    "my phone is new, how do i move the authenticator",
    "can agency staff have nhsmail",
    "can a human resources team use nhsmail",
    "can i use nhsmail to send the toolbox talk slides to staff",
    "who is responsible for our accounts after registration",
    "what happens when a person changes their name",
    "which person in the home should be the local admin",
    "how do people outside the nhs get our emails",
    "the helpdesk asked me to confirm my identity, is that normal",
    "what do staff do if the ai gets it wrong",
    "can i ask someone to set up mfa for me",
    "does the helpdesk phone number work at weekends",
    "our receptionist answers the phone, can she have an account",
    "can a resident's family ring the home about nhsmail",
    // someone asked to help is asked how, which the answers say
    "can anyone help me reset my password",
    // a computer that is a device, not the bot, with staff named
    "can the night staff read nhsmail on the ipad or does it need a special computer",
    // whether the helpdesk has people is a question about it
    "is the helpdesk staffed by real people or is it all automated",
    // what the service does, asked
    "does the team ring you back if you email them",
    // details for each person added, with "need" before
    "what details do i need for each person im adding to our pharmacy registration",
    // a complaint about something else, with someone who did something or the writer's own staff named
    "my new pharmacist has no nhsmail, someone sent her to the community pharmacy portal and it's no use at all",
    "half my night staff only have their phones, if nhsmail only works on a desktop its useless to us",
    // a call one hopes to be spared; whether someone else must reach anyone
    "How do I set up the reset so I don't have to ring anyone next time?",
    "A colleague can't get in after being off for two months - does she need to contact anyone or will logging in work?",
    // the writer's own call to the service, told as it opens the message
    "Ringing the helpdesk to have my password reset - will it be done while I'm on the phone or will I be waiting a day or two?",
    // a question about the number itself; one way of reaching the service or another; a means it may have; a call
    // the service makes, asked about on the way
    "is the helpdesk number free to call",
    "is it better to ring or email the helpdesk for a locked account",
    "can i contact the helpdesk by text",
    "if i email the helpdesk will they need to phone me to confirm who i am",
    // the way to reach the service asked after a greeting or a scene ("can i ring or email someone" still asks)
    "hi how do i contact the helpdesk",
    "deputy manager at a care home, what email address do i use to contact the nhsmail support desk",
    // ...or asked indirectly; and the service the writer writes to, to sort something, is the way asked about
    "Hi, could you tell me how I get in touch with the NHSmail helpdesk? Our new manager wants it on the office wall.",
    "manager and deputy both left and now nobody can get in the shared mailbox, can i just email the helpdesk to sort it?",
    // giving someone access is no call, nor staff ringing a surgery from NHSmail
    "how do i give someone access to the shared mailbox",
    "can staff give the gp a call from nhsmail"
  ];
  itAsksForPerson(asks);
  itAsksForNoOne(about);
  it('asking whether one must ring someone is only a weak sign, left to the answers', () => {
    expect(triage.wantsPerson('do i have to phone the service desk or is there a form')).to.equal('maybe');
    // "do I ring ... or ...?" asks which way to go, as "do I have to" does
    expect(triage.wantsPerson('do i call the helpdesk or use the reset portal for a forgotten password')).to.equal('maybe');
    expect(triage.wantsPerson('do we ring someone when a carer leaves or fill in a form')).to.equal('maybe');
    // ...as is asking whether the writer must contact someone, alone or after another way ("i need to speak to someone"
    // still asks, and so does "do i get to speak to a person")
    expect(triage.wantsPerson('do i need to contact someone')).to.equal('maybe');
    expect(triage.wantsPerson("My account's been flagged as deactivated after a quiet spell at the branch. Is it just a case of logging in again, or do I need to contact someone?")).to.equal('maybe');
    expect(triage.wantsPerson('i need to speak to someone')).to.equal('clearly');
    expect(triage.wantsPerson('do i get to speak to a person')).to.equal('clearly');
    expect(triage.wantsPerson('how do i contact an actual human')).to.equal('clearly');
    // ...and asking whether a real person does something, or the bot, is a question about the service (B111)
    expect(triage.wantsPerson("Our staff keep asking me whether a real person reads the emails sent to helpdesk@nhs.net or whether it's all automated. Do you know?")).to.equal(undefined);
    expect(triage.wantsPerson('can you check if a real person can ring me')).to.equal('clearly');
    expect(triage.wantsPerson('is there a real person or is it all automated, i want a human')).to.equal('clearly');
    // "can I ring the helpdesk or ...?" asks which ways the service has; "can I speak to someone or not" still wants one
    expect(triage.wantsPerson('can i phone the nhsmail helpdesk or is it email only')).to.equal('maybe');
    expect(triage.wantsPerson('can i speak to someone or not')).to.equal('clearly');
    expect(triage.wantsPerson('can i ring or email someone please')).to.equal('clearly');
    expect(triage.wantsPerson('human please, who do i ring')).to.equal('clearly');
    expect(triage.wantsPerson('can you tell me how to speak to a human')).to.equal('clearly');
    expect(triage.wantsPerson('i want someone from the helpdesk to sort it')).to.equal('clearly');
    expect(triage.wantsPerson('can i phone the helpdesk')).to.equal('clearly');
    // the service reaching the writer ("you") is what it does, asked about
    expect(triage.wantsPerson('does the helpdesk ever phone you first')).to.not.equal('clearly');
  });
  // a supposed call asks what happens then, a polite "if I could" still asks; text-speak, a "call back request" heading
  // and "this thing" for the bot are read; a call had already is reported; people counted are no one to reach
  const readings: [string, 'clearly' | 'maybe' | undefined][] = [
    ['if i ring the helpdesk about my account how will they know its me', 'maybe'],
    ['when we phone the service desk what do they ask for', 'maybe'],
    ['i was wondering if i could speak to someone', 'clearly'],
    ['when i call you nobody answers, can i speak to a person', 'clearly'],
    ['wud like to spk to sum1 re my acct', 'clearly'],
    ['would like to speak to someone re my account', 'clearly'],
    ['call back request - Sunrise Care Home, manager Pat, on 0161 496 0000', 'clearly'],
    ['can I just email someone directly instead of using this thing', 'clearly'],
    ['we had a call from someone saying they were from nhsmail and wanted our CQC contact ID, is that normal', undefined],
    ['i would like a call from someone', 'clearly'],
    ['how many staff can we ask for nhsmail for when we sign the pharmacy up', undefined],
    ['is there someone i can ask', 'clearly'],
    // someone unnamed asked to reach a colleague, to be contacted, contact details wanted to ring, advisors asked after
    ['could somebody ring our home manager back this afternoon', 'clearly'],
    ['please can someone from the nas team phone our deputy, she is in till 6', 'clearly'],
    ['the owner needs someone to contact her about our registration', 'clearly'],
    ['id like to be contacted by the helpdesk about our application', 'clearly'],
    ['send me the helpdesk contact details so we can ring them', 'clearly'],
    ['are any of your advisors available', 'clearly'],
    // ...but not anyone asked about reaching others with NHSmail, nor how to reach the helpdesk
    ['can anyone on our team email families from nhsmail', undefined],
    ['anyone know how to contact the helpdesk', undefined],
    // someone local who can help with the toolkit is a local support organisation, which the answers name
    ['struggling with the dspt, is there anyone local who could help us', undefined],
  ];
  for (const [text, want] of readings) it(`${JSON.stringify(text)} is read as ${want ?? 'no request'}`, () => expect(triage.wantsPerson(text)).to.equal(want));
  it('a complaint alone is a weak sign; with someone named it is a request', () => {
    expect(triage.wantsPerson('this is pointless')).to.equal('maybe');
    expect(triage.wantsPerson('this is pointless, is there a human')).to.equal('clearly');
  });
  it("the helpdesk's number is left to the answers first, any other number asked for is a request", () => {
    expect(triage.wantsPerson('service desk phone number?')).to.equal('maybe');
    expect(triage.wantsPerson('can i have a contact number')).to.equal('clearly');
  });
  it('asking how to reach the service is left to the answers first; asking how to reach a human is a request', () => {
    expect(triage.wantsPerson('where do i go to contact the support desk')).to.equal('maybe');
    expect(triage.wantsPerson('we need to ring the support desk')).to.equal('clearly');
    expect(triage.wantsPerson('how do i get hold of a human')).to.equal('clearly');
  });
});

describe('Triage.wantsPerson, round 2: text-speak, escalation, the bot turned down, call-backs, someone else named', () => {
  // wording of our own, none from the labelled sets
  const asks: string[] = [
    'could u get sum1 to ring me',
    'escalate to an advisor',
    'escalate please',
    'no more chatbots, a human for once',
    'stop the robot, somebody who knows',
    'could i get a ring back from support',
    'human help needed',
    'can i talk to one of you lot',
  ];
  itAsksForPerson(asks);
  it('asking what the service does when it rings you is left to the answers', () => {
    expect(triage.wantsPerson('will the service desk ring me to confirm my identity')).to.equal('maybe');
    // a person named, not the service: still a request
    expect(triage.wantsPerson('will someone ring me back today')).to.equal('clearly');
  });
  it('"talk to" or "ring" naming someone else is no sign at all', () => {
    expect(triage.wantsPerson('should i talk to our manager before we register')).to.equal(undefined);
    expect(triage.wantsPerson('carers want to speak with relatives by email')).to.equal(undefined);
    expect(triage.wantsPerson('do we have to phone our gp practice to get their address')).to.equal(undefined);
    // "talk to" with nothing, or "about", after it stays a weak sign
    expect(triage.wantsPerson('who would i talk to about our dspt')).to.equal('maybe');
  });
});

describe('Triage.wantsPerson, round 3: inside longer messages, polite, call-backs asked for, managers, complaints', () => {
  // wording of our own, none from the labelled sets
  const asks: string[] = [
    // someone to give me a ring or a call
    'could one of your team give me a ring this afternoon',
    'can somebody give us a call about it',
    // a call-back as the whole message
    'phone me back please',
    'call us back asap',
    // a call asked for from someone
    'id really like a ring from someone who can sort it',
    'could we have a call back from the support team',
    // text-speak slips
    'can i spk to sum1',
    'spk to agnt',
    // more typed forms, a word with someone, a callback asked for, escalation, someone fetched "just"
    'spek to a persn',
    'is anyone actually there',
    "I'd like a word with someone who knows",
    'my manager said to ask for a callback about our shared mailbox',
    "can i get escalated to a person, password reset isn't working",
    'livechat?',
    "I've been on this for an hour, just get me someone",
    'hellooo is there a human there',
    'stop, human',
    'i need escalation',
    'cud i tlk to someone',
    'hmn agent pls',
    // passed on to someone, after saying what is wrong
    "my account's been deleted by mistake. i need a person to sort this out, please pass me on",
    // a manager, not our own
    'put me through to a manager',
    'i want to speak to your manager',
    // someone on the phone
    'can i get a person on the line',
    // asking whom to reach after a complaint about the bot
    'this thing cant help me, who can i ring',
  ];
  itAsksForPerson(asks);
  it('our own manager, or one at the home, is someone else', () => {
    expect(triage.wantsPerson('can our deputy manager ring the helpdesk for me')).to.not.equal('clearly');
    expect(triage.wantsPerson('the home manager wants to talk to me about our account')).to.not.equal('clearly');
    expect(triage.wantsPerson('i need to speak to the practice manager first')).to.not.equal('clearly');
  });
  it('a role then "here" is who writes ("manager here, ..."), not who they want; asked for, a manager still is', () => {
    expect(triage.wantsPerson('manager here, one of our carers has left and wont be working in care again, how do i get her email shut down')).to.equal(undefined);
    expect(triage.wantsPerson('team leader here')).to.equal(undefined);
    expect(triage.wantsPerson('can i speak to a manager here')).to.equal('clearly');
    expect(triage.wantsPerson('anyone here')).to.equal('clearly');
  });
  it('how to reach someone with NHSmail or Teams asks about the tool: left to the answers', () => {
    expect(triage.wantsPerson('how do i video call somebody using teams')).to.not.equal('clearly');
    expect(triage.wantsPerson('how can i contact someone via nhsmail securely')).to.not.equal('clearly');
    // on the phone is no tool: still a person wanted
    expect(triage.wantsPerson('how do i speak to someone on the phone')).to.equal('clearly');
  });
  it('a question about how a tool reaches people is no request for a person at all, not even a weak one', () => {
    // a weak one became the person card whenever the answers were not sure
    expect(triage.wantsPerson('how do i ring someone through teams')).to.equal(undefined);
    expect(triage.wantsPerson('how can i message a colleague using nhsmail')).to.equal(undefined);
  });
});

describe('Triage.wantsPerson, round 4: whether anyone is there, words that press the point, colleagues at the service', () => {
  // wording of our own, none from the labelled sets
  const asks: string[] = [
    // whether someone is there, as the whole message
    'anybody around',
    'is there a human available',
    'are any real people online',
    // words that only press the point
    'seriously just a human pls',
    // one typed word for two
    'gimme someone',
    'lemme speak to a human',
    // someone at the service named as a colleague or one of the team
    'could i speak with a member of the team',
    'can one of your colleagues call me',
    'i need to speak to whoever deals with accounts',
  ];
  itAsksForPerson(asks);
  it('a colleague of our own, or one given access, is someone else', () => {
    expect(triage.wantsPerson('my colleague cant get into her email')).to.equal(undefined);
    expect(triage.wantsPerson('how do i let a colleague see my inbox')).to.equal(undefined);
    // presence words with a subject are no whole request
    expect(triage.wantsPerson('is there a person limit on a shared mailbox')).to.not.equal('clearly');
  });
});

describe('Triage.wantsPerson, round 4: talking it through, calls asked for, someone got to act', () => {
  // wording of our own, none from the labelled sets
  const asks: string[] = [
    // talking it through, discussing it, fetching someone
    'can we discuss it with an advisor',
    'fetch me a human',
    // someone to get in touch with me, or to write to me
    'please text me when someone is free',
    'could anyone from the helpdesk drop me an email',
    // a call to me asked for with only openers before it, whatever follows
    'call me on my mobile later',
    // a call or a chat with someone asked for
    'could we arrange a chat with a member of staff',
    // someone got to act, asked of the bot
    'please send someone to ring the office',
    'could you get an advisor to check my account',
  ];
  itAsksForPerson(asks);
  it('a call with someone on a tool, or someone got to act by someone else, is no request', () => {
    expect(triage.wantsPerson('how do i set up a video call with someone on teams')).to.not.equal('clearly');
    // a chat had, not asked for
    expect(triage.wantsPerson('we had a chat with someone at the council about it')).to.not.equal('clearly');
    expect(triage.wantsPerson('can our manager ask someone to cover the inbox')).to.equal(undefined);
    // the service writing to me is what it does: left to the answers
    expect(triage.wantsPerson('does the helpdesk email me a new password')).to.equal('maybe');
  });
  it('reads "who do i contact at the helpdesk" and "who can i speak to" as asking whom to reach: the answers first, a person when they have none', () => {
    expect(triage.wantsPerson('who do i contact at nhs mail support')).to.equal('maybe');
    expect(triage.wantsPerson('who do i ring at the helpdesk')).to.equal('maybe');
    // "who can i talk to about the pharmacy portal" is whom to contact about it, which the knowledge base says; with
    // nothing after it, whom one can speak to wants someone now
    expect(triage.wantsPerson('who can i speak to')).to.equal('clearly');
    expect(triage.wantsPerson('who can i talk to about the pharmacy portal')).to.equal('maybe');
    // after a complaint about the bot, a person at once
    expect(triage.wantsPerson("you're not helping, who can i talk to")).to.equal('clearly');
  });

  it('reads a request for a person in the sentence that makes it: how to reach the helpdesk, asked after a scene, is a question', () => {
    expect(triage.wantsPerson("i can't find a contact anywhere on the portal. how do i get hold of the helpdesk?")).to.equal('maybe');
    expect(triage.wantsPerson('how do i get hold of the helpdesk?')).to.equal('maybe');
    // a request stays one whatever sentence it is in, and a decline in one sentence sets aside only that one's words
    expect(triage.wantsPerson('my account is deleted. i need a person to sort this out')).to.equal('clearly');
    expect(triage.wantsPerson("i don't want a callback. just tell me how to reset it")).to.equal(undefined);
    expect(triage.wantsPerson("i don't want a bot. get me a person")).to.equal('clearly');
  });

  it('needing a human is a request; a thing named with a word for a person ("human resources") is not', () => {
    expect(triage.wantsPerson('need a human asap cant log in')).to.equal('clearly');
    expect(triage.wantsPerson('we need a human resources policy for email')).to.equal(undefined);
    expect(triage.wantsPerson('was it human error that sent the email to the wrong person')).to.equal(undefined);
  });
  it('someone named as part of a thing before "can we ask" is no one to reach', () => {
    // "staff accounts": the accounts are asked for
    expect(triage.wantsPerson('How many staff accounts can we ask for when registering our pharmacy?')).to.equal(undefined);
    expect(triage.wantsPerson('is there anybody I could actually talk to')).to.equal('clearly');
  });
});

describe('Triage.wantsPerson, round 4: someone to take this on, whom to reach, the helpdesk\'s number, what someone does', () => {
  // wording of our own, none from the labelled sets
  const asks: string[] = [
    // someone to take this on, at the end of the message
    'could a human step in please',
    'i need an advisor who can fix it',
    // the bot's own service, asked how to reach
    'how can i get hold of your support desk',
    // the helpdesk's number asked for
    "could i get the helpdesk's number",
    // someone named goes on to reach me
    'would a real person be able to ring me',
  ];
  itAsksForPerson(asks);
  it('someone taking something on that the message goes on to say, or the service asked what it does, is no request', () => {
    expect(triage.wantsPerson('will someone take over when our admin leaves')).to.equal(undefined);
    expect(triage.wantsPerson('does the helpdesk sort it')).to.equal(undefined);
  });
  it('asking whom to reach is a weak sign, left to the answers; whom someone else should ring is none', () => {
    expect(triage.wantsPerson('who should i phone about this')).to.equal('maybe');
    expect(triage.wantsPerson('whos the right person to call')).to.equal('maybe');
    expect(triage.wantsPerson('who should our admin ring')).to.equal(undefined);
  });
  it('whom one can reach, asked with nothing after but filler, wants someone now; with what about, it is left to the answers', () => {
    expect(triage.wantsPerson('who could we phone right now to get it fixed')).to.equal('clearly');
    expect(triage.wantsPerson('who can i speak to please')).to.equal('clearly');
    expect(triage.wantsPerson('who can i ring about my locked account')).to.equal('maybe');
    expect(triage.wantsPerson('who do i ring')).to.equal('maybe');
  });
  it('asking what someone will do, after a time, with "does" or beside another way, is a question about what happens', () => {
    // wording of our own, none from the labelled sets
    for (const text of [
      'pharmacist, will somebody email me the login or do i have to apply myself',
      'dentist here, after we register will someone phone us with our details',
      'starting at a new home soon, do i contact the helpdesk to keep my account',
      'got my details by email, is there anything else to do or will somebody ring me to finish',
      'once we apply does anyone contact us with the passwords',
      'my inbox is full, do i need to phone someone or can i clear it myself',
      'if i change my mobile number will the helpdesk still be able to reach me',
    ]) expect(triage.wantsPerson(text), text).to.not.equal('clearly');
    for (const text of ['will someone call me back please', 'its urgent, will somebody ring me asap', 'would someone phone me', 'when you get a minute could somebody ring me back']) {
      expect(triage.wantsPerson(text), text).to.equal('clearly');
    }
  });
  it('what someone unnamed will do, asked about, is no sign at all: an unsure knowledge base offers its topics', () => {
    expect(triage.wantsPerson('will someone ring me to set up the authenticator app or do i do it all myself')).to.equal(undefined);
    expect(triage.wantsPerson('after we register does somebody phone us with the passwords')).to.equal(undefined);
    // the service asked what it does stays a weak sign: its contacts are what the person may need
    expect(triage.wantsPerson('will the helpdesk phone me to check who i am')).to.equal('maybe');
  });
  it('a call back opening the message with the number to ring, someone got with nothing after, someone to liaise with', () => {
    // wording of our own, none from the labelled sets
    expect(triage.wantsPerson('ring back pls 07700900123')).to.equal('clearly');
    expect(triage.wantsPerson('call back on 07700900123 asap')).to.equal('clearly');
    expect(triage.wantsPerson('call back about our shared mailbox')).to.equal('maybe');
    expect(triage.wantsPerson('oi can you get a person on here')).to.equal('clearly');
    expect(triage.wantsPerson('can you get the helpdesk please')).to.equal('clearly');
    expect(triage.wantsPerson('liaise me with someone about my account')).to.equal('clearly');
  });
  it('what the writer believed or was told of the service is a weak sign; believed of a human, a request', () => {
    // wording of our own, none from the labelled sets
    expect(triage.wantsPerson('i assumed i had to ring the helpdesk whenever my password expires, is that right')).to.equal('maybe');
    expect(triage.wantsPerson('we were told to phone the service desk to get the account made')).to.equal('maybe');
    expect(triage.wantsPerson('i thought i could talk to a real person on here')).to.equal('clearly');
  });
  it('the helpdesk\'s number asked about with a way of reaching it between is left to the answers; asked to be given, a request', () => {
    // wording of our own, none from the labelled sets
    expect(triage.wantsPerson('whats the number to call for nhs mail support')).to.equal('maybe');
    expect(triage.wantsPerson('a number to ring for the helpdesk?')).to.equal('maybe');
    expect(triage.wantsPerson('a number to ring please')).to.equal('clearly');
    expect(triage.wantsPerson('give me a number to ring for the helpdesk')).to.equal('clearly');
  });
  it('an email address asked for reaching someone is a request; asked for nothing more, it may be an account wanted', () => {
    // wording of our own, none from the labelled sets
    expect(triage.wantsPerson('could you give me an email address for somebody at the helpdesk i could write to')).to.equal('clearly');
    expect(triage.wantsPerson('give me an email address')).to.equal(undefined);
    expect(triage.wantsPerson('how do i change my email address')).to.equal(undefined);
  });
  it('a thing someone is asked to bring back is no one reached', () => {
    expect(triage.wantsPerson('our shared mailbox was deleted, can somebody bring it back')).to.equal(undefined);
    expect(triage.wantsPerson('can someone bring a human')).to.equal('clearly');
  });
  it('asking whether to ring "you" about something asks which way, as asking whether to ring the helpdesk does', () => {
    expect(triage.wantsPerson('do i email or ring to tell you about a change of surname')).to.equal('maybe');
    expect(triage.wantsPerson('do we ring you about a new starter')).to.equal('maybe');
    expect(triage.wantsPerson('can i ring you')).to.equal('clearly');
  });
  it('a quick call asked for, or a call back from the email team, is a request', () => {
    expect(triage.wantsPerson('is there any chance of a quick call about our registration')).to.equal('clearly');
    expect(triage.wantsPerson('could somebody from the nhs email team ring me back')).to.equal('clearly');
    expect(triage.wantsPerson('can anyone from the email team talk to families by email')).to.equal(undefined);
  });
  it("the helpdesk's number asked about, not asked for, is left to the answers", () => {
    expect(triage.wantsPerson('what is the service desk phone number')).to.equal('maybe');
    expect(triage.wantsPerson('whats the contact number for the service desk')).to.equal('maybe');
    expect(triage.wantsPerson('how can i get hold of the support desk')).to.equal('maybe');
  });
  it('what someone does, asked about, is only a weak sign; a tool asked about is none', () => {
    expect(triage.wantsPerson('will a real person approve our registration')).to.equal('maybe');
    expect(triage.wantsPerson('could we ring someone through teams')).to.equal(undefined);
  });
});

describe('Triage.wantsPerson, round 5: a request turned down is no request', () => {
  // wording of our own, none from the labelled sets
  const declined: string[] = [
    "i don't want to speak to an advisor",
    'no need to call me back',
    "we'd rather not ring anyone, can you just answer",
    'i dont need a human thanks',
    "please don't put me through to the helpdesk",
    'dont transfer me im fine here',
    'not interested in a callback',
    'no callback needed thanks',
  ];
  for (const text of declined) it(`${JSON.stringify(text)} does not ask for a person`, () => expect(triage.wantsPerson(text)).to.equal(undefined));
  // the bot turned down, or a new clause that asks after all: still a request
  const asks: string[] = [
    "i don't want a chatbot, get me a person",
    "i don't want to wait around, i need to talk to someone now",
    "i don't need the phone number, i just want someone to ring me",
    'could i be connected to an advisor',
    'can i chat to sumone',
    'can i be put through to one of the helpdesk team',
  ];
  it('asking what the helpdesk\'s number is is a question the answers take first, as asking its email is', () => {
    expect(triage.wantsPerson("what's the phone number for the nhsmail helpdesk")).to.equal('maybe');
    expect(triage.wantsPerson('whats the email address for the helpdesk')).to.not.equal('clearly');
  });
  itAsksForPerson(asks);
});

describe('Triage.wantsPerson, round 6 (blind set P11)', () => {
  it('dealing with a person is a request for one; dealing with a leaver or a bot is not', () => {
    expect(triage.wantsPerson('i would rather deal with a person if that is ok')).to.equal('clearly');
    expect(triage.wantsPerson('how do i deal with a leaver')).to.equal(undefined);
    expect(triage.wantsPerson('i dont want to deal with a bot')).to.equal(undefined);
  });
  it('the helpdesk\'s email, named any way, is its contact as its number is: the answers first, the person reply when they cannot', () => {
    expect(triage.wantsPerson('whats the email address for the helpdesk so i can send them a message')).to.equal('maybe');
    expect(triage.wantsPerson('Kindly give me the email of support team.')).to.equal('maybe');
    expect(triage.wantsPerson('what is the helpdesk email address')).to.equal('maybe');
    expect(triage.wantsPerson('can i email the helpdesk')).to.equal(undefined);
  });
  it('what the helpdesk will do, asked mid-message, asks for no one', () => {
    expect(triage.wantsPerson('cant remember security questions will helpdesk still help')).to.equal(undefined);
    expect(triage.wantsPerson('locked out, would the helpdesk sort it')).to.equal(undefined);
    expect(triage.wantsPerson('i need the helpdesk to help')).to.equal('clearly');
  });
});

describe('Triage.wantsPerson, round 7 (blind set P12: people asked for by kind, complaints, calls by video, numbers typed in groups)', () => {
  const asks = [
    'customer care please',
    'is there anyone there at all?',
    'callback 07700 900123',
    'my number is 07700 900456 please ring me back about the mfa thing',
    'i want to make a complaint',
    'how do i escalate my ticket, its just been sat there ignored',
    'can we do a quick teams video call so i can show you whats going on with my inbox',
    'could one of your lot have a look at my screen please, the sign in page just keeps looping back',
    'is there an IT bod i can have a word with',
    'aye fine but ah need a real body tae sort this oot, no a computer',
    'need somebody to take control of my laptop and sort it because i honestly dont know what im doing',
    'can someone remote in and fix outlook for me',
    'i need an IT person to sort out outlook, its stopped pulling in my nhs.net mail since yesterday',
    'can i video call someone instead? im deaf so phoning isnt an option for me',
  ];
  itAsksForPerson(asks);
  const not = [
    'does the helpdesk phone you back if your extra accounts request is missing information',
    'Is our complaints team allowed to use nhsmail to reply to families about their complaints?',
    'how do i make a video call in teams',
  ];
  for (const text of not) it(`${JSON.stringify(text)} is no clear request for a person`, () => expect(triage.wantsPerson(text)).to.not.equal('clearly'));
  it('names the ways of reaching someone a request may use', () => {
    expect(triage.waysOfReaching('video call')).to.equal(true);
    expect(triage.waysOfReaching('payslip')).to.equal(false);
  });
});

describe('Triage.wantsPerson, round 8 (blind set P13: help the bot cannot give, intent, availability, another\'s voice, a word)', () => {
  const asks = [
    'this needs a human to look at tbh',
    'is there someone on the line today',
    "i can't type all this, i'd rather explain to someone",
    'my english is not good, i prefer to speak on phone',
    'the home manager says she wont deal with a bot and wants a human',
    'my boss says can someone from nhs mail phone her back, shes got questions about our accounts',
    'the pharmacist asked me to get someone on the phone for him, his account says disabled',
    'pls forward this to someone on the helpdesk, the reset portal keeps saying my details dont match',
    'i want to report this to someone, one of our carers sent a residents details to the wrong nhs.net address',
    'gonna have to chase this up with a human, third time my account has been switched off this year',
    'phone?',
    'contact?',
  ];
  itAsksForPerson(asks);
  it('ringing the helpdesk because someone said to is what was said, not a request', () => {
    expect(triage.wantsPerson('my manager says I should ring the helpdesk to unlock it, is there a quicker way')).to.not.equal('clearly');
  });
});

describe('Triage.wantsPerson, round 9 (blind sets P14, P15: a request after a complaint or before what it is about, one of the service named in full, a bot contrasted)', () => {
  const asks = [
    'stop sending me links i want a person',
    'this is rubbish i need a human',
    'Good afternoon, could I please arrange to speak with a member of the NHSmail support team?',
    'could i speak with a member of the nhsmail support team',
    'who do i speak to about GP locum accounts, a person not a webpage',
    'human not a robot pls',
    // (P15: who to reach first, then what about; or alone in a clause of its own)
    'human please its about mfa',
    'agent re a leaver',
    'agent - locked out of nhsmail',
    'Agent, locked out again',
    // (the everyday forms a chatbot's logs show: a transfer asked for, being handed on)
    'transfer to agent',
    'hand me to a human',
    'pass me to a human',
    // (Q1: a number asked for reaching someone, whatever follows)
    'whats the number to speak to somebody i keep getting locked out',
    'is there a number to speak to someone about the dspt',
    'i would rather talk to a person than a bot',
  ];
  itAsksForPerson(asks);
  const not = [
    // a person contrasted with what is no bot, and someone only supposed reached
    'how do i know an email is really from an nhs person and not a scam',
    "i'm a real person not a spammer, why is my email being blocked",
    'my manager said to try this chat before ringing anyone so here i am, what can you actually help with',
    'i tried this before ringing anyone',
    // (a way of reaching one is not who: "i need support" may ask the answers)
    'my account is locked i need support',
    // (the service named in full, then its number asked: the answers give it)
    'the nhsmail helpdesk, whats their number',
    // ("about to" is no matter to be about, and a word that may be anyone is no request alone)
    'person about to leave, what happens to her account',
    'someone, please help me with my account',
    'phone, email or post?',
    'can i transfer my account to someone else',
    'can we transfer to a new manager',
    'how do i message someone outside the nhs',
    // (the service's number is the answers' to give; one's own people are no one to reach)
    'whats the number for the helpdesk',
    'whats the number to speak to the helpdesk',
    'how do i change the number to speak to my carers',
    // (a way compared with another)
    'thanks youve been really helpful, better than talking to a person',
  ];
  for (const text of not) it(`${JSON.stringify(text)} asks for no person outright`, () => expect(triage.wantsPerson(text)).to.not.equal('clearly'));
});

describe('Triage.wantsPerson, round 10 (blind sets P16, P17: one of the service\'s team, a question run on without a comma, someone who knows, a call arranged)', () => {
  const asks = [
    // the service's own name opening its team's name is no tool to reach someone with
    'can i speak to someone in the nhsmail team please its about our care home account',
    'could i talk to somebody on the nhs mail team',
    // a question of its own, asked straight after what came before with no comma
    'im not very good with computers could someone talk me through it on the phone',
    'this makes no sense can somebody ring me',
    // someone who knows, asked for
    'no thats wrong. i need someone who actually knows what theyre doing',
    'is there anyone who knows how this works',
    // (P17) a call arranged or a chat had with someone, a call back asked for in the passive, asked if it is ok, and
    // "talk me through" a thing of NHSmail's, which is no tool to talk with
    'we have 35 homes and want to do the bulk upload, can someone from your team arrange a call with our it lead',
    'anyone from the nhsmail team free to have a chat about our group self managing 12 sites',
    'can i please be called back about our sponsored accounts from the council, number 07700 900 335',
    'would it be ok to speak with someone about the one time passcode, our registered manager cant find her certificate',
    'im a social worker moving to a different care provider next month, id like a human to talk me through keeping my nhs.net account',
  ];
  itAsksForPerson(asks);
  const not = [
    'how do i call someone on the nhsmail app',
    'how can someone get access to the shared mailbox',
    'we need someone who can add a new user to our shared mailbox',
    'does anyone who knows how it works use nhsmail on their phone',
    // (P17) whether anyone must be rung, what the helpdesk will do, a name one is called by, a tool to chat with
    'do staff need to call anyone when they get a new phone for the mfa',
    'will i be called back by the helpdesk after i log a ticket',
    'can i be called by my married name on nhsmail',
    'does anyone have a chat function on nhsmail',
    'can anyone call someone on teams',
  ];
  for (const text of not) it(`${JSON.stringify(text)} asks for no person outright`, () => expect(triage.wantsPerson(text)).to.not.equal('clearly'));
});

describe('Triage.safety: the blind sets\' emergencies, and their look-alikes (B52, P12, S14 to S19)', () => {
  // [what the message is, from which blind set, the messages]
  const cases: [SafetyKind | undefined, string, string[]][] = [
    [undefined, 'B52, P12', [
      'can someone ring me after 3, im on the floor till then',
      'oh brilliant another chatbot. let me talk to somebody with a pulse',
      'our care home wifi keeps dropping out every evening when the carers use the tablets for the care planning app, any idea how to fix the router?',
      'my zoom keeps crashing every time i try to join the safeguarding training session on my own laptop',
      'how do i book my flu jab through the nhs website',
    ]],
    [undefined, 'S14', [
      'how do i book staff in for their flu jab, does it come through nhsmail',
      'the printer on the 1st floor is dead again, who fixes that',
      'i nearly had a heart attack when i saw 300 unread emails lol how do i sort them',
      'our cpr refresher course booking came by email, how do i add it to my nhsmail calendar',
      'the diabetic nurse wants blood sugar readings emailed weekly, whats the safest way',
      'my email cant be found',
    ]],
    ['emergency', 'S14', [
      'one of our residents with dementia is missing, not in the building or garden and its dark',
      'my client wasnt home when i arrived for her visit, door wide open, she has dementia and cant be found',
      'found a young person in the bathroom cutting their arms badly',
      'one of our residents has tied something round his neck, we got it off but hes not right',
      'locked out of my account and a resident has fallen down the stairs and isnt moving',
    ]],
    ['emergency', 'S15', [
      "he's gone all floppy and won't answer me when i say his name",
      'just got to my call, door was unlocked, client lying at the bottom of stairs not talking',
      'he keeps going blank and twitching down one side, never had fits before',
      'someone has just pushed a carer down and is kicking her, in the car park of the home',
      "resident's son turned up drunk and is hitting his mum, we've locked the other residents away",
      "my client's husband is threatening her with a hammer, im in the hallway, what do i do",
    ]],
    [undefined, 'S15', [
      'the system went all floppy this morning and outlook wont open, is nhsmail down',
      'need to send a residents seizure care plan to the gp surgery, can i attach it to an nhs.net email',
      'the mental health crisis team asked us to use nhsmail instead of our normal email, why',
      'sepsis screening tool keeps going to junk in nhsmail, how do i stop that',
    ]],
    ['emergency', 'S16', [
      'nhsmail wont load AND theres smoke in the corridor on the first floor, residents in their rooms',
      'crashed my car on the way to my next call, other driver is trapped and not talking',
      'he says hes got a rope in his room and plans to hang himself tonight what do i do',
      'service user pulled the kettle over herself, huge burns on her legs and skin peeling off',
      'sorry cant sort the email now, my service user is having a severe asthma attack and the inhaler isnt working',
    ]],
    [undefined, 'S16', ['pharmacy wants to receive anaphylaxis reaction reports by nhsmail, how do we get a shared address']],
    ['emergency', 'S17', [
      'help resident down',
      "he's gone a funny colour and he's not answering me",
      'hes chocking on a sweet and going purple',
      'burn on her arm from the kettle skin coming off shes screaming',
      'there has been a car crash outside and someone is hurt',
    ]],
    [undefined, 'S17', [
      'my inbox is a car crash, how do I sort it into folders',
      'choking on all these emails lol, can i set rules in nhsmail',
      'breathing down my neck to get nhsmail set up by friday, what are the steps',
      "mailbox is full to bursting, can't breathe in there, how do I get more space",
      'account went unresponsive after i changed my mobile number',
      'signing in is a nightmare, fainted when i saw the mfa steps haha',
    ]],
    ['emergency', 'S18', [
      'our clinic email is down so im on here. baby is really hot and floppy and wont feed properly mum is panicking in the waiting room',
      'nhsmail wont load on the till pc. lady at the counter says she took her husbands tablets a whole strip of them about an hour ago',
      'new starter cant get into her account and while im sorting it a resident has started fitting on the floor',
      'cant open my emails to find the labour ward number. baby born 10 mins ago not crying and looks blue',
      'locked out of the portal but thats not important now. mum just delivered and blood is pouring out of her',
      'sorry was going to ask about my login but my customer has gone really confused sweaty and shaky hes diabetic',
      'the password reset email never came. also our baby at the clinic is hot limp and has a purple rash that doesnt go under a glass',
      'email bouncing back again. also one of our service users is pale sweaty confused and his blood sugar meter says low',
    ]],
    [undefined, 'S18', [
      'doing our first aid training records, can i send the stroke and heart attack course certificates to the council by nhsmail',
      'our policy on seizures and fitting needs sharing with the district nurses. can we send it from the shared mailbox',
      'im having a heart attack over how many emails are in this inbox haha how do i archive old ones',
      'this login is going to give me a stroke lol. keeps asking for the authenticator code',
      'the bleach and coshh risk assessment needs emailing to the inspector, does nhsmail work for non nhs addresses',
      'choking on the amount of spam in my nhs.net inbox, how do i report it',
      'pharmacy. we send sepsis and high temperature advice leaflets to patients, can i send them from the pharmacy nhsmail mailbox',
      'colleague who wrote our breathing difficulties policy has left and she was the only owner of the shared mailbox. now nobody can get in',
      'this reset has been a headache and a half, the security questions wont accept my answers',
      'the hot and floppy baby guidance from the trust came as an attachment and i cant download it on my phone',
    ]],
    // after a clause about NHSmail, a clause telling of a clinical sign now is read as it would be alone
    ['clinical', 'S19', [
      'portal wont accept my login. also the gentleman i visit at 10 has vomited what looks like loads of blood in the bowl',
      'my account says inactive. my husband just said its the worst headache of his life came on like a bang and hes being sick',
      'outlook keeps asking for my password over and over. meanwhile mr k fell in the bathroom and cant get up, his hip looks wrong and his leg is turned out',
      'mfa text not arriving again.. and Albert banged his head on the wardrobe hes on warfarin and now hes drowsy',
      'im getting account disabled message. my client has just told me she took 20 paracetamol last night and she feels sick',
    ]],
    ['emergency', 'S19', [
      'hi trying to reset my password but the security questions wont load. sorry sorry the lady in room 4 her eyes have rolled back and she isnt answering me',
      "Email keeps bouncing. On my visit just now I found a toddler alone in the flat, he's got a cut head and is crying, no adult anywhere",
      'he cant swallow anything not even water and his voice has gone weird and hes drooling, came on in the last hour',
      "Resident talking complete gibberish all of a sudden and can't lift her left leg",
      "the son is shouting at our carer and says hes going to hit her, she's scared and cant get out",
    ]],
    [undefined, 'S19', [
      'someone rang saying they were from the nhsmail helpdesk and asked for my password, should i give it',
      'Is it secure to send the safeguarding form about a child left alone at home to the council on NHSmail?',
      "can a care home get more than 10 nhsmail accounts, our night staff keep asking, it's a life or death thing for the rota haha",
      'we are doing choking and first aid training next week, can i email the certificates to staff nhs.net accounts',
      'email bounced back, its dead in the water',
      'im a foundation doctor starting my first rotation in august in leicester, how do i get an nhsmail account sorted before i start, medical school didnt tell us anything?',
    ]],
    ['emergency', 'S20', [
      "my lone visit, theres a man in clients flat whos drunk and threatening me, i've locked myself in the bathroom",
      'hes had a fit and now hes not really with it, lips are blueish and he wet himself. first time ever',
      "rang the bell and she didnt answer, neighbour says she hasnt seen her for 2 days, curtains shut, I'm outside now",
      // (an emergency beside a time long past is still one when it goes on now, or the time is recent)
      'she was assaulted last week and he is still threatening her, can i email the social worker on nhsmail',
      'he took an overdose an hour ago, can i email the gp on nhsmail',
      'last month he attacked a carer and today hes attacked another, can i report it by nhsmail',
      'a resident was assaulted last year and her son is threatening us now',
    ]],
    ['emergency', 'S21', [
      'client with dementia has got really agitated tonight hitting out at staff and banging his head on the wall, we cant calm him down',
      'service user has self harmed tonight cut on her arm quite deep, staff have put a dressing on, what else',
      'home care client hearing voices telling him to hurt his neighbour and hasnt slept for days',
      'pregnant lady in the pharmacy, 34 weeks, says the baby hasnt moved much today and asking if thats ok',
    ]],
    ['emergency', 'Q1', ["client's husband is shouting at her and i think he's about to hit her"]],
    ['clinical', 'Q1', ['customer says sudden loss of vision in one eye, what do we do']],
    // (yesterday is before now too, in a message about NHSmail; not when it goes on: "and is still unresponsive")
    [undefined, 'Q1', ['a resident collapsed yesterday and was taken to hospital, now the hospital wants us on nhsmail for the discharge']],
    ['emergency', 'Q1', ['she collapsed yesterday and is still unresponsive, can i email the gp']],
    // dangers named by their names, not told as a scene
    ['emergency', 'common wordings', [
      'the carbon monoxide alarm is going off in the kitchen',
      'theres domestic violence going on at my clients house right now',
    ]],
    [undefined, 'common wordings', [
      'we have a domestic violence policy, can i email it',
      'can i email the domestic abuse referral to the council on nhsmail',
      'carbon monoxide training certificates, how do i email them to staff',
    ]],
    // (the eye as an optician's front desk hears it: a clinical question, the same safety reply)
    ['clinical', 'S21', [
      'at the opticians, customer got a bit of metal in his eye grinding at work, very red and watering and his vision is blurry',
      "optician here, woman says she's got flashing lights and like a curtain coming across one eye since lunchtime",
      'child at the optometrist got poked in the eye with a stick at school, the pupil looks a funny shape',
    ]],
    // what photos or records are of names no clinical scene for a "give it" after it
    [undefined, 'S21', [
      'the practice nurse asked for our mailbox login so she can look at the wound photos herself, can i give it her',
      'can i email the wound photos to the district nurse on nhsmail',
    ]],
    // violence at home now, a child afraid to go home, self-harm, a sudden confusion, oxygen read on a finger probe
    ['emergency', 'S22', [
      'client says her husband hit her again last night and hes coming back later, shes terrified, im with her now',
      "a 14 yr old girl at the pharmacy just told me her step dad is hurting her and she's scared to go home",
    ]],
    ['clinical', 'S22', [
      'one of the lads in supported living has cut his arms quite deep and wont let us near',
      'is it normal for an old man to be this confused all of a sudden, he was fine yesterday and now hes seeing things',
      'what should a normal oxygen level be, hers is 86 on the finger thing',
    ]],
    // (Q2) an eye after surgery or with a curtain come down, a deep cut
    ['clinical', 'Q2', [
      'had a patient in for an eye test saying its like a curtain came down over one eye this morning',
      'patient had cataract surgery last week, says the eye is really painful red and blurry now',
      'one of our staff cut her hand badly on broken glass at work, its deep',
    ]],
    // (Q2) what paper is about, named after it; a home in crisis over staffing; a shock; a password typed with a slip
    [undefined, 'Q2', [
      'hospital wont email us the discharge notes for a patient who had a stroke unless we have nhsmail, why',
      "new resident's discharge letter is about a fracture, can the hospital send it to our nhs.net shared inbox",
      "the home is in crisis, i'm the only one with nhsmail and we need accounts for the nurses, how many can we have",
      'had a heart attack when i saw how full my mailbox is, how big can it actually be',
      'can i give my pasword to the deputy',
    ]],
    // someone in crisis, and a fracture told alone, still are
    ['emergency', 'Q2', ['client is in crisis and says she wants to end it all', 'he is in crisis what do i do']],
    ['clinical', 'Q2', ['she has a fracture']],
    ['emergency', 'Q2', ['call 999 she fell, the notes say she had a fracture last year']],
    // luck, too much email, a system struggling, fear of a new step
    [undefined, 'S22', [
      'overdose of emails in my inbox, its full and wont let me send anything',
      'nhs mail is choking on attachments, cant send the care plan pdf',
      'stroke of bad luck, my name changed after i got married and now my email still has my old name',
      "i'm terrified of the new mfa, can i email the helpdesk about it",
    ]],
    // an emergency told as well before now, in a message about NHSmail, is history
    [undefined, 'S20', [
      "a carer was attacked by a client last year and she's left now, how do i remove her account",
      'last year a resident took an overdose, can i email the coroner from nhsmail',
      'my manager had a fit when she saw how many nhsmail accounts we have',
    ]],
  ];
  for (const [kind, set, texts] of cases) {
    for (const text of texts) it(`${JSON.stringify(text)} is ${kind ?? 'no emergency nor clinical question'} (${set})`, () => expect(triage.safety(text)).to.equal(kind));
  }
  it('the words themselves still are', () => {
    expect(triage.safety('she has no pulse')).to.equal('emergency');
    expect(triage.safety('his blood sugar readings are 2.1 and hes not making sense')).to.equal('clinical');
    expect(triage.safety('resident has fallen on the 1st floor and is bleeding')).to.equal('clinical');
    expect(triage.safety('she took all the tablets')).to.equal('clinical');
    expect(triage.safety('resident has flu and a high temperature')).to.equal('clinical');
  });
});

describe('Triage.saysWhatAbout', () => {
  it('a request that says what it is about', () => {
    expect(triage.saysWhatAbout('can somebody ring me about our dspt')).to.equal(true);
    expect(triage.saysWhatAbout('the shared inbox is broken, i need to talk to someone')).to.equal(true);
  });
  it('a bare request, typos and text-speak included', () => {
    expect(triage.saysWhatAbout('put me through to the helpdesk')).to.equal(false);
    expect(triage.saysWhatAbout('can i spk to sum1 pls')).to.equal(false);
    expect(triage.saysWhatAbout('i want a real persn')).to.equal(false);
  });
});

describe('Triage.safety sets figures of speech aside', () => {
  it('"sorry to be a pain" is no clinical question', () => {
    expect(triage.safety('sorry to be such a pain, can you help me with something')).to.equal(undefined);
    expect(triage.safety('bit of a pain but who do i ask')).to.equal(undefined);
  });
  it('"giving me a headache" is no clinical question (B58); a headache itself still is', () => {
    expect(triage.safety('registering every single one seperately on the website is giving me a headache, is there a quicker way')).to.equal(undefined);
    expect(triage.safety('this portal is such a headache')).to.equal(undefined);
    expect(triage.safety('resident has a bad headache and is being sick')).to.equal('clinical');
    expect(triage.safety('the portal is giving me a headache but also mrs b has a terrible headache and blurred vision')).to.equal('clinical');
  });
  it('pain itself still is', () => {
    expect(triage.safety('sorry to be a pain but a resident has bad pain in her leg')).to.equal('clinical');
    expect(triage.safety('she is in pain, what can i give her')).to.equal('clinical');
  });
  it('reads a danger named just before paperwork, in a message about NHSmail, as what the paper is about', () => {
    // wording of our own, none from the labelled sets
    expect(triage.safety('can i email the falls and seizure chart to the gp')).to.equal(undefined);
    expect(triage.safety('how do i send our overdose incident report securely')).to.equal(undefined);
    // ... but not without NHSmail: a care plan named in an emergency is no paperwork question
    expect(triage.safety('shes having a seizure, care plan says call 999')).to.equal('emergency');
  });
  it('knows emergencies by how staff describe them: a collapse, someone missing, self-harm, a reaction, violence', () => {
    for (const text of [
      'mrs k has just collapsed in the dining room',
      "one of our residents didnt come home from the shops and it's dark",
      'found a young lad cutting himself in the garden',
      'her lips and tongue have swelled up after lunch',
      'a visitor is kicking off and has punched a carer',
      'his arm and leg have gone weak all of a sudden',
    ]) {
      expect(triage.safety(text), text).to.equal('emergency');
    }
    // "on the floor" in a care home is also where the work is
    expect(triage.safety("i've been working on the floor all week and forgot my nhsmail password")).to.equal(undefined);
  });
  it('"drowning in acronyms" is no emergency; someone drowning is', () => {
    expect(triage.safety("i'm new and drowning in acronyms, what is the dspt")).to.equal(undefined);
    expect(triage.safety('we are drowning under paperwork, how do we register')).to.equal(undefined);
    expect(triage.safety("the council keeps on about nhsmail and i'm drowning in systems already, what is it")).to.equal(undefined);
    expect(triage.safety("we're a six-person agency and i'm drowning in it. any pointers on the toolkit")).to.equal(undefined);
    expect(triage.safety("staff on long term sick, how often should they log on so it doesnt get turned off")).to.equal(undefined);
    expect(triage.safety("any tips so staff don't fire off confidential stuff to the wrong address")).to.equal(undefined);
    // "dose" typed for "does", and a tablet that is a computer; a dose asked about stays clinical
    expect(triage.safety('how long dose registraton take to go thru')).to.equal(undefined);
    expect(triage.safety('where dose a dentel practice get its ods cod')).to.equal(undefined);
    expect(triage.safety('can carers get into their mailboxes from company tablets in the field')).to.equal(undefined);
    expect(triage.safety('what dose of paracetamol can she have')).to.equal('clinical');
    expect(triage.safety('a resident is drowning in the bath')).to.equal('emergency');
    // tablets that are computers, repeat medicines ordered as an errand; tablets taken stay clinical
    expect(triage.safety('the tablets we use for care notes keep freezing, how do i restart them')).to.equal(undefined);
    expect(triage.safety('how do we set up proxy access so we can order repeat meds for residents thru the nhs app')).to.equal(undefined);
    expect(triage.safety('how many tablets can she take in a day')).to.equal('clinical');
  });
  it('a clinical question asked after a scene naming NHSmail is still clinical; sending the medicines named is not', () => {
    expect(triage.safety('discharge letter came through on nhsmail saying new meds, is it ok to crush amlodipine tablets')).to.equal('clinical');
    expect(triage.safety('the gp changed her meds, can i send the new list by nhsmail')).to.equal(undefined);
    // giving someone access is no medicine given, and a fire drill no fire; a fire is still an emergency
    expect(triage.safety('im a member of the shared inbox not the owner, can i give my colleague access to it')).to.equal(undefined);
    expect(triage.safety('best way to run a fire drill on nights')).to.equal(undefined);
    expect(triage.safety('should we give her paracetamol')).to.equal('clinical');
    expect(triage.safety('the fire door is jammed and a resident is trapped')).to.equal('emergency');
  });
  it('a threat to hurt someone, and a resident slapped, are emergencies, whatever NHSmail the message names', () => {
    expect(triage.safety('got an nhsmail from a family member saying theyre going to hurt mum when they visit tonight, what do i do')).to.equal('emergency');
    expect(triage.safety('i just saw a staff member slap a resident, its happening right now what do i do')).to.equal('emergency');
    expect(triage.safety('the email came in on the shared mailbox and she is in danger right now')).to.equal('emergency');
  });
});

describe('PhraseMatcher', () => {
  const m = new PhraseMatcher(['not breathing', 'chest pain', 'unconscious']);
  const find = (text: string) => m.find(m.normalise(tokenize(text)));
  it('finds a phrase with up to two words between its words', () => {
    expect(find('he is not really breathing')).to.equal('not breathing');
    expect(find('he is not at all well, breathing fast')).to.equal(undefined);
  });
  it('says where each phrase stands, as find reads it: first word to after its last, words between included', () => {
    expect(m.spans(m.normalise(tokenize('not really breathing and chest pain')))).to.deep.equal([
      { start: 0, end: 3 },
      { start: 4, end: 6 },
    ]);
    expect(m.spans(tokenize('he is fine'))).to.deep.equal([]);
  });
  it('puts right two letters typed the wrong way round, from four letters', () => {
    const people = new PhraseMatcher(['talk human']);
    expect(people.find(people.normalise(tokenize('can i tlak to a humna')))).to.equal('talk human');
  });
  it('puts right one slip in a long word, never a real English word', () => {
    expect(find('he is unconscous')).to.equal('unconscious');
    expect(find('chest pian')).to.equal(undefined);
    expect(find('chest paint')).to.equal(undefined);
  });
  it('reads each word once: the same slip, or a word neither listed nor English, is not searched for again', () => {
    const fuzzyGet = SearchableMap.prototype.fuzzyGet;
    let searches = 0;
    SearchableMap.prototype.fuzzyGet = function (this: SearchableMap, ...args: Parameters<typeof fuzzyGet>) {
      searches++;
      return fuzzyGet.apply(this, args);
    };
    try {
      const own = new PhraseMatcher(['not breathing', 'unconscious']);
      const words = tokenize('our nhsmail user is unconscous');
      expect(own.normalise(words)).to.deep.equal(['our', 'nhsmail', 'user', 'is', 'unconscious']);
      const first = searches;
      expect(first).to.equal(2);
      expect(own.normalise(words)).to.deep.equal(['our', 'nhsmail', 'user', 'is', 'unconscious']);
      expect(searches).to.equal(first);
    } finally {
      SearchableMap.prototype.fuzzyGet = fuzzyGet;
    }
  });
});

describe('phraseSpans', () => {
  const phrases = phrasesByFirstWord(['talk to a human', 'talk to', 'human', 'a human', '?!', 'talk to']);
  const cases: [string, [number, number][]][] = [
    // every place, in order of where each starts, then of the list: a repeated phrase twice, the empty one never
    ['can i talk to a human', [[2, 6], [2, 4], [2, 4], [4, 6], [5, 6]]],
    ['human human', [[0, 1], [1, 2]]],
    ['talk about a human', [[2, 4], [3, 4]]],
    ['', []],
  ];
  for (const [text, want] of cases) {
    it(JSON.stringify(text), () => expect(phraseSpans(tokenize(text), phrases).map((s) => [s.start, s.end])).to.deep.equal(want));
  }
  it('keeps each word\'s phrases in the order listed, by the word they open with', () => {
    expect([...phrases.keys()]).to.deep.equal(['talk', 'human', 'a']);
    expect(phrases.get('talk')).to.deep.equal([['talk', 'to', 'a', 'human'], ['talk', 'to'], ['talk', 'to']]);
  });
});

describe('Triage.wantsPerson, round 4: fetched from the helpdesk, looped in, a call with someone named first, which way, plans and calls had', () => {
  const asks = [
    'can you get someone from the helpdesk',
    'can you loop in someone from the helpdesk on this thread',
    'can someone from the helpdesk join this chat',
    'Is there anyone from the team I could have a quick Teams call with?',
    'is there someone i could have a word with',
    // a request after "but", someone who can, a member of the team, someone who could phone a colleague, checking an account
    'i know you probably cant do this but can u get someone to call me about our bulk upload spreadsheet?',
    'if you cant answer this i need someone who can. our ODS code has our old address on it',
    'Could you get a member of the NAS team to give our deputy Tom a ring on 07700 900552?',
    'Is there a person who could phone our admin Kelly on 01632 960305?',
    "And I'd like a person to check my account status please, I was off sick for three months",
    'someone from nhsmail please',
    'hand me over pls',
  ];
  itAsksForPerson(asks);
  const about = [
    // which way to reach the service, the other way first
    'do i email or phone the nhs male helpdesk for account problems wot r the options',
    'should i email or ring the helpdesk',
    // someone got something, not fetched to help
    'can you get someone added to our shared mailbox',
    'can you get someone from our home an account',
    // a call someone had, and a how-to about a tool
    'my manager i had a quick call with yesterday said to register',
    'how do i add someone to a teams chat',
    // a call had before, the writer's own plan to ring, a call turned down
    "Had a long call with the helpdesk last month about our MFA and it's all working now, thank you.",
    "I'm going to ring the helpdesk tomorrow about my locked account.",
    "I'm not ringing anyone today, I just want to understand it: if my account goes inactive, how long have I got before it's actually deleted?",
    'the carer who rang me yesterday said it was fine',
    // what someone does asked about, which of two something is, someone else's instruction, a call turned down
    "Does someone ring you to check it's really you when your password gets reset?",
    'will i get a call from the helpdesk about my extra accounts request or just a ticket number',
    'Is it a person or an automated system that checks our DSPT before we get approved?',
    "My boss told me to contact a person about NHSmail but I've no idea whether it's our IT or the national team who run our accounts.",
    'could you open an incident for our full mailbox yourself, dont really want to ring anyone',
  ];
  itAsksForNoOne(about);
});

describe('Triage.wantsPerson, exclamations (blind sets P28, P29)', () => {
  it('an exclamation says nothing of what is asked: read past, as if not typed', () => {
    for (const text of ['for the love of god get me a human', 'ffs get me a human', 'omg get me a human', 'for gods sake put me through'])
      expect(triage.wantsPerson(text), text).to.equal('clearly');
    expect(triage.wantsPerson('honestly how do i add a new starter')).to.equal(undefined);
  });
});

describe('Triage.wantsPerson, round 30 (blind sets P27-P29)', () => {
  it('asks for a person in these shapes', () => {
    for (const text of [
      'Would it be possible to arrange a call with a member of your support staff?',
      'is there an email address I can write to',
      'ringing you is easier for me, whats the number',
      'does anyone at nhsmail answer the phone, how do i reach them',
      'can one of your tech people call me and remote on to the office pc',
      'i want to chat to someone at nhs mail',
      'do you have any humans',
      'wnt 2 spk 2 a persn re my acct',
    ])
      expect(triage.wantsPerson(text), text).to.not.equal(undefined);
  });
  it('a figure of speech is no emergency', () => {
    expect(triage.safety('our dspt deadline is tomorrow and im having a heart attack about it')).to.equal(undefined);
    expect(triage.safety('the registration portal keeps choking on our cqc location id')).to.equal(undefined);
    expect(triage.safety('he had a heart attack about an hour ago')).to.equal('emergency');
    expect(triage.safety('resident is choking on a sweet')).to.equal('emergency');
  });
});

describe('Triage.wantsPerson, round 31 (the team\'s own shapes: escalation, preference, someone to do it)', () => {
  const asks = [
    'i need assistance from your team',
    'send this to the helpdesk',
    'forward my question to the helpdesk',
    'I want this looked at by a human',
    'Could I book an appointment with someone to go through the registration',
    'can someone walk me through it',
    'can someone show me how to do it over the phone',
    'prefer a human',
    'no more bots',
    'I need someone to help me in person',
    'i want someone to do it for me',
    'can a member of your team do this for me',
    'who can help me with this',
  ];
  itAsksForPerson(asks);
  const about = ['i have a word document to send to the gp', 'who is in charge of our nhsmail accounts', 'can i send a word doc by nhsmail'];
  for (const text of about) it(`${JSON.stringify(text)} does not ask for a person`, () => expect(triage.wantsPerson(text)).to.equal(undefined));
});

describe('Triage.wantsPerson: a number or address to chat to someone on', () => {
  it('is asked for as one to speak to someone on is', () => {
    expect(triage.wantsPerson('is there a number to chat to someone')).to.equal('clearly');
    expect(triage.wantsPerson('how do i chat to someone on teams')).to.equal(undefined);
  });
});

describe('Triage.wantsPerson, round 32 (plain requests the team tried: calling, complaining, someone to fix it)', () => {
  const asks = ['I would be grateful if you could put me in touch with someone', 'can i call you', 'i want to call you', "can i have someone's number", 'who can i complain to', 'I need someone to sort my account out', 'Can a person fix my account?'];
  itAsksForPerson(asks);
  const about = ['will the helpdesk call you back', 'if i call you will you know my account', 'how do i fix the sort order of my inbox'];
  for (const text of about) it(`${JSON.stringify(text)} does not clearly ask for a person`, () => expect(triage.wantsPerson(text)).to.not.equal('clearly'));
});

describe('Triage.wantsPerson, round 33 (blind sets B116-B122: "contact" as a noun)', () => {
  const about = ['contact details for the national administration service please', 'contact for the pharmacy nhsmail team?', 'contact info for the helpdesk'];
  for (const text of about) it(`${JSON.stringify(text)} asks for details, not clearly for a person`, () => expect(triage.wantsPerson(text)).to.not.equal('clearly'));
  const asks = ['contact the helpdesk for me', 'contact someone for me please', 'please contact me', 'contact details for your helpdesk please'];
  itAsksForPerson(asks);
});

describe('Triage.wantsPerson, round 34 (blind sets B116-B122: a person met before, told of)', () => {
  const told = [
    'I spoke to a real person at the helpdesk yesterday and they told me to just sign in again, but it still says deactivated. What now?',
    'a real person at the helpdesk gave me a ticket number yesterday, where do I put it when I email back?',
  ];
  for (const text of told) it(`${JSON.stringify(text)} tells of a person, asking for none`, () => expect(triage.wantsPerson(text)).to.not.equal('clearly'));
  const asks = ['I already spoke to a real person and it still doesnt work, i want a real person again', 'can a real person tell me what to do'];
  itAsksForPerson(asks);
});

describe('Triage, round 35 (blind sets B123-B125: a dead link, which one is meant, anyone real)', () => {
  it('reads a dead link or website as no emergency, and a dead person still as one', () => {
    expect(triage.safety('ive been told to register through NAS, where is the actual portal? the link on the councils page is dead')).to.equal(undefined);
    expect(triage.safety('the website is dead')).to.equal(undefined);
    expect(triage.safety('i think he is dead')).to.equal('emergency');
  });

  it('reads a clause saying which one is meant as no request, and asking whether anyone real is there as one', () => {
    expect(triage.wantsPerson('wheres the online registration for care homes, the national administration service one')).to.not.equal('clearly');
    expect(triage.wantsPerson('the nas one please')).to.equal('clearly');
    expect(triage.wantsPerson('is anyone real there who can sort this out')).to.equal('clearly');
  });
});

describe('Triage.wantsPerson, round 36 (blind sets B126-B129: transferred, someone said to be a person)', () => {
  it('reads being transferred to someone as a request', () => {
    expect(triage.wantsPerson("This isn't really helping - can I get transferred to a member of staff?")).to.equal('clearly');
  });

  it('reads someone said to be a person as no request, and asking whether one is there as one', () => {
    expect(triage.wantsPerson('my manager is a real person lol but she cant log in either, how do we sort hers')).to.not.equal('clearly');
    expect(triage.wantsPerson('is there a real person')).to.equal('clearly');
    expect(triage.wantsPerson('is a real person available')).to.equal('clearly');
  });
});

describe('Triage.wantsPerson, round 37 (blind sets B130-B133 and the fold: subject lines, "im a", call-backs, walking through)', () => {
  it('reads a request typed as an email subject, and no subject line alone as a request', () => {
    expect(triage.wantsPerson('Re: human please')).to.equal('clearly');
    expect(triage.wantsPerson('Re: helpdesk - who do we contact for nhsmail problems generally?')).to.not.equal('clearly');
  });

  it('reads someone who can ring back, or go through an account with the writer, as a request', () => {
    expect(triage.wantsPerson('is there someone at the helpdesk who can ring me back today')).to.equal('clearly');
    expect(triage.wantsPerson('Please could somebody go through my account with me live, I cant follow the written instructions. Thank you, Maureen')).to.equal('clearly');
    expect(triage.wantsPerson('does the helpdesk ring you back')).to.not.equal('clearly');
  });

  it('reads someone said, at the start, to be a person as no request', () => {
    expect(triage.wantsPerson('hes a real person, he just cant log in to nhsmail')).to.not.equal('clearly');
    expect(triage.wantsPerson('are you a real person')).to.equal('clearly');
  });
});

describe('Triage.safety, round 38 (dev set 3 after the fold: a password given)', () => {
  it('reads giving a password as no clinical question, and giving a medicine still as one', () => {
    expect(triage.safety('Our agency manager asked for everyones nhsmail passwords for an audit. should i give mine?')).to.equal(undefined);
    expect(triage.safety('can i give my password to my manager')).to.equal(undefined);
    expect(triage.safety('should i give her paracetamol')).to.equal('clinical');
  });
});

describe('Triage, round 39 (blind sets B134-B139: a message disowning email, a caller told of, a job done instead of you)', () => {
  it('reads an emergency in a message that says it is not about email as one', () => {
    expect(triage.safety('sorry not about email - client on my call has collapsed and isnt responding, what do i do')).to.equal('emergency');
    expect(triage.safety('nothing to do with nhsmail but a resident has collapsed, do i ring 999')).to.equal('emergency');
    // (saying so changes nothing for a message naming no danger)
    expect(triage.safety('not an email question but how do i reset the rota app')).to.equal(undefined);
  });
  it('reads a person who rang, phoned or emailed as told of, not asked for', () => {
    expect(triage.wantsPerson('a real person rang saying theyre from nhsmail asking for my password, is that legit')).to.not.equal('clearly');
    expect(triage.wantsPerson('a real person emailed me from the helpdesk, is it genuine')).to.not.equal('clearly');
    expect(triage.wantsPerson('can a real person ring me')).to.equal('clearly');
    // (what the writer did, in a clause of their own, is no act of the person asked for)
    expect(triage.wantsPerson('i want a real person ive called 3 times already')).to.equal('clearly');
    expect(triage.wantsPerson('i want a real person i told you already')).to.equal('clearly');
  });
  it('reads a job done "instead of going through you" as who does it, not as a request', () => {
    expect(triage.wantsPerson("my boss's care group has its own IT team, can they look after the nhsmail accounts themselves instead of going through you?")).to.equal(undefined);
    expect(triage.wantsPerson('can i ring someone instead of going through you')).to.equal('clearly');
    expect(triage.wantsPerson('im deaf so cant use the phone, can a person from the helpdesk help me by email instead of you')).to.equal('clearly');
  });
});

describe('Triage.wantsPerson, round 40 (dev set 3: alternatives a "who" question asks between)', () => {
  it('reads a list of alternatives after "who" or "which" as what is asked between, not a request', () => {
    expect(triage.wantsPerson('once the homes are on nhsmail who manages the accounts day to day, us, the manager, or the NHS? i cant find them in their M365 admin centre')).to.equal(undefined);
    expect(triage.wantsPerson('which do i contact, the helpdesk, or the local administrator?')).to.not.equal('clearly');
  });
  it('still reads alternatives asked for as a request', () => {
    expect(triage.wantsPerson('this is going nowhere, a human, or someone at the helpdesk please')).to.equal('clearly');
    expect(triage.wantsPerson('can i speak to the manager, or a supervisor')).to.equal('clearly');
  });
});

describe('Triage, round 41 (blind sets B142-B145: a job title, an email being sent, the writer\'s own purpose, someone in a clause of their own)', () => {
  it('reads a medical job title and an email about medicines as no clinical question', () => {
    expect(triage.safety("how does a locum GP register for nhsmail? our medical advisor asked me as she's going freelance")).to.equal(undefined);
    expect(
      triage.safety("Our local pharmacy keeps changing staff, is their NHSmail address tied to a person or to the shop itself? I want to be sure I'm emailing the right one about our patients' medicines."),
    ).to.equal(undefined);
    expect(triage.safety('i need medical advice for a resident')).to.equal('clinical');
    expect(triage.safety('im emailing the gp because mum has chest pain, should i call 999')).to.equal('emergency');
  });
  it('reads the writer\'s own purpose, and someone in a clause of their own, as no request', () => {
    expect(triage.wantsPerson('can you give me a quick rundown of what it actually is so i can explain it to the manager')).to.not.equal('clearly');
    expect(triage.wantsPerson('After we join through the national portal, who do I contact when someone needs adding or taking off?')).to.not.equal('clearly');
    expect(triage.wantsPerson('can i speak to someone when the helpdesk opens')).to.equal('clearly');
    expect(triage.wantsPerson('i need to talk to a person so i can sort this')).to.equal('clearly');
  });
});

describe('Triage.wantsPerson, round 42 (blind sets B134-B145: requests in words of their own)', () => {
  const asks = [
    'can i message an actual member of staff at the helpdesk instead',
    'can i be passed on to one of the helpdesk people please, its complicated',
    'is there someone real on the other end? i need to talk to them about our accounts',
    'i want person not this',
  ];
  itAsksForPerson(asks);
  const not = ['how do i message someone in another care home securely', 'i got a message from the helpdesk saying my account is locked', 'can i message the gp from nhsmail'];
  itAsksForNoOne(not);
});

describe('Triage, round 43 (blind sets B134-B147 folded: "sick of", a thing told to use)', () => {
  it('reads "sick of" as a figure of speech, and being sick still as clinical', () => {
    expect(triage.safety('sick of talking to a computer, can i speak to someone')).to.equal(undefined);
    expect(triage.safety('get me someone from the nhsmail team NOW i am sick of going round in circles')).to.equal(undefined);
    expect(triage.safety('she has been sick all night')).to.equal('clinical');
    expect(triage.safety('im sick of this, the resident has been sick three times and is drowsy')).to.equal('clinical');
  });
  it('reads the bot as talked to only with "to" just before it, not "told me to use this thing"', () => {
    expect(triage.wantsPerson('a real person at the ICB told me to use this thing. fine. how do i get the new care coordinator a login')).to.not.equal('clearly');
    expect(triage.wantsPerson('fed up talking to a machine, give me a person')).to.equal('clearly');
    expect(triage.wantsPerson('sick of talking to this thing, a human please')).to.equal('clearly');
  });
});

describe('Triage.wantsPerson, round 44 (dev set 3 after the model trained on its older sets: a call wanted on a number)', () => {
  // the question beside it is now answered with confidence, so only a clear request still brings the helpdesk's contacts
  itAsksForPerson([
    "on behalf of our registered manager: she wants to speak with someone about whether we should go through NAS or let the local trust sponsor us, they've offered. she'd like a call on 07700 900374 any time after 2pm, thanks",
    "we'd like a call back on the office number please",
  ]);
  it('leaves a call made with a tool, or to someone else, to the answers', () => {
    expect(triage.wantsPerson('can i call her on teams')).to.not.equal('clearly');
    expect(triage.wantsPerson('how do i ring him on his mobile from nhsmail')).to.not.equal('clearly');
  });
});

describe('Triage, round 45 (blind sets B148-B151 folded: staff rather than the assistant, a fit with no article)', () => {
  itAsksForPerson([
    'I would be grateful if a member of staff, rather than this assistant, could take up my query.',
    'Would it be possible to continue this conversation with one of your support staff instead?',
  ]);
  it('reads "having fit", the article dropped, as an emergency, and a manager who "had a fit" still as none', () => {
    expect(triage.safety('resident having fit for 5 minutes and not stopping')).to.equal('emergency');
    expect(triage.safety('my manager had a fit when she saw how many nhsmail accounts we have')).to.equal(undefined);
  });
});
