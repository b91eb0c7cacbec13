import { describe, expect, it } from 'vitest';
import { usageHint } from '../../../adapters/slack/commands.js';
import { commandList } from '../../../src/engine/commands.js';
import { programOf } from '../../support/program.js';

describe('usageHint', () => {
  it("should list the engine's commands, then each flow command in flow order", () => {
    const program = programOf(
      'id: journal\nversion: 1\ntitle: Journal\ncommand: journal\nsteps: [{ id: a, type: end, role: info, text: ok }]',
      'id: quiet\nversion: 1\ntitle: No command\nsteps: [{ id: a, type: end, role: info, text: ok }]',
    );
    expect(usageHint(commandList(program.registry))).toBe('[start | menu | help | cancel | journal]');
  });
});
