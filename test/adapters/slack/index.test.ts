import { describe, expect, it } from 'vitest';
import { slackAdapter } from '../../../adapters/slack/index.js';
import type { HttpRoutes } from '../../../adapters/http/server.js';
import type { AdapterDeps } from '../../../adapters/shared/deps.js';
import { loadConfig } from '../../../src/core/config.js';
import { ErrorCode } from '../../../src/core/errors.js';
import type { Logger } from '../../../src/ops/logger.js';
import { capturedLogger, manualClock } from '../../support/engine.js';
import { startFakeSlackApi } from '../../fakes/slack-api.js';
import { programOf } from '../../support/program.js';

function depsWith(env: Record<string, string>): { deps: AdapterDeps; routes: string[] } {
  const routes: string[] = [];
  const http: HttpRoutes = { add: (method, path) => void routes.push(`${method} ${path}`) };
  const deps: AdapterDeps = {
    config: loadConfig(env),
    logger: capturedLogger().logger as Logger,
    clock: manualClock(),
    http,
    summary: async () => ({ onboarded: false, streak: 0, paused: false, contactBlocked: false }),
    registry: programOf().registry,
  };
  return { deps, routes };
}

describe('slackAdapter', () => {
  it('should not be built without Slack settings', () => {
    expect(slackAdapter(depsWith({}).deps)).toBeUndefined();
  });

  it('should serve POST /slack/events over HTTP with a bot token and signing secret', () => {
    const { deps, routes } = depsWith({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' });
    expect(slackAdapter(deps)?.platform).toBe('slack');
    expect(routes).toEqual(['POST /slack/events']);
  });

  it('should use Socket Mode, with no HTTP route, when an app token is set', () => {
    const { deps, routes } = depsWith({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_APP_TOKEN: 'xapp-1',
    });
    expect(slackAdapter(deps)?.platform).toBe('slack');
    expect(routes).toEqual([]);
  });

  it('should refuse an app token without a bot token, saying which to add', () => {
    expect(() => slackAdapter(depsWith({ SLACK_APP_TOKEN: 'xapp-1' }).deps)).toThrow(
      expect.objectContaining({ code: ErrorCode.Config, message: expect.stringContaining('SLACK_BOT_TOKEN') }),
    );
  });

  it('should fail to start with a config error when Slack refuses the bot token', async () => {
    const api = await startFakeSlackApi();
    try {
      api.failNext('auth.test', { error: 'invalid_auth' });
      const { deps } = depsWith({
        SLACK_BOT_TOKEN: 'xoxb-bad',
        SLACK_SIGNING_SECRET: 'secret',
        SLACK_API_URL: api.url,
      });
      const adapter = slackAdapter(deps);
      await expect(adapter?.start(async () => ({ status: 'ok', replies: [] }))).rejects.toThrow(
        /invalid_auth.*SLACK_BOT_TOKEN/,
      );
    } finally {
      await api.close();
    }
  });
});
