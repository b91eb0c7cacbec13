import { useEnglishLexicon } from './lexicon.js';

// Every test file may read typed answers (times, places, options) without making a program first; the program
// puts the word lists to use when it is made, so tests that skip it get the same English lists here.
useEnglishLexicon();
