import { describe, expect, it } from 'vitest';
import { commandList, COMMAND_MESSAGES, flowCommands } from '../../src/engine/commands.js';
import { ErrorCode } from '../../src/core/errors.js';
import { stubCatalogs } from '../support/catalogs.js';
import { programOf } from '../support/program.js';

const end = 'steps: [{ id: a, type: end, role: info, text: ok }]';
const program = programOf(
  `id: journal\nversion: 1\ntitle: Journal\ncommand: journal\ndescription: write a few lines\n${end}`,
  `id: breathing\nversion: 1\ntitle: Slow breathing\ncommand: breathe\n${end}`,
  `id: hidden\nversion: 1\ntitle: No command\n${end}`,
  `id: helper\nversion: 1\ntitle: Not the help\ncommand: help\n${end}`,
);

describe('flowCommands', () => {
  it('should list the flows that declare a command, in flow order, described by their description or title', () => {
    expect(flowCommands(program.registry.flows.values())).toEqual([
      { command: 'journal', description: 'write a few lines' },
      { command: 'breathe', description: 'Slow breathing' },
      { command: 'help', description: 'Not the help' },
    ]);
  });
});

describe('commandList', () => {
  it("should put the engine's commands first, described by their catalog, and let no flow shadow one", () => {
    const catalogs = new Map([
      ...program.registry.catalogs,
      ...stubCatalogs(COMMAND_MESSAGES, { help: 'every command' }),
    ]);
    expect(commandList({ flows: program.registry.flows, catalogs })).toEqual([
      { command: 'start', description: 'ok' },
      { command: 'menu', description: 'ok' },
      { command: 'help', description: 'every command' },
      { command: 'cancel', description: 'ok' },
      { command: 'journal', description: 'write a few lines' },
      { command: 'breathe', description: 'Slow breathing' },
    ]);
  });

  it('should refuse a commands catalog that does not match', () => {
    expect(() => commandList({ flows: program.registry.flows, catalogs: new Map() })).toThrow(
      expect.objectContaining({ code: ErrorCode.Catalog }),
    );
  });
});
