import { describe, expect, it } from 'vitest';
import { advance } from '../../src/engine/advance.js';
import { requestTable, routeRequest } from '../../src/engine/requests.js';
import { createState, type SessionState } from '../../src/core/state.js';
import { messages, programOf } from '../support/program.js';

const NOW = Date.UTC(2026, 10, 22, 9, 0);

// Two commands of the request table, one flow each; `plan` and `why` are named by the table but not loaded here.
const CONTACT = `
id: contact
version: 1
title: Contact
command: contact
steps:
  - { id: hi, type: end, role: info, text: "Contact help." }
`;
const FORGET = `
id: forget
version: 1
title: Forget
command: forget
open: true
steps:
  - id: confirm
    type: choose
    text: Delete it all?
    save: vars.confirm
    options: [{ id: "yes", label: "Yes" }, { id: "no", label: "No" }]
`;
const START = `
id: start
version: 1
title: Welcome
onboarding: true
steps:
  - { id: hello, type: say, role: info, text: "Hello." }
  - id: age
    type: choose
    text: Are you 18 or older?
    save: vars.adult
    options: [{ id: "yes", label: "Yes" }, { id: "no", label: "No" }]
`;

const MENU = `
id: menu
version: 1
title: Menu
steps:
  - { id: bye, type: end, role: info, text: "Menu." }
`;

const program = programOf(CONTACT, FORGET, START, MENU);
// Active a minute ago, so no reminder that Steady is a program comes before the answer.
const onboarded: SessionState = {
  ...createState(),
  settings: { onboarded: true },
  schedule: { lastActive: NOW - 60_000 },
};

function textsAfter(state: SessionState, text: string): { texts: string[]; state: SessionState } {
  const result = advance(program, state, { kind: 'text', text }, NOW);
  return { texts: result.effects.flatMap((e) => (e.type === 'reply' ? [e.reply.text] : [])), state: result.state };
}

describe('typed requests outside a journey', () => {
  it('should read the request table from the flows directory', () => {
    expect(requestTable(program.registry).map((r) => r.id)).toEqual(
      expect.arrayContaining(['contact', 'low', 'plan', 'why', 'stop', 'forget', 'today']),
    );
  });

  it('should route a request to its command', () => {
    expect(routeRequest(program, 'can you help me text him')?.command).toBe('contact');
    expect(textsAfter(onboarded, 'can you help me text him').texts).toEqual(['Contact help.']);
  });

  it('should route "delete my data" to the forget journey, which asks first', () => {
    const after = textsAfter(onboarded, 'delete my data');
    expect(after.texts).toEqual(['Delete it all?']);
    expect(after.state.flow?.id).toBe('forget');
  });

  it('should answer with what Steady can do when the routed command is not loaded, or nothing fits', () => {
    expect(routeRequest(program, "what's my plan?")?.command).toBe('plan');
    expect(textsAfter(onboarded, "what's my plan?").texts).toEqual([messages.canDo]);
    expect(textsAfter(onboarded, 'tell me a joke').texts).toEqual([messages.canDo]);
  });

  it('should hear a newcomer first and start onboarding', () => {
    const after = textsAfter(createState(), 'my husband says he needs space');
    expect(after.texts).toEqual([messages.firstMessage, 'Hello.', 'Are you 18 or older?']);
    expect(after.state.flow?.id).toBe('start');
  });
});
