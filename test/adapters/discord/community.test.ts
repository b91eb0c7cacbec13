import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordFake, type DiscordFake } from '../../fakes/discord-fake.js';
import { freshId } from '../../fakes/discord-payloads.js';
import type { AppProcess } from '../../support/app-process.js';
import { startDiscordApp } from '../../support/discord-app.js';

// The community watch against the local gateway (real entry point, real Redis, DISCORD_COMMUNITY=on): an admin
// opts a channel in; a message there that screens serious gets no public reply, its author a private message with
// support lines, the moderators' channel a link without the words; other channels and other members' settings
// are left alone.
type Json = Record<string, unknown>;
const fixture = (name: string): Json => JSON.parse(readFileSync(`test/fixtures/discord/${name}.json`, 'utf8')) as Json;
const CRISIS = 'I want to end my life, I have pills ready tonight';

describe('discord: community crisis watch', () => {
  let fake: DiscordFake;
  let app: AppProcess;
  const watched = freshId();
  const alerts = freshId();
  const elsewhere = freshId();

  beforeAll(async () => {
    fake = await startDiscordFake();
    app = await startDiscordApp(fake, { DISCORD_COMMUNITY: 'on' });
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  function admin(sub: string, options: Json[], permissions: string): Json {
    const base = fixture('interaction-command-guild');
    const id = freshId();
    return {
      ...base,
      id,
      token: `token-${id}`,
      member: { ...(base.member as Json), permissions },
      data: { id: '1285000000000000002', name: 'steady-admin', type: 1, options: [{ name: sub, type: 1, options }] },
    };
  }
  async function answerTo(payload: Json): Promise<string> {
    fake.dispatch('INTERACTION_CREATE', payload);
    const path = `/interactions/${String(payload.id)}/${String(payload.token)}/callback`;
    const call = await fake.waitFor(() => fake.calls.find((c) => c.path === path), 'the admin answer');
    const body = call.body as { type: number; data: { content: string; flags: number } };
    expect(body.data.flags).toBe(64);
    return body.data.content;
  }
  function message(channel: string, content: string, author = freshId()): Json {
    const base = fixture('message-create-guild');
    return { ...base, id: freshId(), channel_id: channel, content, author: { ...(base.author as Json), id: author } };
  }

  it('should refuse members who cannot manage the server', async () => {
    const said = await answerTo(admin('watch', [{ name: 'channel', type: 7, value: watched }], String(1 << 10)));
    expect(said).toMatch(/Only someone who can manage this server/);
  });

  it('should tell the author privately and the moderators with a link, never answering in public', async () => {
    const manage = String(1 << 5);
    expect(await answerTo(admin('watch', [{ name: 'channel', type: 7, value: watched }], manage))).toMatch(
      new RegExp(`Steady now watches <#${watched}>`),
    );
    expect(await answerTo(admin('alerts', [{ name: 'channel', type: 7, value: alerts }], manage))).toMatch(
      /Alerts about watched channels now go to/,
    );

    fake.dispatch('MESSAGE_CREATE', message(elsewhere, CRISIS));
    fake.dispatch('MESSAGE_CREATE', message(watched, 'anyone up for pizza on tuesday?'));
    const author = freshId();
    const crisis = message(watched, CRISIS, author);
    fake.dispatch('MESSAGE_CREATE', crisis);

    const alert = await fake.waitFor(
      () => fake.messages().find((m) => m.call.path === `/channels/${alerts}/messages`),
      "the moderators' alert",
    );
    expect(alert.content).toContain(`https://discord.com/channels/1270000000000000000/${watched}/${String(crisis.id)}`);
    expect(alert.content).not.toContain('pills');
    const dm = fake.dmChannel(author);
    const note = fake.messages().find((m) => m.call.path === `/channels/${dm}/messages`);
    expect(note?.content).toMatch(/You don't have to carry that alone/);
    expect(note?.content).toMatch(/findahelpline|Find A Helpline/);
    // Nothing in the watched or the other channel, and only this one alert.
    expect(fake.calls.some((c) => c.path === `/channels/${watched}/messages`)).toBe(false);
    expect(fake.calls.some((c) => c.path === `/channels/${elsewhere}/messages`)).toBe(false);
    expect(fake.messages().filter((m) => m.call.path === `/channels/${alerts}/messages`)).toHaveLength(1);
  });

  it("should post the day's general reflection once in the channel an admin chose, with a way to take it privately", async () => {
    const manage = String(1 << 5);
    const channel = freshId();
    expect(await answerTo(admin('reflection', [{ name: 'channel', type: 7, value: channel }], manage))).toMatch(
      /Each morning Steady now posts the day's reflection/,
    );
    const post = await fake.waitFor(
      () => fake.messages().find((m) => m.call.path === `/channels/${channel}/messages`),
      'the reflection post',
    );
    expect(post.content).toMatch(/Today's reflection from Steady, the same for everyone/);
    expect(post.content.length).toBeGreaterThan(80);
    expect(post.buttons.map((b) => b.custom_id)).toEqual(['dm']);
    // Chosen again the same day: no second post.
    await answerTo(admin('reflection', [{ name: 'channel', type: 7, value: channel }], manage));
    expect(fake.messages().filter((m) => m.call.path === `/channels/${channel}/messages`)).toHaveLength(1);
  });
});
