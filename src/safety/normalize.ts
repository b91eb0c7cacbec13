// === Normalising a copy of the user's text so rules see through spelling tricks

// Zero-width, joiners, soft hyphen, bidi controls and variation selectors: invisible, so they can hide inside words.
const INVISIBLE =
  /[\u00AD\u061C\u115F\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0]|\u034F|\u1160|\u17B4|\u17B5|[\u180B-\u180D]|\u180F|[\uFE00-\uFE0F]/gu;
const APOSTROPHES = /[\u2018\u2019\u201A\u201B\u2032\u02BC\u02B9\u0060\u00B4]/gu;
const QUOTES = /[\u201C\u201D\u201E\u201F\u2033]/gu;
const MARKS = /\p{M}/gu;

// Cyrillic and Greek letters that look like Latin ones; NFKC does not fold these.
const LOOKALIKES: Readonly<Record<string, string>> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  һ: 'h',
  ԛ: 'q',
  ԝ: 'w',
  ɡ: 'g',
  ı: 'i',
  α: 'a',
  β: 'b',
  ε: 'e',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
};
const LOOKALIKE = new RegExp(`[${Object.keys(LOOKALIKES).join('')}]`, 'gu');

// Single characters split by separators: "k.i.l.l", "s u i c i d e", "s-e-l-f".
const SPACED = /(?<![a-z0-9@$])[a-z0-9@$](?:[ .\-_*~+·•]+[a-z0-9@$]){2,}(?![a-z0-9@$])/g;
const SEPARATORS = /[ .\-_*~+·•]+/g;

// A word that mixes letters with look-alike digits or symbols ("k1ll", "$uicide", "d!e").
const TOKEN = /[a-z0-9@$]+(?:[!|][a-z0-9@$]+)*/g;
const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
};
// Numbers with a unit or an ordinal are real numbers: "20mg", "3pm", "2nd", "1990s", "$50".
const REAL_NUMBER =
  /^(?:\$?\d+(?:am|pm|mg|mcg|g|kg|ml|l|k|m|h|hr|hrs|min|mins|s|x|yo|ft|cm|mm|km|lb|lbs|oz|mph|kmh|gb|mb|d|w|y)?|\d+\$)$/;

const ORDINAL = /^\d*(?:1st|2nd|3rd|[04-9]th|1[1-3]th)$/;

const STRETCHED = /([a-z])\1{2,}/g;

/**
 * A copy of `text` for matching only: NFKC, lower case, no invisible or bidi characters, straight
 * apostrophes, look-alike letters folded, accents dropped, spaced-out letters joined, leetspeak
 * read as letters, and a letter written three or more times in a row written twice (so "offff" stays "off").
 */
export function normalizeForSafety(text: string): string {
  const folded = text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(APOSTROPHES, "'")
    .replace(QUOTES, '"')
    .toLowerCase()
    .replace(LOOKALIKE, (ch) => LOOKALIKES[ch] ?? ch)
    .normalize('NFD')
    .replace(MARKS, '')
    .normalize('NFC')
    .replace(/\s+/gu, ' ');
  return folded.replace(SPACED, joinSpaced).replace(TOKEN, readLeet).replace(STRETCHED, '$1$1').trim();
}

function joinSpaced(run: string): string {
  const joined = run.replace(SEPARATORS, '');
  // "1 2 3" or "a 1 2" is a list, not a hidden word.
  return (joined.match(/[a-z]/g)?.length ?? 0) >= 2 ? joined : run;
}

function readLeet(token: string): string {
  if (!/[a-z]/.test(token) || !/[0-9@$!|]/.test(token) || REAL_NUMBER.test(token) || ORDINAL.test(token)) return token;
  // "209a" or "4x4" is a code, not a word in disguise: more digits than letters.
  if ((token.match(/\d/g)?.length ?? 0) > (token.match(/[a-z]/g)?.length ?? 0)) return token;
  // "11" inside a word is nearly always "ll" ("ki11"); a lone "1" is nearly always "i" ("k1ll").
  return token.replace(/11+/g, (run) => 'l'.repeat(run.length)).replace(/[0-9@$!|]/g, (ch) => LEET[ch] ?? ch);
}
