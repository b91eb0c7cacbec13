import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { usageHint } from '../../../adapters/slack/commands.js';
import { SLACK_EVENTS_PATH } from '../../../adapters/slack/index.js';
import { SLASH_COMMAND } from '../../../adapters/slack/texts.js';
import { loadContent } from '../../../src/app/content.js';
import { commandList } from '../../../src/engine/commands.js';

type Manifest = {
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean };
    slash_commands: { command: string; url: string; usage_hint: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
  };
};

const manifest = parse(readFileSync('slack/manifest.yml', 'utf8')) as Manifest;

describe('slack/manifest.yml', () => {
  it('should ask for the least scopes Steady needs and nothing more', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
      'chat:write',
      'commands',
      'im:history',
      'im:write',
      'users:read',
    ]);
  });

  it('should subscribe to the events, command and interactivity the adapter serves, all on one path', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([
      'app_home_opened',
      'app_uninstalled',
      'message.im',
      'tokens_revoked',
    ]);
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([SLASH_COMMAND]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    const urls = [
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
      ...manifest.features.slash_commands.map((c) => c.url),
    ];
    for (const url of urls) expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
  });

  it('should hint every user command under /steady, as the flows declare them', async () => {
    const hint = usageHint(commandList((await loadContent('flows')).registry));
    expect(hint, `set usage_hint in slack/manifest.yml to "${hint}"`).toBe(
      manifest.features.slash_commands[0]?.usage_hint,
    );
  });

  it('should turn on App Home with its messages tab', () => {
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
  });
});
