import { describe, expect, it } from 'vitest';
import { advance, MAX_INPUT_CHARS } from '../../src/engine/advance.js';
import { createState } from '../../src/core/state.js';
import { COUNTER_FLOW, count, messages, programOf, say } from '../support/program.js';

const program = { ...programOf(COUNTER_FLOW), country: 'nz' };
const NOW = Date.UTC(2026, 10, 22, 9);

function textsOf(effects: ReturnType<typeof advance>['effects']): string {
  return effects.map((e) => (e.type === 'reply' ? e.reply.text : '')).join('\n');
}

describe('advance: the safety screen', () => {
  it('should answer a crisis hidden in an oversized message instead of asking for shorter parts', () => {
    const text = `${'a long day at work. '.repeat(MAX_INPUT_CHARS / 10)} I want to kill myself.`;
    const said = textsOf(advance(program, createState(), say(text), NOW).effects);
    expect(said).toContain('Are you safe right now?');
    expect(said).not.toContain(messages.tooLong.slice(0, 20));
  });

  it('should screen the words under a photo or a file and answer a crisis first, before "text only"', () => {
    const input = { kind: 'unsupported' as const, text: 'I am going to end my life tonight' };
    const said = textsOf(advance(program, createState(), input, NOW).effects);
    expect(said).toContain('Are you safe right now?');
    expect(said).not.toContain(messages.unsupported.slice(0, 20));
    const plain = textsOf(advance(program, createState(), { kind: 'unsupported', text: 'our holiday' }, NOW).effects);
    expect(plain).toContain(messages.unsupported.slice(0, 20));
  });

  it("should use the operator's default country until the user has one", () => {
    const said = textsOf(advance(program, createState(), say('I want to die'), NOW).effects);
    expect(said).toContain('1737');
  });

  it('should not count a crisis answer as the answer to the open question', () => {
    const asked = advance(program, createState(), count, NOW).state;
    const next = advance(program, asked, say('I am going to end my life tonight'), NOW);
    expect(next.state.flow).toBeUndefined();
    expect(next.state.flags.promptsHeld).toBe(true);
    expect(next.state.stats.n).toBe(1);
  });
});
