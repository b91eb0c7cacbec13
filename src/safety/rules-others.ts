import type { RuleData } from './rule-schema.js';

// === Rules about other people: the user harming someone, being harmed, watching someone, court orders.
// In Steady's conversations "her" and "him" are nearly always the spouse or their new partner, so a
// threat of harm sets the safety gate whoever it names.

// "hurt her badly with the affair", "hurt him by working all the time": hurt done, not harm intended.
const NOT_INJURY =
  '(?! (?:(?:so |really |very )?(?:badly|deeply|emotionally|so much|a lot)|more than|any ?more|by|with (?:the|my|what|words|that|this|an?|all)|when|in (?:so many|many|the|a lot of) ways?|like (?:she|he|they) hurt)\\b)';

// "hurt her feelings", "pushed him away", "hit him up": the words that follow show it is not violence.
const NOT_VIOLENCE =
  '(?! (?:(?:a|an) (?:text|message|msg|email|dm|note|line|look|glance|smile|quick|short|brief|reply|photo|pic|picture|link|invite)\\b|feelings|pride|ego|chances|heart|trust|away|up|back|off|out of my life|into (?:counsel\\w*|therapy)|to (?:go|see|get|try|do|talk|be|make|come|leave|move|take|stay)))';

/** The user harming, or wanting to harm, the spouse, a new partner, the children or anyone. */
export const HARM_OTHERS_RULES: readonly RuleData[] = [
  {
    id: 'harmOthers.violence',
    category: 'harmOthers',
    tier: 'serious',
    explicit: true,
    gate: 'safety',
    selfOnly: true,
    patterns: [
      `\\b(?:kill|killing|murder|murdering|strangle|strangling|choke|choking|stab|stabbing|shoot|shooting|beat|beating|hit|hitting|punch|punching|smack|smacking|slap|slapped|slapping|kick|kicked|kicking|push|pushed|shove|shoved|strangled|choked|stabbed|punched|smacked) {TARGET}\\b${NOT_VIOLENCE}`,
      `\\b(?:hurt|hurting) {TARGET}\\b${NOT_VIOLENCE}${NOT_INJURY}`,
      '\\bbeat (?:the (?:crap|shit|hell|living daylights) )?out of\\b',
      '\\b(?:want|wanted|wish|wishing|hope|hoping) (?:her|him|them|{TARGET}) (?:was |were |to be |would be |would end up )?dead\\b',
      '\\b(?:run|running|ran|ram|ramming|rammed|force|forcing|forced|drive|driving) (?:her|him|them|{THEIR} (?:new )?(?:car|truck|van|bike|motorbike)) (?:off the road|off a (?:cliff|bridge)|into (?:a|the) (?:wall|ditch|tree|river|traffic))\\b|\\b(?:run|running|ran) (?:her|him|them) (?:over|down)\\b',
      '\\b(?:threw|throw|throwing|hurled|chucked) (?:a |the |my |her |his |hot )?(?:glass|plate|bottle|mug|cup|phone|chair|knife|shoe|remote|vase|lamp|bowl|things|stuff|something|rock|stone|brick|drink|coffee|pan) at (?:her|him|them)\\b',
      '\\blay(?:ing)? (?:a )?(?:hand|finger)s? on (?:her|him|them|the kids)\\b',
      '\\b(?:make sure|want|wish|hope) (?:she|he|they) (?:gets?|get) hurt\\b',
    ],
  },
  {
    id: 'harmOthers.revenge',
    category: 'harmOthers',
    tier: 'serious',
    explicit: false,
    gate: 'safety',
    selfOnly: true,
    patterns: [
      '\\bmake (?:her|him|them) (?:pay|suffer|regret)\\b',
      '\\b(?:smash|smashed|smashing|break|broke|breaking|key|keyed|keying|slash|slashed|slashing|burn|burned|burnt|burning|torch|torched|wreck|wrecked|trash|trashed|vandali[sz]e\\w*) {THEIR} (?:new )?(?:car|windows?|house|place|door|tyres?|tires|things|stuff|phone)\\b',
      '\\bburn (?:her|his|their|the) (?:house|place|flat|apartment) down\\b',
      "\\bif i can'?t have (?:her|him|them)\\b[^.?!]{0,20}\\b(?:no ?one|nobody|no-one) (?:can|will|else)\\b",
      '\\b(?:could|might|want to|going to) hurt (?:someone|somebody)\\b',
      // A weapon bought, then someone named: "bought a knife. he's going to regret it".
      "\\b(?:bought|buy|buying|purchased|ordered) (?:a |me a |myself a |another )?(?:knife|gun|pistol|handgun|rifle|shotgun|machete|crossbow|weapon)\\b(?! (?:set|block|sharpener|safe|license|licence|course|club|range))[^?!]{0,60}\\b(?:him|her|them|he|she|they|he'?s|she'?s|hes|shes|regret|pay)\\b",
      "\\b(?:he|she|they)(?:'?s| is| are|'?re|'?ll| will)? (?:going to|gonna)? ?regret (?:touching|messing with|crossing|laying a (?:hand|finger) on)\\b",
    ],
  },
  {
    id: 'harmOthers.armed-now',
    category: 'harmOthers',
    tier: 'imminent',
    explicit: true,
    gate: 'safety',
    selfOnly: true,
    patterns: [
      '\\b(?:on my way|going|heading|driving|coming|walking) (?:over |round |back )?(?:to|over to|round to) {THEIR} {PLACE}\\b[^.?!]{0,40}\\b(?:kill|hurt|shoot|stab|gun|knife|rifle|pistol|bat|beat)\\b',
      '\\b(?:outside|at|near) {THEIR} (?:{PLACE}|door)\\b[^.?!]{0,30}\\b(?:gun|knife|rifle|pistol|weapon|bat)\\b',
      '\\b(?:with|have|got|bring(?:ing)?|took|grabbed|loaded) (?:a|my|the) (?:gun|knife|rifle|pistol|shotgun|weapon)\\b[^.?!]{0,40}\\b(?:her|him|them|going over|tonight|right now)\\b',
    ],
  },
];

