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

// Below this size compressing saves too little to pay for the time it takes.
const MIN_COMPRESS_BYTES = 64;

/** `json` as stored bytes: compressed when that makes it smaller, else the UTF-8 text itself. */
export function pack(json: string): Buffer {
  const plain = Buffer.from(json, 'utf8');
  if (plain.length < MIN_COMPRESS_BYTES) return plain;
  const packed = deflateRawSync(plain, { dictionary: DICTIONARY_1 });
  if (packed.length + 1 >= plain.length) return plain;
  return Buffer.concat([Buffer.of(DEFLATE_DICT_1), packed]);
}

/** The JSON text of stored bytes, compressed by {@link pack} or plain (as every value was stored before). */
export function unpack(bytes: Buffer): string {
  if (bytes[0] !== DEFLATE_DICT_1) return bytes.toString('utf8');
  return inflateRawSync(bytes.subarray(1), { dictionary: DICTIONARY_1 }).toString('utf8');
}
