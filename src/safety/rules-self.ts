import type { RuleData } from './rule-schema.js';

// === Rules about the user harming themselves. Patterns run on normalizeForSafety() output.
// Letters in patterns match runs of themselves (compile.ts), so "die" also covers "diie".

// "wake up" said of oneself and for good, not "wake up the kids" or "wake up early".
// What people jokingly "overdose on": not medicines.
const NOT_A_DRUG =
  '(?:coffee|caffeine|sugar|chocolate|candy|sweets|cake|cookies|ice cream|pizza|fries|carbs|junk food|energy drinks|red bull|netflix|tv|television|work|memes|drama|music|podcasts|books|self[- ]help|therapy|nostalgia|sunshine|love|kindness|cuteness|cheese)\\b';

const WAKE_UP = 'wake up(?=\\s*(?:$|[.,;!?]| again| anymore| ever| tomorrow| in the morning))';

/** Suicide: explicit statements, implicit ones, and the imminent signs (plan, means, attempt, now). */
export const SUICIDE_RULES: readonly RuleData[] = [
  {
    id: 'suicide.want-to-die',
    category: 'suicide',
    tier: 'serious',
    explicit: true,
    selfOnly: true,
    patterns: [
      "\\b(?:want|wanna|wants|wanted|wanting|ready|wish|wished|wishing|going|gonna|plan(?:ning)?) (?:to |i could |i can |i would |i'?d |i was |i were )?(?:just |really |simply |honestly )?(?:die|be dead|have died)\\b",
      '\\b(?:better off|rather be|might as well be) dead\\b',
      '\\bpart of me wants to die\\b',
    ],
  },
  {
    id: 'suicide.kill-myself',
    category: 'suicide',
    tier: 'serious',
    explicit: true,
    selfOnly: true,
    patterns: [
      '\\bkill(?:ing|ed|s)? my ?self\\b',
      '\\bkms\\b',
      '\\b(?:end(?:ing|ed)?|take|taking|took) (?:my|my own) life\\b',
      '\\bend(?:ing)? it all\\b',
      '\\bsuicid(?:e|al|ally)\\b',
      '\\b(?:unaliv(?:e|es|ed|ing)|off(?:ing|ed)?|self[- ]?delet(?:e|ing)) my ?self\\b',
      // Spellings people use to slip past filters.
      '\\bsewer ?slide\\b|\\bself[- ]?delet(?:e|ing|ion)\\b|\\bunaliv(?:e|ing)\\b',
    ],
    unless: ['\\bsuicide (?:mission|squad|doors?|drills?|sprints?|runs?|lane|bid|king)\\b'],
  },
  {
    id: 'suicide.not-want-to-live',
    category: 'suicide',
    tier: 'serious',
    explicit: true,
    selfOnly: true,
    patterns: [
      "\\b(?:don'?t|do not|doesn'?t|does not|no longer|didn'?t) (?:even |really |honestly |actually )?(?:want|wanna|wish) to (?:live|be alive|exist|stay alive)\\b",
      "\\bwish(?:es|ed)? (?:i|she|he|they) (?:was|were|'?d|had) (?:dead|died|never woken up)\\b",
    ],
  },
  {
    id: 'suicide.implicit-better-off',
    category: 'suicide',
    tier: 'serious',
    explicit: false,
    selfOnly: true,
    patterns: [
      "\\b(?:everyone|everybody|the world|my family|my kids|the kids|my children|people|they|all) (?:would|will|'?d|'?ll|are|'re)? ?(?:be )?(?:all )?(?:better|happier)(?: off)? without me\\b",
      "\\b(?:better|happier|easier)(?: off)?(?: for (?:everyone|them|everybody))? if i (?:was|were|wasn'?t|weren'?t) (?:gone|dead|here|around|alive)\\b",
      "\\bif i (?:was|were|am|'?m) (?:dead|gone (?:for good|forever)|not (?:here|around) (?:anymore|any more))\\b[^.?!]{0,40}\\b(?:happ(?:y|ier)|better|easier|free|relieved)\\b",
      "\\b(?:i'?m|i am|feel like|feel) (?:just |only |such |nothing but )?a (?:burden|waste of space|waste of air)\\b",
      "\\b(?:no ?one|nobody|no-one) (?:would|will|'?d)(?: even| really)? (?:miss me|notice if i|care if i|mind if i)\\b",
    ],
  },
  {
    id: 'suicide.implicit-not-around',
    category: 'suicide',
    tier: 'serious',
    explicit: false,
    selfOnly: true,
    patterns: [
      "\\bwon'?t be (?:around|here|alive|a (?:problem|burden)(?: (?:for|to) (?:anyone|anybody|you|them))?) (?:for )?(?:much|very|any) longer\\b",
      "\\b(?:won'?t|will not|don'?t|wont) (?:have to )?(?:put up with|deal with|worry about|see) me (?:for )?(?:much|any) longer\\b",
      "\\b(?:don'?t|do not|no longer) want to be (?:here|around) (?:anymore|any more|any longer)\\b",
      "\\b(?:sorry|regret it|miss me|happy|relieved) when i'?m (?:gone|dead)\\b",
      '\\bgiv(?:ing|en|e) (?:away (?:my|all my) (?:stuff|things|belongings|possessions)|(?:my|all my) (?:stuff|things|belongings|possessions) away)\\b',
      '\\b(?:said|saying|say) (?:my )?goodbyes? to (?:everyone|everybody|my friends|my family|my kids|my children|people|all)\\b',
      '\\bsaid my goodbyes\\b',
      '\\bdisappear (?:forever|for good|permanently|off the face)\\b',
    ],
  },
  {
    id: 'suicide.ideation-method',
    category: 'suicide',
    tier: 'serious',
    explicit: true,
    selfOnly: true,
    patterns: [
      '\\b(?:jump|jumping|throw(?:ing)? my ?self) (?:off|from|in front of) (?:a|the|this|that) (?:bridge|building|cliff|roof|ledge|balcony|train|bus|truck|tracks|car)\\b',
      '\\b(?:imagin\\w*|think(?:ing)? (?:about|of)|fantasi[sz]\\w*|want(?:ed)? to|tempted to|urge to|feel like) (?:just )?(?:driv(?:e|ing)|crash(?:ing)?|steer(?:ing)?) (?:my |the )?(?:car )?(?:into|off)\\b',
      '\\b(?:imagin\\w*|think(?:ing)? (?:about|of)|fantasi[sz]\\w*|tempted to|urge to) (?:just )?(?:step(?:ping)? in front of|overdos\\w*|swallow(?:ing)? (?:all|every)|not waking up|never waking up)\\b',
    ],
  },
  {
    id: 'suicide.implicit-no-point',
    category: 'suicide',
    tier: 'serious',
    explicit: false,
    selfOnly: true,
    patterns: [
      "\\bwhat'?s the (?:point|use) (?:of|in) (?:going on|living|life|being alive|carrying on|staying alive|continuing|me being here|waking up|anything|it all)\\b",
      "\\b(?:no|don'?t see (?:the|any)|can'?t see (?:the|any)) (?:point|reason) (?:in|of|to|for) (?:living|life|going on|being alive|being here|carrying on)\\b",
      '\\bno (?:reason|point) (?:for me )?to (?:live|be here|go on|stay alive|keep going|be alive|(?:keep|go on|carry on|continue) living)\\b',
      "\\bcan'?t see (?:any|a) (?:future|tomorrow)\\b",
      '\\bno future (?:for me|left)\\b',
      '\\btired of (?:living|being alive|life|existing)\\b',
      "\\b(?:isn'?t|is not|'?s not|ain'?t|not|no longer) worth living\\b",
      '\\bthink(?:ing)? (?:a lot |all the time )?about (?:dying|my death|not being here|not existing|death)\\b',
      '\\bgo on living\\b',
      '\\bnothing (?:left )?to live for\\b|\\b(?:had|have had) enough of (?:life|living)\\b',
      `\\bsleep forever\\b|\\bnever ${WAKE_UP}`,
      `\\b(?:wish|wishing|wished|hope|hoping|pray|praying)(?: that)? i (?:wouldn'?t|won'?t|don'?t|didn'?t|never|could never) ${WAKE_UP}`,
      "\\b(?:(?:don'?t|do not|doesn'?t|wouldn'?t|won'?t) )?(?:care|cares|cared|matter|matters|notice|notices) (?:if|whether) i (?:live|die|lived|died|was dead|disappeared|was gone|wasn'?t here)\\b",
      '\\bdone with (?:life|living)\\b',
      '\\bgive up on life\\b',
      "\\bwish (?:i'?d|i had|i was|i were) never (?:been born|born|existed)\\b",
      `\\b(?:go to sleep|fall asleep|go to bed|drift off|sleep) and (?:never|not) ${WAKE_UP}`,
      `\\b(?:don'?t|do not) want to ${WAKE_UP}`,
    ],
  },
  {
    id: 'suicide.plan-or-time',
    category: 'suicide',
    tier: 'imminent',
    explicit: true,
    selfOnly: true,
    patterns: [
      "\\b(?:kill(?:ing)? my ?self|end(?:ing)? (?:it|it all|my life|things)|die|suicide|jump(?:ing)? (?:off|from|in front of))\\b(?! with| between)(?: [a-z',]+){0,4} (?:tonight|today|right now|this (?:evening|weekend|week|morning|afternoon)|tomorrow)\\b",
      "\\b(?:tonight|today|right now)\\b(?: [a-z',]+){0,10} (?:kill my ?self|end (?:it|it all|my life)|die)\\b(?! with| between)",
      '\\b(?:have|got|made|making|with) (?:a|my) plan (?:to|for|of) (?:kill|end|die|suicide|how)\\b',
      '\\bplan(?:s|ning|ned)? (?:to|on|for) (?:kill(?:ing)? my ?self|end(?:ing)? (?:my life|it all|it)|suicide)\\b',
      "\\btried to (?:kill my ?self|end (?:my life|it)|commit suicide)\\b(?: [a-z']+){0,3} (?:last night|yesterday|today|tonight|this morning|earlier|an hour ago|just now)\\b",
      '\\b(?:suicide|goodbye|farewell|final) (?:note|letter)s?\\b',
      "\\b(?:notes?|letters?) (?:for|to) (?:the kids|my kids|my family|everyone|my children)\\b[^?!]{0,40} (?:i'?m done|goodbye|bye)\\b",
    ],
  },
  {
    id: 'suicide.means-or-attempt',
    category: 'suicide',
    tier: 'imminent',
    explicit: true,
    selfOnly: true,
    patterns: [
      '\\b(?:{PILLS}|rope|noose|razor(?: blades?)?|blades?|gun)\\b[^.?!]{0,30}\\b(?:right here|in front of me|in my hand|lined up|next to me|ready)\\b',
      "\\b(?:{PILLS}|rope|noose|gun|blades?)\\b[^?!]{0,50}\\b(?:take them all|know what i'?m (?:going to|gonna) do|to end it|on myself)\\b",
      "\\b(?:took|taken|swallowed|downed)\\b[^?!]{0,40}\\b(?:too late|goodbye|won'?t wake up|to end it)\\b",
      '\\b(?:took|taken|swallowed|downed) (?:a |the |my )?(?:whole|entire|full) (?:bottle|packet|box|pack)\\b',
      '\\b(?:took|taken|swallowed|downed) (?:all|everything|every pill)\\b(?: (?:of )?(?:my|the) {PILLS}| in the (?:medicine|bathroom) cabinet)?',
      '\\b(?:took|taken|swallowed) (?:about |like |over )?\\d{2,} (?:of (?:my|the|her|his) )?{PILLS}',
      // "overdosed on coffee" is a figure of speech; the lookahead names the usual ones.
      `\\b(?:overdosed|od'?d)\\b(?! on ${NOT_A_DRUG})`,
      '\\b(?:take|taking|swallow|swallowing|down|downing) (?:all|every one of|the whole (?:bottle|packet|box) of|a bunch of|all of) (?:my |the |these |those |her |his )?{PILLS}',
      '\\b(?:stockpil\\w*|sav(?:ing|ed) up|hoard\\w*|collect(?:ing|ed)|stash\\w*) (?:my |the |some |all |enough )?{PILLS}',
    ],
  },
  {
    id: 'suicide.at-the-edge',
    category: 'suicide',
    tier: 'imminent',
    explicit: false,
    selfOnly: true,
    patterns: [
      '\\b(?:standing|sitting|up|climbed|climbing) on (?:the|a|top of the|top of a) (?:bridge|ledge|edge|roof|railing|cliff|tracks|balcony rail)\\b',
      '\\bengine (?:running|on)\\b[^.?!]{0,40}\\bgarage\\b|\\bgarage\\b[^.?!]{0,60}\\bengine (?:running|on)\\b',
      '\\b(?:this is|these are) my (?:last|final) (?:message|words|text|goodbye)s?\\b',
      '\\bgoodbye (?:everyone|forever|world|all)\\b',
      '\\bthis is (?:my )?goodbye\\b(?! (?:to|for) (?:the|our|this) (?:marriage|relationship|house|old))',
      '\\btell (?:my|the|our) (?:kids|children|son|daughter|family|mom|mum|mother|dad|father|parents|wife|husband) (?:that )?i loved (?:them|him|her|you)\\b',
      "\\b(?:decided|figured out|worked out|know exactly) how i(?:'?m going to| will|'?ll|'?d| am going to) (?:do it|end it|kill)\\b",
    ],
  },
];

