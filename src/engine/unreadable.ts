import { ErrorCode, hasCode } from '../core/errors.js';
import type { InboundEvent, Reply, TurnOutcome } from '../core/types.js';
import type { SessionStore, UserKey } from '../session/store.js';
import type { EngineOptions, TurnTarget } from './engine-options.js';
import type { EngineTexts } from './turn.js';

// A stored state that cannot be decrypted or parsed (a damaged value, a field moved from elsewhere) must not
// lock its user in: every message would fail, /forget included, and the data would sit out its TTL. Erasing
// needs only the key names, so it works whatever the stored bytes are.

/** The token of the button that offers to start over when the user's stored state cannot be read. */
export const START_OVER_TOKEN = 'start-over';

// One warning per user and process is enough to find the key; a user who keeps writing must not flood the log.
const LOGGED_LIMIT = 10_000;

/** True when `error` says the stored state exists but cannot be read. */
export function isUnreadable(error: unknown): boolean {
  return hasCode(error, ErrorCode.Decrypt) || hasCode(error, ErrorCode.StoreCorrupt);
}

/** What the engine needs to answer a user whose state cannot be read. */
export interface UnreadableDeps {
  store: Pick<SessionStore, 'forget'>;
  schedule?: EngineOptions['schedule'];
  logger: EngineOptions['logger'];
  texts: EngineTexts;
}

/** Answers a turn whose state is unreadable; `restart` runs the event as `/start` on the fresh state. */
export type UnreadableTurn = (
  target: TurnTarget,
  event: InboundEvent,
  error: unknown,
  restart: () => Promise<TurnOutcome>,
) => Promise<TurnOutcome>;

/**
 * `/forget` erases at once; `/start` or the start-over button erases and begins again; anything else is
 * answered with the offer to start over (keeping nothing), since guessing at damaged data could keep a wrong flag.
 */
export function createUnreadableTurn({ store, schedule, logger, texts }: UnreadableDeps): UnreadableTurn {
  const logged = new Set<UserKey>();
  const erase = async (user: UserKey): Promise<void> => {
    // Queued deliveries cannot be named without the outbox; the send queue skips users with no state.
    await schedule?.forget(user, []);
    await store.forget(user);
  };
  return async (target, event, error, restart) => {
    if (!logged.has(target.user)) {
      if (logged.size >= LOGGED_LIMIT) logged.clear();
      logged.add(target.user);
      const code = hasCode(error, ErrorCode.Decrypt) ? ErrorCode.Decrypt : ErrorCode.StoreCorrupt;
      logger.warn({ user: target.user, code }, 'stored state cannot be read; the user is offered to start over');
    }
    switch (choiceOf(event)) {
      case 'erase':
        await erase(target.user);
        logged.delete(target.user);
        return { status: 'ok', replies: [{ kind: 'info', text: texts.text('unreadableErased') }] };
      case 'restart':
        await erase(target.user);
        logged.delete(target.user);
        return restart();
      case 'offer':
        return { status: 'ok', replies: [offer(texts)] };
    }
  };
}

function choiceOf(event: InboundEvent): 'erase' | 'restart' | 'offer' {
  if (event.kind === 'command' && event.command === 'forget') return 'erase';
  if (event.kind === 'command' && event.command === 'start') return 'restart';
  if (event.kind === 'choice' && event.token === START_OVER_TOKEN) return 'restart';
  return 'offer';
}

function offer(texts: EngineTexts): Reply {
  return {
    kind: 'question',
    text: texts.text('unreadable'),
    choices: [{ id: START_OVER_TOKEN, label: texts.text('startOver') }],
  };
}
