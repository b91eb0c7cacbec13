import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordFake, type DiscordFake } from '../../fakes/discord-fake.js';
import { componentPress, freshId, slashCommand } from '../../fakes/discord-payloads.js';
import type { AppProcess } from '../../support/app-process.js';
import { startDiscordApp } from '../../support/discord-app.js';

// A person who added Steady to their own account (a user install), with no server in common: the interactions
// carry `authorizing_integration_owners: { "1": <user> }` and no guild. In their DM with the bot Steady talks as
// usual; in a DM with someone else (context 2) it answers them alone and offers its own DM.
describe('discord: user install', () => {
  let fake: DiscordFake;
  let app: AppProcess;

  beforeAll(async () => {
    fake = await startDiscordFake();
    app = await startDiscordApp(fake);
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  const userInstalled = (
    payload: Record<string, unknown>,
    userId: string,
    context: number,
  ): Record<string, unknown> => ({
    ...payload,
    context,
    authorizing_integration_owners: { '1': userId },
    app_permissions: '0',
  });

  it('should talk in the DM with the bot as with a server install', async () => {
    const userId = freshId();
    const dmChannel = fake.dmChannel(userId);
    const command = userInstalled(slashCommand('start', { userId, dmChannel }), userId, 1);
    fake.dispatch('INTERACTION_CREATE', command);
    const answer = await fake.waitFor(
      () => fake.messages().find((m) => m.call.path.includes(String(command.token)) && /18 or older/.test(m.content)),
      'the welcome',
    );
    expect(answer.flags & 64).toBe(0);
    expect(fake.calls.find((c) => c.path.includes(`/${String(command.token)}/callback`))?.body).toEqual({ type: 5 });
  });

  it('should answer privately in a DM with someone else and open its own DM on request', async () => {
    const userId = freshId();
    const friendDm = freshId();
    const base = slashCommand('sos', { userId, dmChannel: friendDm });
    const command = userInstalled(base, userId, 2);
    fake.dispatch('INTERACTION_CREATE', command);
    const token = String(command.token);
    const answer = await fake.waitFor(
      () => fake.messages().find((m) => m.call.path.includes(token) && m.buttons.some((b) => b.custom_id === 'dm')),
      'the private answer with the DM offer',
    );
    expect(fake.calls.find((c) => c.path.includes(`/${token}/callback`))?.body).toEqual({
      type: 5,
      data: { flags: 64 },
    });
    expect(answer.flags & 64).toBe(64);
    const said = fake
      .messages()
      .filter((m) => m.call.path.includes(token))
      .map((m) => m.content)
      .join('\n');
    expect(said).toMatch(/International Association for Suicide Prevention/);
    expect(fake.calls.some((c) => c.path.startsWith(`/channels/${friendDm}`))).toBe(false);

    fake.dispatch(
      'INTERACTION_CREATE',
      userInstalled(componentPress('dm', { userId, dmChannel: friendDm }), userId, 2),
    );
    const own = fake.dmChannel(userId);
    await fake.waitFor(
      () => fake.messages().find((m) => m.call.path === `/channels/${own}/messages` && /private chat/.test(m.content)),
      'the hello in the bot DM',
    );
  });
});