/** Asking how to die: amounts of pills, heights, ropes, painless ways. */
export const METHOD_RULES: readonly RuleData[] = [
  {
    id: 'method.asking-how',
    category: 'method',
    tier: 'imminent',
    explicit: true,
    negatable: false,
    patterns: [
      '\\bhow (?:many|much)\\b[^.?!]{0,40}\\b(?:to|would|will|could|does it take to|it takes to|need to take to) (?:die|kill|be fatal|be lethal|not wake up|overdose|od)\\b',
      '\\b(?:lethal|fatal|deadly) (?:dose|amount|quantity|level|overdose)\\b',
      '\\b(?:how much|how many)\\b[^.?!]{0,40}\\b(?:lethal|fatal|deadly|overdose)\\b',
      '\\b(?:painless|quickest|fastest|easiest|best|surest|quick|easy|least painful|most painless|simplest) (?:ways?|methods?) (?:to|of) (?:die|dying|kill (?:my|your|one)self|end (?:it|my life|your life)|suicide|commit suicide)\\b',
      '\\b(?:painless|quick|peaceful|easy) (?:death|way out|suicide)\\b',
      '\\b(?:can|could|would|will) (?:you|i|someone|a person|one) (?:die|overdose|od) (?:from|on|of|by|if)\\b',
      '\\b(?:hang|hanging|drown|drowning|shoot|shooting|poison|poisoning|gas|gassing|electrocute) (?:my|your|one)self\\b',
      '\\b(?:tie|tying|make|making) a noose\\b',
      '\\brope strong enough\\b|\\bhold my weight\\b',
      '\\b(?:which|what|how high|how tall)\\b[^.?!]{0,30}\\b(?:bridge|cliff|ledge|roof)\\b[^.?!]{0,30}\\b(?:high(?:est)?|tall(?:est)?|enough|kill|die|survive|jump)\\b',
      '\\b(?:bleed|bled|bleeding) out\\b',
      // "is 40 tylenol enough to kill you": the amount first, the question after.
      '\\b{PILLS}\\b[^.?!]{0,30}\\b(?:enough|would|will|could|can|does|do)\\b[^.?!]{0,15}\\b(?:kill (?:me|you|a person|someone|somebody)|be (?:fatal|lethal)|to die)\\b',
      '\\bhow long\\b[^.?!]{0,30}\\b(?:to die|(?:you|i|someone|a person) (?:to )?die|before (?:you|i|someone) (?:die|pass out)|to suffocate|to bleed out)\\b',
      '\\b(?:carbon monoxide|exhaust fumes|car fumes|helium|charcoal)\\b[^.?!]{0,40}\\b(?:die|dying|kill|lethal|fatal|suicide)\\b',
    ],
  },
  {
    id: 'method.means-questions',
    category: 'method',
    tier: 'serious',
    explicit: false,
    negatable: false,
    patterns: [
      '\\b(?:painless|least painful|peaceful|quiet|gentle) (?:ways?|methods?) to go\\b(?! (?:to|about|through|back|home|forward|from|with|on|out|for))',
      '\\b(?:which|what) (?:{PILLS}|pills|drugs)\\b[^.?!]{0,30}\\b(?:deadly|lethal|fatal|would kill)\\b',
      '\\b(?:deadly|lethal|fatal|kill you|kill me) (?:if|when) (?:you |i |someone )?(?:mix|combine|take|drink)\\b',
      '\\b(?:buy|get|getting|buying|get hold of|find)\\b (?:a |me a |myself a )?(?:gun|firearm|pistol|handgun|rifle|shotgun)\\b[^.?!]{0,30}\\b(?:fast|quick(?:ly)?|today|tonight|right now|without (?:a |any )?(?:waiting period|background check|licen[cs]e|permit))\\b',
    ],
  },
];

