import { lexiconWords } from './lexicon.js';

/** Whole answers with a fixed meaning: done with a list, yes or no to a "did you mean", or which of its two. */
export function answerWords(): Record<'done' | 'yes' | 'no' | 'first' | 'second', readonly string[]> {
  const { lexicon } = lexiconWords();
  return {
    done: lexicon.doneWords,
    yes: lexicon.yesWords,
    no: lexicon.noWords,
    first: lexicon.firstWords,
    second: lexicon.secondWords,
  };
}

/** True when `text`, without punctuation and case, is one of `words`. */
export function isWord(words: readonly string[], text: string): boolean {
  const plain = text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[^\p{L}\p{N}\s']/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return words.includes(plain);
}
