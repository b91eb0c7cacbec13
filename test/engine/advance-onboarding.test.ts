import { describe, expect, it } from 'vitest';
import { advance } from '../../src/engine/advance.js';
import type { Reply } from '../../src/engine/types.js';
import { createState, type SessionState } from '../../src/session/state.js';
import { programOf } from '../support/program.js';

const ONBOARDING = `
id: start
version: 1
title: Welcome
onboarding: true
steps:
  - { id: age, type: choose, text: "Are you 18 or older?", save: vars.adult, options: [{ id: "yes", label: "Yes" }] }
  - { id: done, type: set, set: { settings.onboarded: true } }
  - { id: bye, type: end, role: info, text: "Welcome aboard." }
`;
const JOURNEY = `
id: journey
version: 1
title: Journey
command: journey
steps:
  - { id: hello, type: end, role: info, text: "Journey here." }
`;
const HELP = `
id: sos
version: 1
title: Resources
command: sos
open: true
steps:
  - { id: list, type: end, role: info, text: "Resources here." }
`;
const program = programOf(ONBOARDING, JOURNEY, HELP);
const NOW = Date.UTC(2026, 10, 22, 9);

function texts(replies: { type: string; reply?: Reply }[]): string {
  return replies.map((e) => e.reply?.text ?? '').join('\n');
}

function run(state: SessionState, command: string) {
  return advance(program, state, { kind: 'command', command, args: '' }, NOW);
}

describe('advance: onboarding first', () => {
  it('should start onboarding instead of a journey for a user who has not finished it', () => {
    const next = run(createState(), 'journey');
    expect(next.state.flow?.id).toBe('start');
    expect(texts(next.effects)).toContain('18 or older');
  });

  it('should let open flows through before onboarding', () => {
    expect(texts(run(createState(), 'sos').effects)).toContain('Resources here.');
  });

  it('should run the journey once onboarding set settings.onboarded', () => {
    const asked = run(createState(), 'start');
    expect(asked.state.awaiting).toBeDefined();
    const onboarded = advance(program, asked.state, { kind: 'text', text: 'yes' }, NOW).state;
    expect(onboarded.settings.onboarded).toBe(true);
    expect(texts(run(onboarded, 'journey').effects)).toContain('Journey here.');
  });

  it('should ignore a timer for a user who never finished onboarding', () => {
    const next = advance(program, createState(), { kind: 'timer', timer: 't', payload: { flow: 'journey' } }, NOW);
    expect(next.effects).toEqual([]);
    expect(next.state.flow).toBeUndefined();
  });
});