/** Self-harm: cutting, burning, hitting oneself, and the wish for pain. */
export const SELF_HARM_RULES: readonly RuleData[] = [
  {
    id: 'selfHarm.hurting-myself',
    category: 'selfHarm',
    tier: 'serious',
    explicit: true,
    selfOnly: true,
    patterns: [
      '\\b(?:cut|cutting|cuts|burn|burning|burned|burnt|hurt|hurting|hurts|harm|harming|harmed|scratch|scratching|scratched|hit|hitting|punch|punching|punish|punishing|punished|starve|starving|bruise|bruising|bruised) my ?self\\b',
      '\\bself[- ]?(?:harm|harming|harmed|injury|injuring|injure|mutilat\\w*)\\b',
      '\\b(?:started|start|been|keep|kept|began|back to) cutting\\b|\\bcutting again\\b',
      '\\b(?:cut|cutting|slit|slitting|slashed|slashing|sliced) (?:my|both) (?:wrists?|arms?|legs?|thighs?|skin|stomach|hips?)\\b',
      '\\b(?:scratch(?:ed|ing)?|pick(?:ed|ing)?) (?:my|at my) (?:arms?|skin|legs?)\\b[^.?!]{0,30}\\b(?:bled|bleeds?|bleeding|raw)\\b',
      '\\b(?:cut|burn(?:ed|t)?|hurt|hit|scratch(?:ed)?|bruised?|punched?)\\b[^.?!]{0,40}\\bon purpose\\b',
      '\\b(?:want|need|wanted|needed) to feel (?:pain|physical pain|something physical)\\b',
      '\\b(?:burn(?:ing|ed|t|s)?|carv(?:e|ed|ing)|cut(?:s|ting)?) (?:my|both) (?:wrists?|arms?|legs?|thighs?|skin|stomach|hips?)\\b[^.?!]{0,10}\\b(?:with|using) (?:a |my |the )?(?:lighter|cigarettes?|match(?:es)?|candle|blade|razor|compass)\\b(?![^.?!]{0,20}\\b(?:by accident|accidentally)\\b)',
      // What cutting does for someone: "the only thing that helps is cutting".
      '\\b(?:helps?|helped|relief|cope|coping|calms?)\\b[^.?!]{0,25}\\b(?:is |was )?cutting(?=\\s*(?:$|[.,;!?]| again| myself| my (?:arms?|legs?|wrists?|skin|thighs?)| or | and ))',
      '\\bcutting (?:helps|is the only|makes (?:me|it|the)|calms|numbs)\\b',
    ],
    unless: [
      '\\b(?:cut|hurt|burn(?:ed|t)?|injured|scratched) my ?self (?:a break|some slack|off|loose)\\b',
      '\\b(?:cut|hurt|burn(?:ed|t)?|injured|scratched) my ?self (?:while |when |by |on (?!purpose)|at (?:the gym|work) )?(?:moving|lifting|carrying|playing|running|cooking|shaving|chopping|cutting|gardening|falling|slipping|tripping|working out|training|accident(?:ally)?|an? (?:accident|knife|nail|glass|can|bottle))',
    ],
  },
  {
    id: 'selfHarm.deserve-pain',
    category: 'selfHarm',
    tier: 'serious',
    explicit: false,
    selfOnly: true,
    patterns: [
      '\\bdeserve to (?:be punished|be hurt|feel pain|suffer|bleed)\\b',
      // "sh" is the shorthand people in recovery use; "sh again", "relapsed on sh".
      '\\bsh (?:again|free|clean|relapse|urges?)\\b|\\b(?:relapsed|relapse|urges?) (?:on |with |into |to )?(?:sh|self[- ]?harm|cutting)\\b|\\b(?:days?|weeks?|months?) (?:sh|self[- ]?harm|cut)[- ]free\\b',
    ],
  },
  {
    id: 'selfHarm.bleeding-now',
    category: 'selfHarm',
    tier: 'imminent',
    explicit: true,
    selfOnly: true,
    negatable: false,
    patterns: ["\\b(?:won'?t|can'?t|doesn'?t|isn'?t|not) stop(?:ping)? bleeding\\b", '\\bcut (?:too )?deep\\b'],
  },
];
