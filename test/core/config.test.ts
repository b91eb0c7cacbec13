import { describe, expect, it } from 'vitest';
import { isTerminalMode, loadConfig } from '../../src/core/config.js';
import { ErrorCode, hasCode } from '../../src/core/errors.js';

const SECRET = 'x'.repeat(32);

function configError(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(hasCode(error, ErrorCode.Config)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('should apply defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      FLOWS_DIR: 'flows',
      SESSION_TTL_DAYS: 180,
      SEEN_TTL_HOURS: 48,
      PORT: 3000,
      STEADY_COUNTRY: 'international',
    });
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.STEADY_SECRET).toBeUndefined();
    expect(isTerminalMode(config)).toBe(true);
  });

  it('should default LOG_LEVEL to info outside terminal mode and respect an explicit level', () => {
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: 't' }).LOG_LEVEL).toBe('info');
    expect(loadConfig({ LOG_LEVEL: 'debug' }).LOG_LEVEL).toBe('debug');
  });

  it('should parse numbers, URLs and the country', () => {
    const config = loadConfig({
      REDIS_URL: 'rediss://user:pw@redis.example:6380/1',
      STEADY_SECRET: SECRET,
      PORT: '8080',
      SESSION_TTL_DAYS: '30',
      SEEN_TTL_HOURS: '72',
      STEADY_COUNTRY: 'GB',
    });
    expect(config).toMatchObject({ PORT: 8080, SESSION_TTL_DAYS: 30, SEEN_TTL_HOURS: 72, STEADY_COUNTRY: 'gb' });
  });

  it('should refuse REDIS_URL without STEADY_SECRET and say how to make one', () => {
    const message = configError({ REDIS_URL: 'redis://localhost:6379' });
    expect(message).toContain('STEADY_SECRET');
    expect(message).toContain('randomBytes(32)');
  });

  it('should refuse a short STEADY_SECRET without echoing it', () => {
    const message = configError({ STEADY_SECRET: 'short-secret-value' });
    expect(message).toContain('STEADY_SECRET');
    expect(message).not.toContain('short-secret-value');
  });

  it('should name PORT when it is not a port number', () => {
    for (const port of ['abc', '0', '70000', '80.5', '0x50']) {
      expect(configError({ PORT: port })).toMatch(/PORT: expected a whole number from 1 to 65535/);
    }
  });

  it('should name every bad variable at once', () => {
    const message = configError({ PORT: 'abc', LOG_LEVEL: 'loud', REDIS_URL: 'http://localhost' });
    expect(message).toContain('PORT');
    expect(message).toContain('LOG_LEVEL');
    expect(message).toMatch(/REDIS_URL: expected a redis:\/\/ or rediss:\/\/ URL/);
  });

  it('should treat blank strings as unset', () => {
    const config = loadConfig({
      PORT: '',
      LOG_LEVEL: '  ',
      REDIS_URL: '',
      STEADY_SECRET: '',
      TELEGRAM_BOT_TOKEN: '',
      SLACK_APP_TOKEN: ' ',
    });
    expect(config.PORT).toBe(3000);
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(isTerminalMode(config)).toBe(true);
  });

  it('should leave terminal mode when any platform token is set', () => {
    expect(isTerminalMode(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }))).toBe(false);
    expect(isTerminalMode(loadConfig({ DISCORD_TOKEN: 'd', DISCORD_APPLICATION_ID: '1' }))).toBe(false);
    expect(isTerminalMode(loadConfig({ TELEGRAM_BOT_TOKEN: '1:x' }))).toBe(false);
  });

  it('should refuse half-configured platforms, naming what is missing', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => loadConfig({ SLACK_APP_TOKEN: 'xapp-1' })).toThrow(/SLACK_BOT_TOKEN/);
    expect(isTerminalMode(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }))).toBe(false);
    expect(() => loadConfig({ DISCORD_TOKEN: 'd' })).toThrow(/DISCORD_APPLICATION_ID/);
    expect(() =>
      loadConfig({ TELEGRAM_BOT_TOKEN: '1:x', TELEGRAM_WEBHOOK_URL: 'https://bot.example/telegram/webhook' }),
    ).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: '1:x', TELEGRAM_WEBHOOK_SECRET: 'short' })).toThrow(
      /TELEGRAM_WEBHOOK_SECRET/,
    );
  });

  it('should ignore variables it does not know', () => {
    expect(() => loadConfig({ HOME: '/root', PATH: '/bin' })).not.toThrow();
  });
});