/** The user being hurt, threatened, controlled or afraid. */
export const ABUSED_RULES: readonly RuleData[] = [
  {
    id: 'abused.violence',
    category: 'abused',
    tier: 'serious',
    explicit: true,
    gate: 'safety',
    patterns: [
      '\\b{THEY}{G} (?:hits|hitting|hit) me\\b(?! up)',
      '\\b{THEY}{G} (?:slaps?|slapped|slapping|punch(?:es|ed|ing)?|kick(?:s|ed|ing)?|beats?|beating|beat me up|chokes?|choked|choking|strangle[sd]?|strangling|shove[sd]?|shoving|push(?:es|ed|ing)?|grab(?:s|bed|bing)?|bit|bites?|rape[sd]?|raping|attack(?:s|ed|ing)?|threaten(?:s|ed|ing)?|abuse[sd]?|abusing|assault(?:s|ed|ing)?|spits? on|spat on|throws? (?:things|stuff) at|threw (?:things|stuff|[a-z]+ [a-z]+) at|sexually assaulted|slam(?:s|med|ming)?|pin(?:s|ned|ning)?|drag(?:s|ged|ging)?|shook|shakes?|kicked) me\\b(?! (?:up|to|into (?:counsel\\w*|therapy|it)|away|with (?:the|a|divorce|papers)))',
      '\\b{THEY}{G} (?:forced|forces|made|makes|pressured|pressures) me (?:to )?(?:have sex|sleep with|do (?:sexual )?things)\\b',
      '\\bthreat(?:en(?:s|ed|ing)?)? (?:me|my life)\\b(?! with (?:court|legal|a lawyer|lawyers|divorce|custody|mediation))|\\b(?:death threats|sending me threats|threats to me)\\b',
      '\\b{THEY}{G} beat me up\\b|\\b{THEY}{G} lock(?:s|ed)? me in\\b',
      '\\b(?:make sure|swore|threatened|said|says|told me)\\b[^.?!]{0,30}\\bnever see (?:my|the|our) (?:kids|son|daughter|children|baby) again\\b',
      '\\b{THEY}{G} (?:grabbed|twisted|squeezed|yanked|pulled|bent) my (?:arm|wrist|hair|neck|throat|fingers?)\\b',
      '\\b{THEY}{G} (?:left|leaves) (?:bruises|marks|a bruise|a mark) on me\\b',
      "\\b(?:threaten(?:ed|s|ing)?|said|says|told me|swore|promised) (?:to |that |he'?d |she'?d |they'?d |he would |she would |he will |she will |he'?ll |she'?ll )?(?:kill|hurt|hit|beat|harm|shoot|stab|strangle|choke) me\\b",
      '\\b(?:said|says|told me|threatened|swore)\\b[^.?!]{0,10}\\bif i (?:tell|leave|call|report|go)\\b',
      '\\b(?:burn|set fire to|torch|blow up|lock)\\b[^.?!]{0,40}\\bwith me (?:still )?(?:in|inside)\\b',
      "\\b(?:said|says|told me|threatened|threatens|swore|warned me)\\b[^.?!]{0,40}\\b(?:he|she|they)(?:'?ll|'?d| will| would| is going to| was going to|'?s going to| gonna) (?:[a-z']+ ){0,3}(?:kill|hurt|hit|beat|shoot|stab|strangle|choke|harm) me\\b",
    ],
  },
  {
    id: 'abused.afraid',
    category: 'abused',
    tier: 'serious',
    explicit: true,
    gate: 'safety',
    patterns: [
      "\\b(?:scared|afraid|terrified|frightened|fearful) (?:of (?:him|them|my (?:wife|husband|spouse|partner|ex|ex-wife|ex-husband))\\b|of her(?=$|[^a-z' ]| (?:and|when|because|now|sometimes|since|after|so|if|to|but|or|at|lately|right|every|too|already|honestly)\\b)|of what (?:he|she|they)(?:'ll| will| might| may| would|'?d|'s going to| is going to) do)",
      "\\b(?:scared|afraid|terrified|frightened|worried) (?:that )?(?:he|she|they)(?:'s| is| are|'re|'ll| will| might| may| would|'d)?(?: going to| gonna)? (?:hurt|hit|kill|attack|beat|come after|find) me\\b",
      '\\b(?:scared|afraid|terrified|frightened) (?:to go home|to be (?:at )?home|to leave (?:him|her|them)|to tell (?:him|her|them)|for my (?:life|safety))\\b',
    ],
  },
  {
    id: 'abused.control',
    category: 'abused',
    tier: 'serious',
    explicit: false,
    gate: 'safety',
    patterns: [
      "\\b{THEY}{G} (?:won'?t|doesn'?t|does not|will not|never) let me (?:see|leave|go|have|talk|use|call|work|out)\\b(?! (?:the|my) (?:kids|children))",
      '\\b{THEY}{G} (?:goes through|go through|going through|went through|checks?|checked|checking|reads?|reading|monitors?|monitoring|tracks?|tracked|tracking|controls?|controlling|took|takes|taking) (?:my|all my) (?:phone|messages|texts|emails?|location|money|bank|car keys|passport|keys)\\b',
      "\\b(?:not allowed|isn'?t allowed|never allowed|won'?t be allowed) to (?:go out|leave the house|see my (?:friends|family)|have (?:my own )?money|use (?:my|the) phone)\\b",
      '\\b{THEY}{G} (?:controls?|controlling|decides?) (?:everything|all (?:the|our|my) money|what i (?:wear|eat|do|spend)|who i see)\\b',
      '\\b{THEY}{G} (?:shows?|showing|showed|turns?|turning|turned) up at (?:my|our) (?:work|job|office|house|home|place|door|flat|apartment)\\b',
      '\\b{THEY}{G} (?:follows?|following|followed|stalks?|stalking|stalked) me\\b',
      '\\b{THEY}{G} (?:broke|smashed|took|hid|destroyed|threw) my (?:phone|keys|car keys|passport)\\b',
    ],
  },
  {
    id: 'abused.happening-now',
    category: 'abused',
    tier: 'imminent',
    explicit: true,
    gate: 'safety',
    patterns: [
      '\\b{THEY}(?: is| are)? (?:hitting|beating|choking|attacking|hurting|strangling|kicking|punching) me (?:right )?now\\b',
      '\\b{THEY}(?: is)? (?:outside )?(?:banging|pounding|kicking|hammering) (?:on )?(?:the|my) (?:door|window)s?\\b',
      '\\b{THEY}(?: is)? (?:breaking|trying to (?:get|break)) in\\b',
      '\\b{THEY} (?:has|got|is holding|grabbed|pulled|took out|has got) (?:a|my|the|his|her) (?:knife|gun|weapon|bat|rifle|pistol)\\b',
      '\\b{THEY} (?:just )?(?:hit|attacked|choked|beat) me\\b[^.?!]{0,30}\\b(?:still here|right now|in the house|next room)\\b',
    ],
  },
];

