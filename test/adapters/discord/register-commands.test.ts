import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandDefinitions, subcommandsOf } from '../../../adapters/discord/commands.js';
import { registerCommands } from '../../../adapters/discord/register-commands.js';
import { DISCORD_MESSAGES } from '../../../adapters/discord/texts.js';
import { ACTION_NAMES } from '../../../src/coach/index.js';
import { bindTexts } from '../../../src/core/catalog.js';
import { loadConfig } from '../../../src/core/config.js';
import { ErrorCode } from '../../../src/core/errors.js';
import { commandList } from '../../../src/engine/commands.js';
import { loadFlows } from '../../../src/flow/loader.js';
import type { Flow } from '../../../src/flow/schema.js';
import { startDiscordFake, type DiscordFake } from '../../fakes/discord-fake.js';
import { programOf } from '../../support/program.js';

const program = programOf(
  'id: checkin\nversion: 1\ntitle: Quick check-in\ncommand: checkin\ndescription: a short check-in\nsteps: [{ id: a, type: end, role: info, text: ok }]',
  'id: breathing\nversion: 1\ntitle: Slow breathing\ncommand: breathe\nsteps: [{ id: a, type: end, role: info, text: ok }]',
  'id: hidden\nversion: 1\ntitle: No command\nsteps: [{ id: a, type: end, role: info, text: ok }]',
);
function flow(command: string): Flow {
  const base = program.registry.flows.get('checkin');
  if (base === undefined) throw new Error('the checkin test flow is missing');
  return { ...base, id: command, command };
}
const texts = bindTexts(DISCORD_MESSAGES, program.registry.catalogs);

// Every command a user can type, built in or from a journey; each must be offered under /steady.
const USER_COMMANDS = [
  'start',
  'menu',
  'help',
  'cancel',
  'assess',
  'today',
  'contact',
  'week',
  'log',
  'sos',
  'privacy',
  'export',
  'forget',
  'pause',
  'resume',
];

describe('commandDefinitions', () => {
  it('should offer /steady with the built-ins first, then one subcommand per flow command', () => {
    const subs = subcommandsOf(commandList(program.registry));
    expect(subs.map((s) => s.name)).toEqual(['start', 'menu', 'help', 'cancel', 'checkin', 'breathe']);
    expect(subs.find((s) => s.name === 'breathe')?.description).toBe('Slow breathing');
    expect(subs.find((s) => s.name === 'cancel')?.description).toBe("leave what you're in the middle of");
    const [command] = commandDefinitions(subs, texts);
    expect(command).toMatchObject({
      name: 'steady',
      description: 'Talk with Steady, privately',
      type: 1,
      contexts: [0, 1, 2],
      integration_types: [0, 1],
      dm_permission: true,
    });
    expect(command?.options?.every((o) => o.type === 1 && o.description.length <= 100)).toBe(true);
  });

  it('should refuse command names Discord would reject, and more than 25 subcommands', () => {
    expect(() => subcommandsOf([{ command: 'Check In', description: 'x' }])).toThrow(
      /rename the flow command 'Check In'/,
    );
    const many = new Map(Array.from({ length: 22 }, (_, i) => [`journey${i}`, flow(`journey${i}`)]));
    expect(() => subcommandsOf(commandList({ ...program.registry, flows: many }))).toThrow(
      /Discord allows 25 options under \/steady but the flows need 26/,
    );
  });
});

describe('registerCommands', () => {
  let fake: DiscordFake;
  beforeEach(async () => (fake = await startDiscordFake()));
  afterEach(() => fake.close());
  const commands = commandDefinitions(subcommandsOf(commandList(program.registry)), texts);
  const configFor = (extra: Record<string, string> = {}) =>
    loadConfig({
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      ...extra,
    });

  it('should overwrite the commands of one server when DISCORD_GUILD_ID is set', async () => {
    const result = await registerCommands(configFor({ DISCORD_GUILD_ID: fake.guildId }), { commands });
    expect(result).toEqual({ scope: 'guild', names: ['steady'] });
    const [call] = fake.calls;
    expect(call).toMatchObject({
      method: 'PUT',
      path: `/applications/${fake.applicationId}/guilds/${fake.guildId}/commands`,
      auth: `Bot ${fake.token}`,
      status: 200,
    });
    expect(call?.body).toEqual(commands);
  });

  it('should overwrite the global commands otherwise', async () => {
    expect(await registerCommands(configFor(), { commands })).toEqual({ scope: 'global', names: ['steady'] });
    expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      `PUT /applications/${fake.applicationId}/commands`,
    ]);
  });

  it('should explain a refused token and a missing setting', async () => {
    const bad = loadConfig({
      DISCORD_TOKEN: 'wrong',
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
    });
    await expect(registerCommands(bad, { commands })).rejects.toThrow(
      /HTTP 401, code 0: 401: Unauthorized\); check DISCORD_TOKEN/,
    );
    await expect(registerCommands(loadConfig({}), { commands })).rejects.toMatchObject({ code: ErrorCode.Config });
  });

  it("should register every user command of the real flows under /steady, within Discord's 25 options", async () => {
    const registry = await loadFlows('flows', new Set(ACTION_NAMES));
    const subs = subcommandsOf(commandList(registry));
    expect(subs.map((s) => s.name)).toEqual(expect.arrayContaining(USER_COMMANDS));
    expect(new Set(subs.map((s) => s.name)).size).toBe(subs.length);
    expect(await registerCommands(configFor(), { commands: commandDefinitions(subs, texts) })).toEqual({
      scope: 'global',
      names: ['steady'],
    });
    type Option = { name: string; type: number; description: string; options?: Option[] };
    const saved = (fake.calls.at(-1)?.body as { options: Option[] }[] | undefined)?.[0];
    expect(saved?.options.length).toBeLessThanOrEqual(25);
    // The settings commands sit in one group (`/steady settings discreet`); every command is there once.
    const group = saved?.options.find((o) => o.type === 2);
    expect(group?.name).toBe('settings');
    expect(group?.options?.map((o) => o.name)).toEqual(expect.arrayContaining(['settime', 'discreet', 'country']));
    const all = (saved?.options ?? []).flatMap((o) => (o.type === 2 ? (o.options ?? []) : [o]));
    expect(all.map((o) => o.name).sort()).toEqual(subs.map((s) => s.name).sort());
    expect(all.every((o) => o.description.length >= 1 && o.description.length <= 100)).toBe(true);
  });

  it('should run as `npm run discord:commands` runs it, reading the environment', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      FLOWS_DIR: 'test/fixtures/flows-valid',
    };
    delete env.DISCORD_GUILD_ID;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/discord-commands.ts'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, out }).toMatchObject({
      code: 0,
      out: expect.stringMatching(/Registered \/steady with 5 subcommands globally/),
    });
    expect(fake.calls.at(-1)?.body).toMatchObject([
      { name: 'steady', options: expect.arrayContaining([expect.objectContaining({ name: 'intake' })]) },
    ]);
  });
});
