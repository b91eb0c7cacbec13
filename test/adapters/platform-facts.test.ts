import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createConsoleAdapter } from '../../adapters/console/index.js';
import { createDiscordAdapter } from '../../adapters/discord/index.js';
import { LIMITS as DISCORD } from '../../adapters/discord/render.js';
import { slackAdapter } from '../../adapters/slack/index.js';
import { LIMITS as SLACK } from '../../adapters/slack/render.js';
import { createTelegramAdapter } from '../../adapters/telegram/index.js';
import { TEXT_LIMIT as TELEGRAM_TEXT } from '../../adapters/telegram/render.js';
import { loadConfig } from '../../src/core/config.js';
import type { Adapter } from '../../src/core/types.js';
import { MAX_LABEL_LENGTH, MAX_TEXT_LENGTH } from '../../src/flow/lint.js';
import type { Logger } from '../../src/ops/logger.js';
import { commandList } from '../../src/engine/commands.js';
import { capturedLogger, manualClock } from '../support/engine.js';
import { readCatalogs } from '../support/catalogs.js';
import { programOf } from '../support/program.js';

// What a platform takes is known to its adapter alone: the core reads the send rate off the adapter, and the
// flow lint keeps texts to lengths every adapter must be able to show. These tests hold the two sides together.

const logger = capturedLogger().logger as Logger;
const clock = manualClock();
const http = { add: () => undefined };
const catalogs = readCatalogs();
const { registry } = programOf();

/** Every adapter, built as main.ts builds it but never started, with what its platform publishes per second. */
function adapters(): Array<{ adapter: Adapter; publishedPerSecond: number }> {
  const slack = slackAdapter({
    config: loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' }),
    logger,
    clock,
    http,
    summary: async () => ({ onboarded: false, streak: 0, paused: false, contactBlocked: false }),
    registry,
  });
  if (slack === undefined) throw new Error('the Slack adapter was not built');
  return [
    // Telegram: about 30 messages a second to different chats.
    {
      adapter: createTelegramAdapter({
        token: '1:test',
        http,
        logger,
        clock,
        catalogs,
        commands: commandList(registry),
      }),
      publishedPerSecond: 30,
    },
    // Discord: 50 requests a second per bot.
    { adapter: createDiscordAdapter({ token: 'test', logger, clock, catalogs }), publishedPerSecond: 50 },
    // Slack: a workspace's posting budget of a few hundred messages a minute (every DM is its own channel).
    { adapter: slack, publishedPerSecond: 5 },
    // A terminal publishes nothing; its rate only has to be one a queue can keep to.
    {
      adapter: createConsoleAdapter({
        input: new PassThrough(),
        output: new PassThrough(),
        interactive: false,
        catalogs,
      }),
      publishedPerSecond: Infinity,
    },
  ];
}

describe('platform facts on the adapters', () => {
  it('should give every adapter a send rate of whole positive numbers below its platform published limit', async () => {
    const built = adapters();
    try {
      for (const { adapter, publishedPerSecond } of built) {
        const { max, durationMs } = adapter.sendRate;
        expect(
          [max, durationMs].every((n) => Number.isSafeInteger(n) && n > 0),
          adapter.platform,
        ).toBe(true);
        expect((max * 1000) / durationMs, adapter.platform).toBeLessThan(publishedPerSecond);
      }
    } finally {
      await Promise.all(built.map(({ adapter }) => adapter.stop()));
    }
  });

  it('should show whole every message text and button label the flow lint lets through', () => {
    for (const [platform, text] of Object.entries({
      telegram: TELEGRAM_TEXT,
      discord: DISCORD.content,
      slack: SLACK.section,
    }))
      expect(text, platform).toBeGreaterThanOrEqual(MAX_TEXT_LENGTH);
    // Telegram puts no limit on a button's text of its own.
    for (const [platform, label] of Object.entries({ discord: DISCORD.buttonLabel, slack: SLACK.label }))
      expect(label, platform).toBeGreaterThanOrEqual(MAX_LABEL_LENGTH);
  });
});
