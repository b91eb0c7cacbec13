import { deflateRawSync, inflateRawSync } from 'node:zlib';

// A stored value is small JSON (a few hundred bytes to a few KB) made of the same keys and values again and
// again. Deflate alone finds little to reuse in so little text; with a preset dictionary of those fragments
// it reuses them from the first byte. The dictionary is part of the stored format: changing it would make
// every stored value unreadable, so a new one gets a new marker byte and this one stays for reading.

/** First byte of a compressed payload; JSON text never starts with it. */
const DEFLATE_DICT_1 = 0x01;

// Fragments in rising order of how often they appear: deflate reaches the end of its window most cheaply.
const DICTIONARY_1 = Buffer.from(
  [
    '{"v":1,"seq":0,"turns":0,"profile":{"assessment":{"at":1767636200000,"stage":"space","relationship":"married",',
    '"stance":"intervention","feelings":"intervention","living":"together","livingAnswer":"together",',
    '"response":"neutral","doing":["pleading","texting"],"children":true,"damage":"low","damageScore":2,',
    '"contactEveryDays":3,"headline":""}},"settings":{"consent":true,"onboarded":true,"zone":"Europe/London",',
    '"promptTime":"07:30"},"flags":{},"schedule":{"reach":{"platform":"telegram","address":""},"lastActive":',
    '1768414160000,"disclosedAt":1768413600000,"usedMs":560000,"outbox":[],"planned":null,"anchor":',
    '"flow":{"id":"today","version":1,"step":"","vars":{},"stack":[]},"awaiting":{"seq":0,"selected":[]},',
    '"stats":{"lastAdvice":{"sources":["004"],"step":"today/prompt"},"streak":10,"lastCheckin":"2026-01-14",',
    '"contacts":[{"at":1768414160000,"purpose":"reply","verdict":"send","outcome":"good"}],',
    '{"id":"change-name","date":"2026-01-05"},{"id":"family-routine","date":"2026-01-06"},',
    '{"id":"self-own-corner","date":"2026-01-07"},{"id":"intention-why","date":"2026-01-08"},',
    '{"date":"2026-01-05","prompt":"validation-restate","outcome":"journal"},',
    '{"date":"2026-01-06","prompt":"connected-call","outcome":"skip"},',
    '{"date":"2026-01-07","prompt":"resilience-breathe","outcome":"done"},',
    '{"date":"2026-01-08","score":3},{"date":"2026-01-09","score":4},{"date":"2026-01-10","score":2},',
  ].join(''),
  'utf8',
);

/** First byte of a payload compressed with {@link DICTIONARY_2}, the one written now. */
const DEFLATE_DICT_2 = 0x02;

// The fragments of the first dictionary, after those of the state as it is now stored: the settings and
// rhythm bookkeeping, scheduled deliveries (replies, choices, the progress chart), the summary of days
// that left the recent window, and history chunks. Structure only: no words a user reads.
const DICTIONARY_2 = Buffer.concat([
  Buffer.from(
    [
      '[{"date":"2026-01-05","prompt":null,"text":"',
      '"pastCheckins":[],"pastMoods":[],"pastPrompts":[]',
      '{"kind":"progress","locale":"en","title":"","days":[{"date":"2026-01-05","contacts":[]},',
      '{"date":"2026-01-06","mood":4,"checkin":"skip","contacts":[]},{"date":"2026-01-07","mood":2,"checkin":"done","contacts":[]},',
      '"labels":{"mood":"","checkins":"","contacts":"","done":"","skip":"","outcomes":{"good":"","mixed":"",',
      '"bad":"","no_reply":"","pending":""}}}},',
      '"picture":{"alt":"","sparkline":"","chart":',
      '"past":{"checkins":{"to":"2026-01-04","days":"dddjdsd-dd"},"moods":{"to":"2026-01-04","days":"3425-1"},',
      '"prompts":{"change-name":"2026-01-01"}},',
      '"timers":{},"nudgedAt":',
      '"settings":{"consent":true,"onboarded":true,"dailyTime":"19:00","timezone":"Europe/London",',
      '"paused":false,"stopped":false},',
      '"outbox":[{"id":"day.2026-01-05","at":1768414160000,"replies":[{"kind":"info","text":"',
      '"},{"kind":"question","text":"","choices":[{"id":"1a.0","label":""},{"id":"1a.1","label":""},',
      '{"id":"1a.2","label":""},{"id":"1a.3","label":""},{"id":"1a.4","label":""}]}]}],',
      '"planned":1768500000000,"anchor":1768414160000,"lastDay":1768413600000}}',
    ].join(''),
    'utf8',
  ),
  DICTIONARY_1,
]);

// Below this size compressing saves too little to pay for the time it takes.
const MIN_COMPRESS_BYTES = 64;

/** `json` as stored bytes: compressed when that makes it smaller, else the UTF-8 text itself. */
export function pack(json: string): Buffer {
  const plain = Buffer.from(json, 'utf8');
  if (plain.length < MIN_COMPRESS_BYTES) return plain;
  const packed = deflateRawSync(plain, { dictionary: DICTIONARY_2 });
  if (packed.length + 1 >= plain.length) return plain;
  return Buffer.concat([Buffer.of(DEFLATE_DICT_2), packed]);
}

/** The JSON text of stored bytes, compressed by {@link pack} (with either dictionary) or plain (as values were stored before). */
export function unpack(bytes: Buffer): string {
  const dictionary =
    bytes[0] === DEFLATE_DICT_2 ? DICTIONARY_2 : bytes[0] === DEFLATE_DICT_1 ? DICTIONARY_1 : undefined;
  if (dictionary === undefined) return bytes.toString('utf8');
  return inflateRawSync(bytes.subarray(1), { dictionary }).toString('utf8');
}
