import type { RuleData } from './rule-schema.js';

// === Rules that never stop a journey: someone else's crisis, distress, and phrases Steady asks about.

/** Someone else's crisis (a spouse, a child, a friend): a supportive note, no crisis takeover. */
export const THIRD_PARTY_RULES: readonly RuleData[] = [
  {
    id: 'thirdParty.about-someone',
    category: 'thirdParty',
    explicit: true,
    negatable: false,
    patterns: [
      '\\b(?:kill|killed|killing|kills|hurt|hurting|hurts|harm|harming|harms|cut|cutting|cuts|hang|hanged|hanging|hangs|drown(?:ed|ing)?|shot|shoot|poison(?:ed|ing)?|starve[sd]?|starving|burn(?:s|ed|ing)?|unalive[sd]?) (?:him|her|them|your|one)sel(?:f|ves)\\b',
      '\\b(?:end(?:ing|ed|s)?|take|taking|took|takes) (?:her|his|their) (?:own )?life\\b',
      '\\b(?:died|dead|death|lost (?:him|her|them)) (?:by|to) suicide\\b',
      "\\b(?:she|he|they) (?:is|was|are|were|has been|had been|'s) suicidal\\b",
    ],
  },
];

/** Hurting: a gentle check-in, and the conversation goes on. */
export const DISTRESS_RULES: readonly RuleData[] = [
  {
    id: 'distress.low',
    category: 'distress',
    tier: 'distress',
    explicit: false,
    selfOnly: true,
    patterns: [
      "\\bcan'?t stop crying\\b|\\b(?:crying|cried) (?:all (?:day|night)|myself to sleep|every (?:day|night))\\b",
      "\\b(?:feel|feeling|felt|i'?m|am|so|completely|totally) (?:so |completely |totally |utterly |really )?hopeless\\b",
      "\\b(?:i'?m|i am|i feel like i'?m|my life is|everything is|i'?ve been) (?:completely |totally |just )?falling apart\\b",
      '\\b(?:so |really |very |severely |clinically )?depressed\\b|\\bmy depression\\b',
      '\\b(?:feel|feels|feeling|felt) (?:so |completely |totally |really |utterly )?(?:empty|numb|worthless|useless|broken|hollow|pointless|meaningless)\\b',
      '\\b(?:everything|life|it all|my life) (?:is|feels|seems) (?:so |completely |totally |just )?(?:pointless|meaningless|empty)\\b',
      '\\b(?:feel|feeling|felt) (?:so |completely |totally |utterly )(?:alone|lonely)\\b',
      "\\b(?:haven'?t|have not|can'?t|cannot) (?:slept|sleep|eaten|eat)\\b",
      '\\bpanic attacks?\\b|\\bbreaking point\\b',
      "\\b(?:i'?m|i am) (?:a|such a|a complete|a total|an absolute) (?:wreck|mess)\\b",
      "\\bcan'?t (?:get out of bed|get up in the morning|face the day|function|stop shaking)\\b",
      "\\b(?:feel like i'?m|i'?m|i am) (?:drowning|suffocating|sinking)\\b(?! in )",
      '\\b(?:in a|such a) (?:really |very |pretty )?dark place\\b|\\bhate my ?self\\b',
    ],
  },
];

/** Phrases that may be a figure of speech or may be more: Steady asks, gently. */
export const AMBIGUOUS_RULES: readonly RuleData[] = [
  {
    id: 'ambiguous.cant-go-on',
    category: 'ambiguous',
    tier: 'distress',
    explicit: false,
    selfOnly: true,
    weak: true,
    ask: 'self',
    patterns: [
      "\\bcan'?t (?:do|take|handle|bear|stand|cope with|deal with|keep doing) (?:this|it|any of this|this life|life)(?: any ?more| any longer| much longer)\\b",
      "\\bcan'?t (?:take|bear|handle) (?:much more|any more of this)\\b",
      "\\bcan'?t go on like this\\b",
      "\\b(?:don'?t|do not) know how to (?:keep going|go on|carry on|get through this|cope)\\b",
      "\\b(?:don'?t|do not) know how (?:much )?(?:longer|more) i can (?:keep going|go on|take|hold on|keep (?:this|it) up)\\b",
      '\\b(?:want|need) (?:it|this|everything|the pain|the hurt|it all|all of it|all this) (?:all )?to (?:stop|end|be over|go away)\\b',
      "\\bwhat'?s the point(?: of it all| anymore| of anything)?\\s*(?:[.?!]|$)",
      '\\b(?:want|wanna|going|ready|need) to (?:just )?end it\\b(?! (?:with|between|properly|officially|on good terms|amicably|now with|all))',
      '\\b(?:want to|wanna|feel like|thinking (?:about|of)) (?:just )?(?:disappear|disappearing|vanish|vanishing)\\b',
      "\\b(?:i'?m|i am) done with (?:everything|it all|all of it)\\b",
      "\\b(?:is|are|'s|'re|was|were|it'?s) killing me\\b",
      '\\bdying inside\\b',
      "\\bcan'?t live without\\b",
      '\\b(?:think\\w*|thought) (?:about|of) (?:ending it|ending things|ending everything)\\b',
      '\\b(?:feel like|thinking (?:about|of)|want to) giving up\\b|\\bgiv(?:e|ing) up on (?:everything|it all)\\b',
      "\\b(?:she|he|they|you)(?:'d| would| is|'s| are|'re)? (?:be )?better(?: off)? without me\\b",
    ],
    unless: [
      "\\b(?:feet|back|head|knees?|neck|legs?|shoulders?|teeth|tooth|shoes|hangover|allergies|heels|stomach) (?:is|are|'s|'re|was|were) killing me\\b",
    ],
  },
  {
    id: 'ambiguous.kill-me',
    category: 'ambiguous',
    tier: 'distress',
    explicit: false,
    weak: true,
    ask: 'fear',
    patterns: ["\\b{THEY}(?: is| are)? (?:going to|gonna|will|would|'ll|'d) kill me\\b"],
  },
];
