// What people type, understood: answers matched to a question's options, times, dates and places.
export {
  compileChoices,
  plainName,
  scoreChoices,
  type ChoiceInput,
  type CompiledChoices,
  type ReadContext,
  type Scored,
} from './match.js';
export { choicesFor, understandMany, understandOne, CONFIRM, LEAD, NEAR, TAKE, type Understood } from './decide.js';
export { readDaysAgo, readNightRange, readTimeOfDay } from './times.js';
export { pickPlace, readPlace, type PlaceCandidate, type PlaceMatch } from './places.js';
export { countryOfZone } from './zone-country.js';
export { isSlot, slotOf } from './slots.js';
export { tokensOf, type Token } from './text.js';
export { answerWords, isWord } from './words.js';
export { lexiconWords, readLexicon, useLexicon, UNDERSTANDING_DATA, type Lexicon } from './lexicon.js';
