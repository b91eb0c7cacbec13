import type { Json, SessionState } from '../core/state.js';
import type { DataCrypto } from './crypto.js';

// The replies of a scheduled delivery (core/schedule-state.ts, the state's outbox) are kept only until the
// sender has taken them; the entry itself (its id and time) stays for its day, so /forget can still cancel
// it. Stored inside `data` they would need a compare-and-set commit to drop, so each entry's replies sit in a
// state hash field of their own, `o:` and a keyed name of the entry id (an id can name a flow), which the
// scheduler deletes once the sender has them (redis-batch.ts `taken`). `data` holds the entry with no
// replies, which is also how it reads back once taken (and how a version that knows no such fields reads
// it). States written before kept the replies inside `data`; they read the same, and the next commit moves
// them out.

const PREFIX = 'o:';

/** True when `field` names the replies of an outbox entry. */
export function isOutboxField(field: string): boolean {
  return field.startsWith(PREFIX);
}

/** Names the state hash field of an outbox entry's replies by the entry's id. */
export type OutboxFieldName = (id: string) => string;

/** The field names under `crypto`'s keyed names: an entry id says which flow armed a timer, so it stays out of Redis. */
export function outboxFieldName(crypto: Pick<DataCrypto, 'name'>): OutboxFieldName {
  return (id) => `${PREFIX}${crypto.name(`outbox:${id}`)}`;
}

/** One entry's replies as stored apart: the field and the very list the state holds. */
export interface OutboxReplies {
  field: string;
  replies: Json[];
}

/** `state` with its outbox entries' replies taken out (what `data` holds), and those replies by field. */
export function splitOutbox(
  state: SessionState,
  outboxField: OutboxFieldName,
): { state: SessionState; replies: OutboxReplies[] } {
  const outbox = state.schedule?.outbox;
  if (outbox === undefined || !outbox.some((entry) => entry.replies.length > 0)) return { state, replies: [] };
  const replies: OutboxReplies[] = [];
  const bare = outbox.map((entry) => {
    if (entry.replies.length === 0) return entry;
    replies.push({ field: outboxField(entry.id), replies: entry.replies as unknown as Json[] });
    return { ...entry, replies: [] };
  });
  return { state: { ...state, schedule: { ...state.schedule, outbox: bare } }, replies };
}

/** The replies `state` holds for the entry whose field is `field`, or undefined. */
export function outboxRepliesOf(state: SessionState, field: string, outboxField: OutboxFieldName): Json[] | undefined {
  const entry = state.schedule?.outbox?.find((e) => outboxField(e.id) === field);
  return entry?.replies as unknown as Json[] | undefined;
}

/**
 * Puts the stored replies back into the outbox entries of a decoded state (still unchecked JSON; checked as a
 * whole afterwards). An entry that has replies inside `data` (an older layout) keeps them.
 */
export function joinOutbox(raw: unknown, replies: ReadonlyMap<string, unknown>, outboxField: OutboxFieldName): unknown {
  if (replies.size === 0 || !isRecord(raw) || !isRecord(raw.schedule) || !Array.isArray(raw.schedule.outbox)) {
    return raw;
  }
  const outbox = raw.schedule.outbox.map((entry: unknown) => {
    const inline = isRecord(entry) && Array.isArray(entry.replies) && entry.replies.length > 0;
    if (!isRecord(entry) || typeof entry.id !== 'string' || inline) return entry;
    const stored = replies.get(outboxField(entry.id));
    return stored === undefined ? entry : { ...entry, replies: stored };
  });
  return { ...raw, schedule: { ...raw.schedule, outbox } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