// Accounts, numbers and apps someone can be reached or watched through.
const CHANNEL =
  '(?:accounts?|numbers?|profiles?|phones?|emails?|insta(?:gram)?|ig|facebook|fb|snap(?:chat)?|tiktok|twitter|whatsapp)';

/** The user watching, tracking or getting around the spouse's boundaries. */
export const STALKING_RULES: readonly RuleData[] = [
  {
    id: 'stalking.tracking',
    category: 'stalking',
    explicit: true,
    gate: 'stalking',
    selfOnly: true,
    patterns: [
      '\\b(?:track|tracking|tracked|trace|tracing|monitor|monitoring|monitored|spy|spying|spied) (?:on )?{THEIR} (?:phone|location|car|movements|messages|texts|emails?|calls?|whereabouts)\\b',
      '\\b(?:tracking|spying on|spy on|monitoring|stalking|stalk|stalked) (?:her|him|them)\\b',
      '\\bcheck(?:ing|ed|s)? {THEIR} (?:whatsapp )?(?:location|phone|messages|texts|emails?|whereabouts|accounts?|last seen|online status|activity)\\b',
      '\\b(?:air ?tags?|gps tracker|tracker|tracking (?:device|app)|spy ?ware|stalkerware)\\b[^.?!]{0,30}\\b(?:her|his|their) (?:car|bag|purse|stuff|phone|coat)\\b',
      '\\bput (?:an? )?(?:air ?tag|tracker|gps)\\b',
      // Watching in secret: "see who she's texting without her knowing".
      '\\b(?:see|read|check|find out|know|track|monitor|access|look at|get into)\\b[^.?!]{0,40}\\bwithout (?:her|him|them) (?:knowing|finding out|noticing|realising|realizing|seeing)\\b',
      '\\b(?:install(?:ed|ing)?|put|added|set up) (?:an? |some |the )?(?:app|software|program|tracker|spyware)\\b[^.?!]{0,20}\\bon {THEIR} (?:phone|laptop|computer|ipad|tablet)\\b',
    ],
  },
  {
    id: 'stalking.reading',
    category: 'stalking',
    explicit: true,
    gate: 'stalking',
    selfOnly: true,
    patterns: [
      '\\b(?:went through|go through|going through|looked through|look through|snoop(?:ed|ing)? (?:through|in|on)) {THEIR} (?:phone|messages|texts|emails?|dms|diary|journal|whatsapp|chats?|laptop)\\b',
      "\\b(?:read|reading|reads|check|checking|checked|look at|looking at|looked at|go on|went on) {THEIR} (?:phone|messages|texts|emails?|dms|chats?)\\b[^.?!]{0,30}\\b(?:while (?:she|he|they)|when (?:she|he|they)(?:'s| is| was| are|'re)? (?:asleep|sleeps|sleeping|out|away|not looking|in the shower|showering|at work|not home|busy)|behind (?:her|his|their) back|without (?:her|him|them) knowing)",
      '\\b(?:log|logged|logging|hack|hacked|hacking|got|get|getting|broke|break) (?:in ?to|into) {THEIR} (?:email|accounts?|phone|icloud|facebook|instagram|whatsapp|laptop|computer|messages)\\b',
      '\\b(?:using|with|guessed|used) {THEIR} (?:old )?password\\b|\\b(?:guessed|cracked|found out|worked out) {THEIR} (?:passcode|password|pin)\\b',
      '\\b(?:been|keep|kept|still|secretly|started|start) (?:reading|checking|going through|looking at|screenshotting) {THEIR} (?:messages|texts|emails?|dms|whatsapp|chats?|phone)\\b(?! (?:to|from) me)',
      '\\b(?:found|got hold of|stole|took) {THEIR} (?:icloud |email |phone |facebook |instagram |google |apple )?(?:password|passcode|login)\\b',
      '\\b(?:hack|hacked|hacking) (?:into )?{THEIR} (?:email|accounts?|phone|icloud|facebook|instagram|whatsapp|snapchat|laptop|computer)\\b',
    ],
  },
  {
    id: 'stalking.around-a-block',
    category: 'stalking',
    explicit: true,
    gate: 'stalking',
    selfOnly: true,
    patterns: [
      `\\b(?:made|make|making|created|creating|set up|opened|open|new|another|fake|different|second|from|borrowed|someone else'?s|(?:friend|brother|sister|mom|mum|dad|cousin|colleague|coworker)'?s)\\b[^.?!]{0,25}\\b${CHANNEL}\\b[^.?!]{0,40}\\bblock(?:ed|s|ing)?\\b`,
      '\\bblock(?:ed|s)? (?:me|mine|my number|my account)\\b[^.?!]{0,40}\\b(?:made|make|making|created|new|another|fake|different|borrowed|from)\\b[^.?!]{0,25}\\b(?:accounts?|numbers?|profiles?|phone)\\b',
      `\\b(?:fake|secret|anonymous|burner|second|another) ${CHANNEL}\\b[^.?!]{0,30}\\b(?:to (?:see|watch|check|follow|message|contact|text|reach)|so (?:she|he|they|i can))\\b`,
      '\\b(?:got|get|asked|ask|getting|asking|had) (?:my |a |her |his |our )?(?:friends?|sister|brother|mom|mum|mother|dad|kids?|son|daughter|cousin|coworker|colleague)s? (?:to )?(?:message|text|call|contact|talk to|tell|check on|find out|ask)\\b[^.?!]{0,40}\\b(?:blocked|where (?:she|he|they))',
    ],
  },
  {
    id: 'stalking.showing-up',
    category: 'stalking',
    explicit: true,
    gate: 'stalking',
    selfOnly: true,
    patterns: [
      '\\b(?:showed|show|showing|turned|turn|turning) up (?:at|to|outside) {THEIR} {PLACE}\\b',
      "\\b(?:went|go|going|drove|drive|driving|turned up|showed up) (?:to|over to|round to|by|past|to see) {THEIR} {PLACE}\\b[^.?!]{0,40}\\b(?:even though|uninvited|without (?:asking|telling|her|him|permission|being invited)|told me not to|didn'?t want me|not supposed to|wasn'?t supposed)",
      '\\b(?:keep|kept|been|started|always) (?:driving|walking|going) (?:past|by) {THEIR} {PLACE}\\b',
      '\\b(?:drive|drove|driving|walk|walked|walking|go|going|went) (?:past|by) {THEIR} {PLACE}\\b[^.?!]{0,40}\\b(?:every (?:day|night|morning|evening)|each (?:day|night)|daily|nightly|to see (?:if|who|whether)|to check)\\b(?! (?:on (?:my|the) way|because|since|as it))',
      // An ultimatum: "if she doesn't answer I'll show up at her parents' house".
      "\\b(?:i'?ll|ill|i will|i'?m (?:going to|gonna)|im (?:going to|gonna)) (?:just )?(?:show up|turn up|come round|come over|camp out) (?:at|outside|to) {THEIR} {PLACE}\\b",
      '\\b(?:sat|sitting|sit|parked|parking|park|waited|waiting|wait|watched|watching|watch|stood|standing) (?:outside|near|across from|down the street from|in front of) {THEIR} {PLACE}\\b',
      '\\b(?:watch|watching|watched|stake out|staking out|staked out) {THEIR} {PLACE}\\b',
      '\\b(?:follow|following|followed|tail|tailing|tailed) (?:her|him|them|my (?:wife|husband|ex|spouse|partner))\\b(?! (?:(?:her|his|their) )?(?:advice|lead|example|instructions|suggestions?|rules|plan|wishes|requests?)\\b| on (?:insta\\w*|facebook|twitter|x|tiktok|social media|snapchat|linkedin|spotify|strava))',
    ],
    unless: [
      '\\b(?:pick(?:ing)? up|drop(?:ping)? off|collect(?:ing)?) (?:the kids|the children|my (?:son|daughter|kids))\\b',
      '\\bas agreed\\b',
    ],
  },
];

