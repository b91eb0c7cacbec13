import type { Json, JsonRecord } from '../core/state.js';

// Check-ins, moods and prompt history are lists of small records that differ only in a date, a prompt id
// and an outcome or score; as JSON each costs 30-70 characters of which deflate keeps several bytes. Stored
// as one short string per list (dates as day steps from the first), they cost about two bytes an entry.
// Only lists whose every entry has exactly the expected shape are written so; any other list is kept as JSON,
// so nothing a reader could find is lost.

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[a-z0-9][a-z0-9-]*$/;
const DAY_MS = 86_400_000;
const dayOf = (date: string): number => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

interface Codec {
  /** The entry's date and the rest of it as text, or undefined when the entry does not fit. */
  write(entry: JsonRecord): { date: string; rest: string } | undefined;
  /** The entry from its date and rest; undefined for a rest that does not parse. */
  read(date: string, rest: string): JsonRecord | undefined;
}

const OUTCOMES: Record<string, string> = { done: 'd', skip: 's', journal: 'j' };
const OUTCOME_OF: Record<string, string> = { d: 'done', s: 'skip', j: 'journal' };

const CODECS: Record<string, Codec> = {
  's:moods': {
    write: (e) =>
      keysAre(e, ['date', 'score']) &&
      typeof e.score === 'number' &&
      Number.isInteger(e.score) &&
      e.score >= 0 &&
      e.score <= 9
        ? { date: e.date as string, rest: String(e.score) }
        : undefined,
    read: (date, rest) => (/^\d$/.test(rest) ? { date, score: Number(rest) } : undefined),
  },
  's:checkins': {
    write: (e) =>
      keysAre(e, ['date', 'prompt', 'outcome']) &&
      typeof e.prompt === 'string' &&
      ID.test(e.prompt) &&
      typeof e.outcome === 'string' &&
      OUTCOMES[e.outcome] !== undefined
        ? { date: e.date as string, rest: `${OUTCOMES[e.outcome]}${e.prompt}` }
        : undefined,
    read: (date, rest) => {
      const outcome = OUTCOME_OF[rest.charAt(0)];
      const prompt = rest.slice(1);
      return outcome !== undefined && ID.test(prompt) ? { date, prompt, outcome } : undefined;
    },
  },
  's:promptHistory': {
    // An id may start with a digit, so a colon ends the day step.
    write: (e) =>
      keysAre(e, ['id', 'date']) && typeof e.id === 'string' && ID.test(e.id)
        ? { date: e.date as string, rest: `:${e.id}` }
        : undefined,
    read: (date, rest) => (rest.startsWith(':') && ID.test(rest.slice(1)) ? { id: rest.slice(1), date } : undefined),
  },
};

function keysAre(entry: JsonRecord, keys: readonly string[]): boolean {
  const own = Object.keys(entry);
  return (
    own.length === keys.length &&
    keys.every((k) => k in entry) &&
    typeof entry.date === 'string' &&
    ISO.test(entry.date)
  );
}

/** `list` of the list field `field` as one string, or undefined when the field has no codec or an entry does not fit. */
export function compactList(field: string, list: readonly Json[]): string | undefined {
  const codec = CODECS[field];
  if (codec === undefined || list.length === 0) return undefined;
  const parts: string[] = [];
  let previous: number | undefined;
  for (const entry of list) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
    const written = codec.write(entry);
    if (written === undefined) return undefined;
    const day = dayOf(written.date);
    // Entries are kept oldest first; a step back in time is not worth a format of its own.
    if (previous !== undefined && day < previous) return undefined;
    parts.push(previous === undefined ? `${written.date}${written.rest}` : `${day - previous}${written.rest}`);
    previous = day;
  }
  return parts.join(',');
}

/** The list a {@link compactList} string stands for; undefined when the text does not parse (the reader reports it). */
export function expandList(field: string, text: string): Json[] | undefined {
  const codec = CODECS[field];
  if (codec === undefined) return undefined;
  const entries: Json[] = [];
  let day: number | undefined;
  for (const part of text.split(',')) {
    const match = day === undefined ? /^(\d{4}-\d{2}-\d{2})(.+)$/.exec(part) : /^(\d+)(.+)$/.exec(part);
    const [, head, rest] = match ?? [];
    if (head === undefined || rest === undefined) return undefined;
    day = day === undefined ? dayOf(head) : day + Number(head);
    const entry = codec.read(dateOf(day), rest);
    if (entry === undefined) return undefined;
    entries.push(entry);
  }
  return entries;
}
