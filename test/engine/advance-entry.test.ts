import { describe, expect, it } from 'vitest';
import { advance } from '../../src/engine/advance.js';
import type { Reply } from '../../src/core/types.js';
import { createState, type SessionState } from '../../src/core/state.js';
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
    const armed: SessionState = { ...createState(), schedule: { timers: { t: { at: NOW - 1, flow: 'journey' } } } };
    const next = advance(program, armed, { kind: 'due' }, NOW);
    expect(next.effects).toEqual([]);
    expect(next.state.flow).toBeUndefined();
  });
});

const CONTACT = `
id: contact
version: 1
title: Contact
command: contact
contactHelp: true
steps:
  - { id: draft, type: end, role: info, text: "Let's look at your draft." }
`;
const GATE = `
id: contact-gate
version: 1
title: Gate
steps:
  - { id: explain, type: end, role: info, text: "Contact help is switched off." }
`;
const MENU = `
id: menu
version: 1
title: Menu
steps:
  - { id: go, type: goto, flow: contact }
`;
const REMINDER = `
id: reminder
version: 1
title: Reminder
command: remind
steps:
  - { id: go, type: call, flow: contact }
  - { id: after, type: end, role: info, text: "Back from the call." }
`;
const gated = programOf(CONTACT, GATE, MENU, REMINDER);
const onboardedState: SessionState = { ...createState(), settings: { onboarded: true } };
const blocked: SessionState = { ...onboardedState, flags: { contactBlocked: true } };

describe('advance: the contact gate', () => {
  const enter = (state: SessionState, input: Parameters<typeof advance>[2]) =>
    texts(advance(gated, state, input, NOW).effects);

  it('should send nothing at all when a timer for contact help comes due behind the gate', () => {
    const armed: SessionState = { ...blocked, schedule: { timers: { 'follow-up': { at: NOW - 1, flow: 'contact' } } } };
    const due = advance(gated, armed, { kind: 'due' }, NOW);
    expect(due.effects.filter((e) => e.type === 'reply')).toEqual([]);
    expect(due.state.schedule?.timers).toEqual({});
  });

  it('should run contact help while the gate is open', () => {
    expect(enter(onboardedState, { kind: 'command', command: 'contact', args: '' })).toContain('your draft');
  });

  it.each([
    ['a command', { kind: 'command', command: 'contact', args: '' }],
    ['the menu (goto)', { kind: 'command', command: 'menu', args: '' }],
    ['a call from another flow', { kind: 'command', command: 'remind', args: '' }],
  ] as const)('should run the gate flow instead when entered by %s', (_door, input) => {
    const said = enter(blocked, input);
    expect(said).toContain('switched off');
    expect(said).not.toContain('your draft');
  });
});
