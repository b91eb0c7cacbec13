// === Every sentence the safety layer says. Plain text, warm, no alarm words, no exclamation marks.
// Placeholders: {{emergency}} (the country's emergency number), {{country}} (its name).

/** The words Steady uses when someone may be in danger, when it asks, and when it steps back. */
export const SAFETY_TEXTS = {
  /** First answer when the user may harm themselves. */
  openSelf:
    "Thank you for telling me. What you wrote sounds really heavy, and I'm taking it seriously. I'm putting the coaching aside for now, because how you are matters more than anything we were doing.",
  /** First answer when the user is being hurt, threatened or controlled, or is afraid. */
  openAbused:
    "I'm glad you told me. Nobody deserves to be hurt, threatened or controlled, and none of it is your fault. I'm putting the coaching aside for now; your safety comes first.",
  /** First answer when the user may harm someone else. */
  openHarmOthers:
    "Thank you for being honest with me. Feelings this strong can build up when a marriage is coming apart, and saying them here instead of acting on them matters. I'm putting the coaching aside for now, because keeping everyone safe, you included, comes first.",
  /** Added when the danger may be now. */
  now: 'If you might act on this soon, or someone could get hurt right now, please call {{emergency}} or go to the nearest hospital.',
  /** The question at the end of every crisis answer. */
  askSafe: 'Are you safe right now? You can answer in your own words, or just yes or no.',
  /** What Steady is, and that the coaching will wait. */
  whatSteadyIs:
    "A word about me: Steady is an automated self-help coach. I'm not a therapist, I can't give legal advice, and I'm not a crisis service, so I can't call anyone for you. The people listed above can talk with you right now. The coaching will wait for you; we can pick it up later.",
  /** The user wrote again about harm while a crisis conversation is open. */
  more: "Thank you for telling me more. I'm still here, and I'm still taking this seriously.",
  /** The user wrote something else while a crisis conversation is open. */
  stillHere:
    "I'm still here with you. Before we go back to anything else, I'd like to know how you are. The places I listed are there whenever you need them; type /sos to see them again.",
  /** The user said once that they are fine: ask one more time. */
  askAgain:
    "I'm glad to hear that, and I'm sorry if I read too much into it. I'd still rather ask twice than miss something: are you safe right now, with no thoughts of hurting yourself or anyone else?",
  /** The user said they are not safe. */
  notSafe:
    "Thank you for telling me the truth. That takes courage. Please reach out to one of these now, or call {{emergency}} if you might act on it soon. If someone you trust is nearby, let them know how you're feeling and stay with them.",
  /** The crisis conversation closes. */
  closed:
    "Thank you for letting me know. I'm glad you're safe. Whenever you want to carry on, type /menu. If things get heavy again, /sos shows the people you can reach, any time.",
  /** A gentle question about a phrase that may be a figure of speech or may be more. */
  askSelf:
    'Can I check something before we go on? People say that for different reasons. Sometimes it means things are hard to bear, and sometimes it means thoughts of hurting themselves or of not being alive. Are you having thoughts like that?',
  /** A gentle question when the user says someone "will kill" them. */
  askFear:
    "Can I check something before we go on? Often that's just a way of talking, and sometimes it means a person is really afraid. Are you afraid that someone might hurt you?",
  /** The user answered the gentle question with a no. */
  answeredNo: "Thank you for telling me. Let's carry on: you can answer where we left off, or type /menu.",
  /** Distress without danger: a short check-in, then the conversation goes on. */
  distress:
    "That sounds really hard, and I'm glad you said it. Go gently with yourself today. If it ever starts to feel unsafe, type /sos and I'll show you people you can talk to straight away.",
  /** Someone else's crisis: support for the user, resources for the other person. */
  thirdParty:
    "That sounds frightening, and it's a lot to carry on top of everything else. You can't be their counsellor, and you don't have to be. If they might act on it now, call {{emergency}}. Otherwise you can gently encourage them to reach one of these, or call one yourself to ask how best to help:",
  /** Heading of the resources list. */
  resourcesIn: 'People you can reach in {{country}}:',
  /** Heading of the resources list when Steady has no list for the country. */
  resourcesAnywhere: 'People you can reach wherever you are:',
  /** The emergency line in the list. */
  emergencyLine: 'If you or someone else could be hurt right now: {{emergency}}',
  /** The emergency line when the country is unknown. */
  emergencyAnywhere: 'If you or someone else could be hurt right now, call your local emergency number.',
  /** The directories line under a country's list. */
  elsewhere: 'Somewhere else? These directories list helplines in most countries:',
} as const;

/** Why Steady no longer helps with contacting the spouse; the contact flow shows these too. */
export const GATE_TEXTS = {
  legal:
    "Because of what you've told me about a court order, bail conditions, the police, or a clear request to stop contact, I won't help with contacting your spouse from now on, in any form: no drafting messages, no choosing a time, no nudges, and no passing things on through friends, family or the children. That isn't a judgement of you. Keeping to it protects you as well as them. What I can do is help with your side of things: the daily self-work, steadying yourself, and thinking through what you want. For what the order or the conditions allow, a family lawyer is the right person to ask.",
  safety:
    "Because what you've told me touches on someone's safety, I won't help with contacting your spouse from now on, in any form: no drafting messages, no choosing a time, no nudges, and no passing things on through friends, family or the children. That isn't a judgement of you; safety simply comes before everything else here. I can still help with your own side: steadying yourself, the daily self-work, and planning next steps. A family lawyer can advise on the legal side, and the people in /sos can help with staying safe.",
  stalking:
    "Some of what you describe, like keeping track of where your spouse is, looking into their messages, turning up where they are, or finding a way around a block, can feel like staying close. For the other person it takes away their choice, it usually pushes them further away, and it can have legal consequences. So I won't help with contacting your spouse from now on, in any form: no drafting messages, no choosing a time, no nudges, and no passing things on through friends, family or the children. I can help with the hard part: sitting with not knowing, and putting that energy into yourself. A family lawyer can tell you where you stand, and if the urge to check feels bigger than you, a counsellor can really help.",
} as const;
