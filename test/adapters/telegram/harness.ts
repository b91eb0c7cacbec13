import { createTelegramAdapter, type TelegramOptions } from '../../../adapters/telegram/index.js';
import type { Adapter, InboundEvent, TurnHandler } from '../../../src/core/types.js';
import { systemClock } from '../../../src/core/types.js';
import { commandList } from '../../../src/engine/commands.js';
import type { SessionState } from '../../../src/core/state.js';
import { createTestEngine } from '../../support/engine.js';
import { programOf } from '../../support/program.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram-server.js';

/** A small journey touching every kind of message the adapter renders. */
export const TEST_FLOW = `
id: start
version: 1
title: Start
steps:
  - id: pick
    type: choose
    text: "Pick <one> & go"
    save: vars.pick
    options:
      - { id: a, label: "Alpha <b>" }
      - { id: b, label: Beta }
  - id: many
    type: choose
    multi: true
    text: Pick several
    save: vars.many
    options:
      - { id: x, label: Ex }
      - { id: y, label: Why }
  - id: note
    type: ask
    text: Say something
    save: vars.note
    reask: Say it again
  - id: echo
    type: end
    role: info
    text: "You said: {$vars.note}"
`;

/** The fake, a test engine on a memory store, and the adapter between them. */
export interface Harness {
  fake: FakeTelegram;
  adapter: Adapter;
  engine: ReturnType<typeof createTestEngine>;
  /** Every event the adapter handed the engine. */
  events: InboundEvent[];
  /** The stored state of a Telegram user. */
  stateOf(userId: number): Promise<SessionState>;
  close(): Promise<void>;
}

/**
 * Starts a fake Bot API server and a Telegram adapter pointed at it.
 * @param wrap Lets a test stand between the adapter and the engine (e.g. to play a store outage).
 */
export async function startHarness(
  overrides: Partial<TelegramOptions> = {},
  engine = createTestEngine(programOf(TEST_FLOW), { clock: systemClock }),
  wrap: (handle: TurnHandler) => TurnHandler = (handle) => handle,
): Promise<Harness> {
  const fake = await startFakeTelegram();
  const events: InboundEvent[] = [];
  const adapter = createTelegramAdapter({
    token: fake.token,
    apiRoot: fake.apiRoot,
    http: { add: () => undefined },
    logger: engine.options.logger,
    clock: systemClock,
    catalogs: engine.options.registry.catalogs,
    commands: commandList(engine.options.registry),
    ...overrides,
  });
  const handle = wrap(engine.handle);
  await adapter.start((event) => {
    events.push(event);
    return handle(event);
  });
  return {
    fake,
    adapter,
    engine,
    events,
    stateOf: async (userId) => (await engine.store.load(engine.options.userKey('telegram', String(userId)))).state,
    close: async () => {
      await adapter.stop();
      await engine.store.close();
      await fake.close();
    },
  };
}

/** The visible texts of the bot's messages in a chat, oldest first. */
export function botTexts(fake: FakeTelegram, chatId: number): string[] {
  return fake
    .chat(chatId)
    .filter((m) => m.fromBot)
    .map((m) => m.text ?? m.caption ?? '');
}
