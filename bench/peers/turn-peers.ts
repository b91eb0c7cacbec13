import { Bot, session, type Context, type SessionFlavor } from 'grammy';
import { RedisAdapter } from '@grammyjs/storage-redis';
import { createIoRedisState } from '@chat-adapter/state-ioredis';
import type { Redis } from 'ioredis';
import { advance, type Program } from '../../src/engine/advance.js';
import type { Choice, Effect, Input } from '../../src/core/types.js';
import type { SessionState } from '../../src/core/state.js';
import type { Worker } from '../support/timed.js';
import { DAY_MS, MIX, offeredAfter, toInput } from '../workload.js';
import { BOT_INFO, createFakeApi, FAKE_TOKEN, textUpdate } from './telegram.js';

// The same turns Steady's full-turn loop plays (the mix, one virtual day per round), on the state stores
// of two peers: grammY's session middleware on @grammyjs/storage-redis, and the Chat SDK state adapter
// (@chat-adapter/state-ioredis) used the way its docs lock a thread: acquireLock, get, set, releaseLock.
// Each turn runs Steady's own pure advance() on the stored state, so the peers do the same work per turn
// and differ only in how the state gets in and out of Redis: plain JSON, the whole state every turn, no
// encryption, no compare-and-set, no duplicate check.

/** Where one peer user stands in the mix; shared by both peers. */
interface Place {
  script: number;
  step: number;
  offered: readonly Choice[];
  day: number;
}

function replyEffects(effects: readonly Effect[]): Parameters<typeof offeredAfter>[0] {
  return effects.flatMap((e) => (e.type === 'reply' ? [e.reply] : []));
}

// The next input of the mix for `place`, and how to move on once the turn's replies are known.
function nextInput(place: Place): { input: Input; done(state: SessionState, effects: readonly Effect[]): void } {
  const script = MIX[place.script];
  const step = script?.steps[place.step];
  if (!script || !step) throw new Error('peer turn: lost track of the place in the mix.');
  const input = toInput(step, place.offered);
  return {
    input,
    done: (_state, effects) => {
      place.offered = offeredAfter(replyEffects(effects), place.offered);
      place.step = (place.step + 1) % script.steps.length;
      if (place.step > 0) return;
      place.script = (place.script + 1) % MIX.length;
      if (place.script === 0) place.day += 1;
    },
  };
}

/** What both peers are given: the program, the seeded user and when their first round starts. */
export interface PeerRig {
  program: Program;
  seed: SessionState;
  start: number;
  ttlSeconds: number;
}

type SessionContext = Context & SessionFlavor<SessionState>;

/**
 * grammY workers: one bot (the documented `session({ storage: new RedisAdapter(...) })` setup) handles
 * every user's updates; the handler runs advance() on `ctx.session` and the middleware writes it back.
 * Each worker's update is a text message whose Steady input waits in a map by chat.
 */
export async function grammySessionWorkers(rig: PeerRig, redis: Redis, ids: readonly number[]): Promise<Worker[]> {
  const pending = new Map<number, { input: Input; now: number; effects?: readonly Effect[] }>();
  const api = createFakeApi();
  const bot = new Bot<SessionContext>(FAKE_TOKEN, { botInfo: BOT_INFO, client: { fetch: api.fetch } });
  bot.api.config.use(api.transformer);
  const storage = new RedisAdapter<SessionState>({ instance: redis, ttl: rig.ttlSeconds });
  bot.use(session({ storage, initial: () => rig.seed, prefix: 'peer-grammy:' }));
  bot.on('message:text', (ctx) => {
    const turn = pending.get(ctx.chatId);
    if (!turn) throw new Error(`grammY peer: no input waiting for chat ${ctx.chatId}`);
    const next = advance(rig.program, ctx.session, turn.input, turn.now);
    ctx.session = next.state;
    turn.effects = next.effects;
  });
  bot.catch((error) => {
    throw error.error;
  });
  // Seeded through the peer's own storage, as a first turn would have written it.
  await Promise.all(ids.map((id) => storage.write(`peer-grammy:${id}`, rig.seed)));
  let updateId = 1;
  return ids.map((id) => {
    const place: Place = { script: 0, step: 0, offered: [], day: 0 };
    return async () => {
      const turn = nextInput(place);
      const entry = { input: turn.input, now: rig.start + place.day * DAY_MS + performance.now() };
      pending.set(id, entry);
      await bot.handleUpdate(textUpdate(updateId++, id, 'turn'));
      turn.done(rig.seed, (entry as { effects?: readonly Effect[] }).effects ?? []);
      return true;
    };
  });
}

/**
 * Chat SDK workers: per turn acquireLock (SET NX PX), get (GET), advance(), set (SET PX), releaseLock
 * (a Lua compare-and-delete), on one IoRedisStateAdapter over the given client. A lock held by another
 * turn of the same user cannot happen here (one worker per user), so a refused lock fails the turn.
 */
export async function chatSdkWorkers(rig: PeerRig, redis: Redis, ids: readonly number[]): Promise<Worker[]> {
  const state = createIoRedisState({ client: redis, keyPrefix: 'peer-chat-sdk', logger: silentLogger() });
  await state.connect();
  const ttlMs = rig.ttlSeconds * 1000;
  await Promise.all(ids.map((id) => state.set(`user:${id}`, rig.seed, ttlMs)));
  return ids.map((id) => {
    const place: Place = { script: 0, step: 0, offered: [], day: 0 };
    return async () => {
      const turn = nextInput(place);
      const lock = await state.acquireLock(`thread:${id}`, 30_000);
      if (lock === null) return false;
      try {
        const stored = (await state.get<SessionState>(`user:${id}`)) ?? rig.seed;
        const next = advance(rig.program, stored, turn.input, rig.start + place.day * DAY_MS + performance.now());
        await state.set(`user:${id}`, next.state, ttlMs);
        turn.done(next.state, next.effects);
      } finally {
        await state.releaseLock(lock);
      }
      return true;
    };
  });
}

function silentLogger(): Parameters<typeof createIoRedisState>[0]['logger'] & object {
  const quiet = (): void => undefined;
  const logger = { debug: quiet, info: quiet, warn: quiet, error: quiet, child: () => logger };
  return logger;
}

/** A lock release of the Chat SDK adapter, ready to run once (the lock is taken first), for calibrating its script. */
export async function chatSdkReleaseOnce(redis: Redis): Promise<() => Promise<void>> {
  const state = createIoRedisState({ client: redis, keyPrefix: 'peer-calibration', logger: silentLogger() });
  await state.connect();
  const lock = await state.acquireLock('calibration', 10_000);
  if (lock === null) throw new Error('peer calibration: the lock is already taken');
  return () => state.releaseLock(lock);
}
