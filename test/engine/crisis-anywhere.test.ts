import { describe, expect, it } from 'vitest';
import { ACTION_NAMES, createActions } from '../../src/coach/index.js';
import { ErrorCode, SteadyError } from '../../src/core/errors.js';
import { createState, type SessionState } from '../../src/core/state.js';
import type { InboundEvent, Input, TurnOutcome } from '../../src/core/types.js';
import { isWaiting } from '../../src/flow/edges.js';
import { loadFlows } from '../../src/flow/loader.js';
import type { SessionStore, UserKey } from '../../src/session/store.js';
import { createUserKeyer } from '../../src/session/user-key.js';
import { createTestEngine, eventFrom, testSecret } from '../support/engine.js';

// A crisis message in any language the screen reads, typed, captioned or edited in at any question of any
// journey, gets the crisis answer with the lines of the person's own country, whether the store is up or down.

const registry = await loadFlows('flows', new Set(ACTION_NAMES));
const actions = createActions(registry);

/** An explicit statement per language, and the country whose lines answer it when the person's own has none. */
const CRISIS = [
  { lang: 'en', text: 'I want to kill myself tonight', country: undefined },
  { lang: 'es', text: 'quiero suicidarme esta noche', country: 'Spain' },
  { lang: 'pt', text: 'quero tirar a minha vida', country: 'Portugal' },
  { lang: 'fr', text: 'je veux me suicider', country: 'France' },
  { lang: 'de', text: 'ich will mich umbringen', country: 'Germany' },
  { lang: 'it', text: 'voglio togliermi la vita', country: 'Italy' },
] as const;

// Every question a journey can wait at, as the state of someone standing there.
const WAITING = [...registry.flows.values()].flatMap((flow) =>
  flow.steps.filter(isWaiting).map((step) => ({ flow, step })),
);

function standingAt(at: (typeof WAITING)[number], settings: SessionState['settings']): SessionState {
  const base = createState();
  return {
    ...base,
    seq: 1,
    settings: { onboarded: true, consent: true, ...settings },
    flow: { id: at.flow.id, version: at.flow.version, step: at.step.id, vars: {}, stack: [] },
    awaiting: { seq: 1, selected: [] },
  };
}

const said = (outcome: TurnOutcome): string => outcome.replies.map((r) => r.text).join('\n');

describe('a crisis message at any point of any journey', () => {
  it('should find the questions to stand at', () => {
    expect(WAITING.length).toBeGreaterThan(60);
  });

  it.each(CRISIS)(
    'should answer $lang, typed, captioned or edited, with the lines of the country the person chose, at every question',
    async (c) => {
      const secret = testSecret();
      const engine = createTestEngine({ registry, actions }, { secret, country: 'us' });
      const keyOf = createUserKeyer(secret);
      const missed: string[] = [];
      const inputs: Input[] = [
        { kind: 'text', text: c.text },
        { kind: 'unsupported', text: c.text },
        { kind: 'edited', text: c.text },
      ];
      for (const [i, at] of WAITING.entries())
        for (const input of inputs) {
          const userId = `u${i}-${input.kind}`;
          await engine.store.commit(keyOf('test', userId) as UserKey, standingAt(at, { country: 'ie' }), 0, 'given');
          const text = said(await engine.handle(eventFrom(userId, input)));
          if (!text.includes('Are you safe right now?') || !text.includes('People you can reach in Ireland:'))
            missed.push(`${at.flow.id}/${at.step.id} (${input.kind})`);
        }
      expect(missed).toEqual([]);
    },
  );

  it.each(CRISIS.filter((c) => c.country !== undefined))(
    "should answer $lang with its language's country when the person's own country has no lines",
    async (c) => {
      const secret = testSecret();
      const engine = createTestEngine({ registry, actions }, { secret });
      const at = WAITING.find((w) => w.flow.id === 'contact' && w.step.type === 'ask') ?? WAITING[0]!;
      await engine.store.commit(
        createUserKeyer(secret)('test', 'far') as UserKey,
        standingAt(at, { country: 'jp' }),
        0,
        'given',
      );
      const outcome = await engine.handle(eventFrom('far', { kind: 'text', text: c.text }));
      expect(said(outcome)).toContain(`People you can reach in ${c.country}:`);
    },
  );

  it.each(CRISIS)(
    'should answer $lang typed, captioned or edited with the lines of the platform country while the store is down',
    async (c) => {
      const engine = createTestEngine({ registry, actions }, { store: downStore(), country: 'us' });
      const inputs: Input[] = [
        { kind: 'text', text: c.text },
        { kind: 'unsupported', text: c.text },
        { kind: 'edited', text: c.text },
      ];
      for (const input of inputs) {
        const event: InboundEvent = { ...eventFrom('down', input), locale: 'en-IE' };
        const outcome = await engine.handle(event);
        expect(outcome.status).toBe('unavailable');
        expect(said(outcome)).toContain('Are you safe right now?');
        expect(said(outcome)).toContain('People you can reach in Ireland:');
      }
    },
  );
});

// A store that cannot be reached, as Redis down looks to the engine.
function downStore(): SessionStore {
  const down = (): Promise<never> =>
    Promise.reject(new SteadyError(ErrorCode.StoreUnavailable, 'The store is down; try again shortly.'));
  const outbox = { claim: down, sent: down, release: down };
  return { load: down, commit: down, forget: down, export: down, close: () => Promise.resolve(), outbox };
}
