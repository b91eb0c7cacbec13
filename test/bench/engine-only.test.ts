import { describe, expect, it } from 'vitest';
import { measureAdvance } from '../../bench/engine-only.js';
import { buildUser, loadProgram, MIX_TURNS, mixComposition, recordMix } from '../../bench/workload.js';
import { advance } from '../../src/engine/advance.js';

const program = await loadProgram();
// A few days of history are enough to check the building blocks; the bench uses 90.
const turns = recordMix(program, buildUser(program, { days: 3 }));

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

describe('bench workload', () => {
  it('should record one turn per step of the mix', () => {
    expect(turns).toHaveLength(MIX_TURNS);
    const kinds = turns.reduce<Record<string, number>>((acc, t) => ({ ...acc, [t.kind]: (acc[t.kind] ?? 0) + 1 }), {});
    expect(kinds).toEqual(mixComposition().byKind);
  });

  it('should play every turn as the transcript means it, with no stale button or error', () => {
    const expired = program.texts.text('expired');
    for (const t of turns) {
      const replies = advance(program, t.state, t.input, t.now).effects.flatMap((e) =>
        e.type === 'reply' ? [e.reply] : [],
      );
      expect(replies.length, `${t.script}: ${JSON.stringify(t.input)}`).toBeGreaterThan(0);
      expect(
        replies.filter((r) => r.kind === 'error' || r.text === expired),
        `${t.script}: ${JSON.stringify(t.input)}`,
      ).toEqual([]);
    }
  });
});

describe('measureAdvance', () => {
  it('should time whole rounds of the recorded turns without changing them', () => {
    // Frozen: replaying a recorded turn is only the same work each time if advance never mutates it.
    for (const t of turns) deepFreeze(t);
    const m = measureAdvance(program, turns, { warmupMs: 0, measureMs: 20 });
    expect(m.calls).toBeGreaterThanOrEqual(MIX_TURNS);
    expect(m.calls % MIX_TURNS).toBe(0);
    expect(m.latencyMs.count).toBe(m.calls);
    expect(Object.keys(m.byScript)).toEqual(Object.keys(mixComposition().byScript));
  });
});