/** A court order, bail condition, police instruction or the spouse's own request for no contact. */
export const LEGAL_RULES: readonly RuleData[] = [
  {
    id: 'legalNoContact.order',
    category: 'legalNoContact',
    explicit: true,
    gate: 'legal',
    patterns: [
      '\\b(?:restraining|protective|protection|no[- ]?contact|non[- ]?molestation|stay[- ]?away|keep[- ]?away|occupation) orders?\\b',
      '\\binjunction\\b[^.?!,]{0,30}\\b(?:means|says|requires|orders|includes|so)\\b[^.?!,]{0,10}\\b(?:no|zero) contact\\b',
      // Shorthand: "she has an RO on me", "got a TRO".
      '\\b(?:ro|tro|po|epo|dvo|avo|ipo|cpo|nco)s? (?:on|against|out on|out against) me\\b|\\b(?:got|filed|granted|served(?: me with)?) (?:an? |the )?(?:ro|tro|epo|nco)\\b',
      '\\border of protection\\b|\\binjunction against me\\b|\\bdomestic violence order\\b|\\bapprehended violence order\\b',
      '\\bbail (?:conditions?|terms)\\b|\\bconditions? of (?:my )?bail\\b|\\b(?:on|my) bail\\b',
      '\\b(?:intervention|violence|harassment|protection) orders?\\b|\\bpeace bond\\b|\\b(?:dvo|ivo)\\b|\\b(?:an|the) avo\\b(?! (?:toast|on toast|smash))',
      '\\bwithin \\d+ (?:m|meters|metres|feet|ft|yards|miles|km|kilometers|kilometres)\\b',
      "\\b(?:police|cops|officers?|judge|court|magistrate|probation officer)(?: [a-z']+){0,3} (?:told|said|ordered|warned|instructed)(?: me)? (?:not to|to not|to stop|never to|i (?:can'?t|cannot|must not|mustn'?t|shouldn'?t)|(?:i'?m|im|i am) not (?:allowed|permitted|supposed)(?: to)?)\\b[^.?!]{0,15}\\b(?:contact|call|text|message|see|go near|go within|come within|approach|talk to|email)\\b",
      '\\b(?:judge|court|police) (?:said|ordered|says)\\b[^.?!]{0,10}\\bno contact\\b',
      "\\b(?:not allowed|can'?t|cannot|mustn'?t|must not|forbidden|prohibited|banned)(?: [a-z']+){0,2} (?:to )?(?:contact|see|call|text|go near|approach)\\b[^.?!]{0,40}\\b(?:order|court|police|bail|judge|injunction|conditions)\\b",
      '\\bharassment (?:warning|notice|order|charges?)\\b|\\b(?:charged|arrested|cautioned)(?: me)? (?:for|with) (?:harassment|stalking|domestic|assault)\\b',
      '\\b(?:police|cops)\\b[^.?!]{0,20}\\b(?:warning|warned me)\\b',
    ],
  },
  {
    id: 'legalNoContact.asked-to-stop',
    category: 'legalNoContact',
    explicit: true,
    gate: 'legal',
    patterns: [
      '\\b(?:asked|told|begged|wants|warned|said)(?: me)?(?: to)? (?:stop|quit|not to|never to|to never|not|never) (?:contact(?:ing)?|messag(?:e|ing)|text(?:ing)?|call(?:ing)?|email(?:ing)?|reach(?:ing)? out to|get(?:ting)? in touch with|come near) (?:her|him|them)\\b(?! (?:so (?:much|often|late)|at work|late|every|during|while|until|before|after|on (?:weekdays|work)))',
      "\\b(?:stop|don'?t|never|do not) (?:ever )?(?:contact(?:ing)?|messag(?:e|ing)|text(?:ing)?|call(?:ing)?) me (?:again|ever again|anymore)\\b",
      '\\b(?:wants?|asked for) no contact (?:at all|ever|again)\\b',
      '\\bnever (?:wants?|want) to (?:hear from|see|speak to|talk to) me again\\b',
      '\\b(?:told|asked|warned|wants?) me to (?:stay|keep) away from\\b',
      '\\b(?:told|asked|begged|said to|wants?)(?: me)? (?:to )?leave (?:her|him|them) alone\\b',
      '\\b(?:call(?:ing)?|get(?:ting)?|involve) the (?:police|cops)\\b[^.?!]{0,30}\\bif i\\b',
      '\\bif i (?:text|call|message|contact|email|come near|show up)\\b[^.?!]{0,30}\\b(?:call(?:ing)? the (?:police|cops)|report me|get a restraining|get an order)\\b',
    ],
  },
];
