import { z } from 'zod';
import type { Json } from '../core/state.js';
import { ReplySchema } from '../core/schedule-state.js';
import type { Effect, Reply, ReplyReceipt } from '../core/types.js';
import type { ReplyOutbox, UserKey } from '../session/store.js';
import type { EngineOptions } from './engine-options.js';

// Exactly one answer per applied turn. The commit records what the turn will say (session/outbox.ts); the
// adapter reports each reply it got through; a redelivery of the event sends only what was never confirmed, less
// a reply in doubt (being sent when its sender stopped), which may have arrived and is not repeated blindly.
// An export is recorded as a marker and made again when resent, so the outbox never holds the user's data.

/** One thing an applied turn says, as recorded with its commit. */
const Item = z.union([z.object({ reply: ReplySchema }), z.object({ export: z.literal(true) })]);
type Item = z.infer<typeof Item>;

/** What a turn's effects will say, in order, as outbox items; undefined when it says nothing or erases the user. */
export function outboxItems(effects: readonly Effect[]): Json[] | undefined {
  // Erasing deletes the outbox with everything else; the erased user's redelivery starts afresh anyway.
  if (effects.some((effect) => effect.type === 'forget')) return undefined;
  const items: Item[] = [];
  for (const effect of effects) {
    if (effect.type === 'reply') items.push({ reply: effect.reply });
    else if (effect.type === 'export') items.push({ export: true });
  }
  return items.length === 0 ? undefined : (JSON.parse(JSON.stringify(items)) as Json[]);
}

/** The replies still owed for a redelivered event, made from the recorded items. */
export async function repliesOf(items: readonly Json[], exportReply: () => Promise<Reply>): Promise<Reply[]> {
  const replies: Reply[] = [];
  for (const raw of items) {
    const item = Item.parse(raw);
    replies.push('reply' in item ? item.reply : await exportReply());
  }
  return replies;
}

/** Receipts handed out and not yet settled, so a stopping process can let a redelivery have what it never sent. */
export interface Receipts {
  /** A receipt for the event's replies, `first` of `total` already confirmed before these. */
  issue(user: UserKey, eventId: string, first: number, total: number): ReplyReceipt;
  /** Releases every unsettled receipt's replies (at shutdown), so the next process sends them at once. */
  releaseAll(): Promise<number>;
}

const OPEN_LIMIT = 10_000;

/** Receipts over `outbox`; a failed confirmation is logged (the reply may be sent again by a redelivery). */
export function createReceipts(outbox: ReplyOutbox, logger: EngineOptions['logger']): Receipts {
  const open = new Map<string, { user: UserKey; eventId: string }>();
  const quietly = async (what: string, user: UserKey, run: () => Promise<void>): Promise<void> => {
    try {
      await run();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ user, err: { message } }, `reply outbox ${what} failed; a redelivery may send the reply again`);
    }
  };
  return {
    issue(user, eventId, first, total) {
      const id = `${user}\n${eventId}`;
      // Bounded: a receipt an adapter never settles must not grow memory; its lease runs out on its own.
      if (open.size >= OPEN_LIMIT) open.delete(open.keys().next().value as string);
      open.set(id, { user, eventId });
      return {
        sent: (count) => {
          if (first + count >= total) open.delete(id);
          return quietly('confirmation', user, () => outbox.sent(user, eventId, first + count, total));
        },
        unsent: (inDoubt) => {
          open.delete(id);
          return quietly('release', user, () => outbox.release(user, eventId, inDoubt));
        },
      };
    },
    // A receipt still open at shutdown belongs to a turn whose sending hung: its next reply may have gone out.
    async releaseAll() {
      const all = [...open.values()];
      open.clear();
      const release = ({ user, eventId }: { user: UserKey; eventId: string }): Promise<void> =>
        quietly('release', user, () => outbox.release(user, eventId, true));
      await Promise.all(all.map(release));
      return all.length;
    },
  };
}
