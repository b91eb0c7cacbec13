import { describe, expect, it } from 'vitest';
import { botCommands, COMMAND_LIMITS } from '../../../adapters/telegram/commands.js';
import { createTelegramAdapter } from '../../../adapters/telegram/index.js';
import { loadContent } from '../../../src/app/content.js';
import { ErrorCode } from '../../../src/core/errors.js';
import { systemClock } from '../../../src/core/types.js';
import { commandList } from '../../../src/engine/commands.js';
import { capturedLogger } from '../../support/engine.js';
import { catalogs } from '../../support/program.js';

const entry = (command: string, description = 'does a thing') => ({ command, description });

describe('botCommands', () => {
  it("should offer every command of the real flows, the engine's own first, within Telegram's limits", async () => {
    const menu = botCommands(commandList((await loadContent('flows')).registry));
    expect(menu.slice(0, 4).map((c) => c.command)).toEqual(['start', 'menu', 'help', 'cancel']);
    expect(menu.map((c) => c.command)).toEqual(
      expect.arrayContaining(['assess', 'today', 'contact', 'week', 'sos', 'privacy', 'export', 'forget', 'pause']),
    );
    expect(menu.find((c) => c.command === 'sos')?.description).toBe('people you can call or text right now');
    expect(menu.length).toBeLessThanOrEqual(COMMAND_LIMITS.commands);
    for (const c of menu) {
      expect(c.command).toMatch(COMMAND_LIMITS.name);
      expect(c.description.length).toBeGreaterThanOrEqual(1);
      expect(c.description.length).toBeLessThanOrEqual(COMMAND_LIMITS.description);
    }
  });

  it('should refuse names Telegram rejects, blank descriptions and more than 100 commands, saying what to change', () => {
    const refused = (list: { command: string; description: string }[]) => {
      try {
        botCommands(list);
      } catch (error) {
        return error;
      }
      throw new Error('botCommands accepted a list Telegram would refuse');
    };
    expect(refused([entry('j'.repeat(33))])).toMatchObject({
      code: ErrorCode.Config,
      message: expect.stringMatching(/rename the flow command 'j{33}'/),
    });
    expect(refused([entry('check-in')])).toMatchObject({ message: expect.stringMatching(/'check-in'/) });
    expect(refused([entry('quiet', '  ')])).toMatchObject({ message: expect.stringMatching(/'quiet' a description/) });
    const many = Array.from({ length: 101 }, (_, i) => entry(`c${i}`));
    expect(refused(many)).toMatchObject({ message: expect.stringMatching(/allows 100 commands but Steady has 101/) });
  });

  it('should cut a description longer than 256 characters, never inside a surrogate pair', () => {
    const [long] = botCommands([entry('long', `${'a'.repeat(255)}😀 and more`)]);
    expect(long?.description).toBe('a'.repeat(255));
    expect(botCommands([entry('fits', 'b'.repeat(256))])[0]?.description).toHaveLength(256);
  });
});

describe('createTelegramAdapter', () => {
  it('should refuse a command menu Telegram would reject when built, before it calls Telegram', () => {
    expect(() =>
      createTelegramAdapter({
        token: '1:unused',
        apiRoot: 'http://127.0.0.1:9',
        http: { add: () => undefined },
        logger: capturedLogger().logger,
        clock: systemClock,
        catalogs,
        commands: [entry('start'), entry('Check')],
      }),
    ).toThrow(/rename the flow command 'Check'/);
  });
});
