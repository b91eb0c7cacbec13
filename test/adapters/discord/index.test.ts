import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { discordAdapter } from '../../../adapters/discord/index.js';
import { loadConfig } from '../../../src/core/config.js';
import type { Adapter, InboundEvent, TurnHandler, TurnOutcome } from '../../../src/core/types.js';
import { startDiscordFake, type DiscordFake } from '../../fakes/discord-fake.js';
import { componentPress, dmMessage, modalSubmit, slashCommand } from '../../fakes/discord-payloads.js';
import { createTestEngine } from '../../support/engine.js';
import { programOf } from '../../support/program.js';

const USER = '1260000000000000042';
const BLOCKED = { status: 403, code: 50007, message: 'Cannot send messages to this user' };
const DRAFT_FLOW = `
id: draft
version: 1
title: Draft
command: draft
steps:
  - { id: write, type: ask, text: "Write what you'd like to say.", save: vars.draft, reask: "Once more?", form: { title: Your draft, label: What you want to send } }
  - { id: echo, type: end, role: info, text: "You wrote: {$vars.draft}" }
`;

let fake: DiscordFake | undefined;
let adapter: Adapter | undefined;
afterEach(async () => {
  await adapter?.stop();
  await fake?.close();
  adapter = undefined;
  fake = undefined;
});

// The adapter against the local Discord, built by the same factory main.ts uses.
async function setup(
  handle: TurnHandler,
  heartbeatMs?: number,
): Promise<{ fake: DiscordFake; adapter: Adapter; logs: string[] }> {
  fake = await startDiscordFake(heartbeatMs === undefined ? {} : { heartbeatMs });
  const logs: string[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk, _enc, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  );
  const config = loadConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiUrl,
  });
  const built = discordAdapter({
    config,
    logger,
    clock: { now: () => 0 },
    http: { add: () => undefined },
    summary: () => Promise.reject(new Error('unused')),
    registry: programOf().registry,
  });
  if (built === undefined) throw new Error('the adapter should be built when DISCORD_TOKEN is set');
  adapter = built;
  await adapter.start(handle);
  return { fake, adapter, logs };
}

const ok = (...texts: string[]): TurnOutcome => ({
  status: 'ok',
  replies: texts.map((text) => ({ kind: 'info', text })),
});
const recorder = (outcome: TurnOutcome = ok('Hello.')) => {
  const events: InboundEvent[] = [];
  return { events, handle: async (event: InboundEvent) => (events.push(event), outcome) };
};

describe('discordAdapter', () => {
  it('should not be built without DISCORD_TOKEN, and identify with the Guilds and DirectMessages intents', async () => {
    const noToken = loadConfig({});
    expect(
      discordAdapter({
        config: noToken,
        logger: pino({ level: 'silent' }),
        clock: { now: () => 0 },
        http: { add: () => undefined },
        summary: () => Promise.reject(new Error('unused')),
        registry: programOf().registry,
      }),
    ).toBeUndefined();
    const { fake } = await setup(recorder().handle);
    const identify = fake.gatewayOps.find((op) => op.op === 2)?.d as { intents: number; compress: boolean };
    expect(identify.intents & 1).toBe(1);
    expect(identify.intents & 4096).toBe(4096);
    expect(identify.compress).toBe(false);
  });

  it('should keep the connection alive: heartbeats are acknowledged, so it never resumes or identifies again', async () => {
    const { fake } = await setup(recorder().handle, 40);
    await fake.waitFor(() => fake.gatewayOps.filter((op) => op.op === 1).length >= 4, 'four heartbeats');
    // An unacknowledged heartbeat makes @discordjs/ws drop the connection and RESUME (op 6).
    expect(fake.gatewayOps.filter((op) => op.op !== 1).map((op) => op.op)).toEqual([2]);
    expect(fake.connections()).toBe(1);
  });

  it('should answer a slash command in a server privately: deferred ephemeral, follow-ups ephemeral, DM offer last', async () => {
    const { events, handle } = recorder({
      status: 'ok',
      replies: [
        { kind: 'info', text: 'Hi.' },
        { kind: 'question', text: 'Pick.', choices: [{ id: '1.0', label: 'A' }] },
      ],
    });
    const { fake } = await setup(handle);
    fake.dispatch('INTERACTION_CREATE', slashCommand('menu', { userId: USER }));
    await fake.waitFor(() => fake.messages().length === 2, 'two messages');
    expect(events[0]).toMatchObject({ kind: 'command', command: 'menu', address: `user:${USER}` });
    expect(fake.calls[1]).toMatchObject({
      method: 'POST',
      path: expect.stringMatching(/\/callback$/),
      body: { type: 5, data: { flags: 64 } },
    });
    const [first, second] = fake.messages();
    expect(first?.call.method).toBe('PATCH');
    expect(second).toMatchObject({
      flags: 64,
      content: 'Pick.',
      buttons: [{ custom_id: 'c:1.0' }, { custom_id: 'dm' }],
    });
    expect(fake.calls.some((call) => call.path.startsWith('/channels'))).toBe(false);
  });

  it('should open a DM with a hello when the offer is pressed, and link to it', async () => {
    const { events, handle } = recorder();
    const { fake } = await setup(handle);
    fake.dispatch('INTERACTION_CREATE', componentPress('dm', { userId: USER }));
    const [edit] = await fake.waitForCalls('PATCH', /@original$/, 1);
    const dm = fake.dmChannel(USER);
    expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toContain(`POST /channels/${dm}/messages`);
    expect(fake.messages().find((m) => m.call.path === `/channels/${dm}/messages`)?.content).toMatch(/private chat/);
    expect(edit?.body).toMatchObject({
      components: [{ components: [{ style: 5, url: `https://discord.com/channels/@me/${dm}` }] }],
    });
    expect(events).toEqual([]);
  });

  it('should mark the user unreachable and say how to allow DMs when Discord refuses the DM (50007)', async () => {
    const { events, handle } = recorder();
    const { fake } = await setup(handle);
    fake.fail('POST', /^\/channels\/\d+\/messages$/, BLOCKED);
    fake.dispatch('INTERACTION_CREATE', componentPress('dm', { userId: USER }));
    const [edit] = await fake.waitForCalls('PATCH', /@original$/, 1);
    expect(JSON.stringify(edit?.body)).toMatch(/allow direct messages/);
    expect(events).toMatchObject([
      { kind: 'signal', signal: 'unreachable', userId: USER, id: expect.stringMatching(/^discord:unreachable:/) },
    ]);
  });

  it('should take a long answer through a modal and escape it when it is quoted back', async () => {
    const engine = createTestEngine(programOf(DRAFT_FLOW));
    const { fake } = await setup(engine.handle);
    const where = { userId: USER, dmChannel: fake.dmChannel(USER) };
    fake.dispatch('INTERACTION_CREATE', slashCommand('draft', where));
    const question = await fake.waitFor(() => fake.messages().find((m) => m.buttons.length > 0), 'the question');
    expect(question).toMatchObject({ content: "Write what you'd like to say.", flags: 0 });
    fake.dispatch('INTERACTION_CREATE', componentPress(question.buttons[0]?.custom_id ?? '', where));
    const [modal] = await fake.waitForCalls('POST', /\/callback$/, 2).then((calls) => calls.slice(1));
    expect(modal?.body).toMatchObject({
      type: 9,
      data: {
        custom_id: 'm',
        title: 'Your draft',
        components: [{ components: [{ type: 4, style: 2, label: 'What you want to send' }] }],
      },
    });
    // Words the safety screen lets through: with "Sorry about", "@everyone" reads to its classifier like a farewell.
    fake.dispatch('INTERACTION_CREATE', modalSubmit('Running late **Saturday** @everyone <@123>', where));
    const echo = await fake.waitFor(() => fake.messages().find((m) => m.content.startsWith('You wrote')), 'the echo');
    expect(echo.content).toBe('You wrote: Running late \\*\\*Saturday\\*\\* @everyone \\<@123>');
    expect(fake.messages().every((m) => JSON.stringify(m.allowedMentions) === '{"parse":[]}')).toBe(true);
  });

  it('should hand a forged button to the engine, which answers that it has expired and shows the current step', async () => {
    const engine = createTestEngine(programOf(DRAFT_FLOW));
    const { fake } = await setup(engine.handle);
    const where = { userId: USER, dmChannel: fake.dmChannel(USER) };
    fake.dispatch('INTERACTION_CREATE', slashCommand('draft', where));
    await fake.waitFor(() => fake.messages().length === 1, 'the question');
    fake.dispatch('INTERACTION_CREATE', componentPress('totally-forged', where));
    await fake.waitFor(
      () => fake.messages().some((m) => /expired/.test(m.content)) && fake.messages().length === 4,
      'the expired notice',
    );
    // The pressed message loses its buttons, then the notice and the question again follow.
    expect(
      fake
        .messages()
        .slice(1)
        .map((m) => [m.call.method, m.content]),
    ).toEqual([
      ['PATCH', ''],
      ['POST', 'That button has expired. Here is where we are now:'],
      ['POST', "Write what you'd like to say."],
    ]);
    const callbacks = fake.calls.filter((c) => c.path.endsWith('/callback')).map((c) => c.body);
    expect(callbacks.at(-1)).toEqual({ type: 6 });
  });

  it('should send scheduled replies to a DM channel or a user, and report a closed DM (50007) as unreachable', async () => {
    const { events, handle } = recorder();
    const { fake, adapter } = await setup(handle);
    const dm = fake.dmChannel(USER);
    expect(await adapter.send(dm, [{ kind: 'info', text: 'Time for today.' }])).toEqual({ status: 'sent' });
    expect(await adapter.send(`user:${USER}`, [{ kind: 'info', text: 'And again.' }])).toEqual({ status: 'sent' });
    expect(fake.messages().map((m) => [m.call.path, m.content])).toEqual([
      [`/channels/${dm}/messages`, 'Time for today.'],
      [`/channels/${dm}/messages`, 'And again.'],
    ]);
    fake.fail('POST', /^\/channels\/\d+\/messages$/, BLOCKED);
    expect(await adapter.send(dm, [{ kind: 'info', text: 'Refused.' }])).toEqual({
      status: 'unreachable',
      reason: 'discord:50007',
    });
    fake.fail('POST', /^\/channels\/\d+\/messages$/, BLOCKED);
    expect(await adapter.send(`user:${USER}`, [{ kind: 'info', text: 'Refused.' }])).toEqual({
      status: 'unreachable',
      reason: 'discord:50007',
    });
    expect(events).toEqual([]); // no signal turn: the send queue marks the user by key
  });

  it('should report a 429 on a scheduled send as rateLimited with Retry-After, instead of waiting it out', async () => {
    const { handle } = recorder();
    const { fake, adapter } = await setup(handle);
    const dm = fake.dmChannel(USER);
    fake.fail('POST', /^\/channels\/\d+\/messages$/, {
      status: 429,
      code: 0,
      message: 'You are being rate limited.',
      retryAfter: 3,
    });
    const result = await adapter.send(dm, [{ kind: 'info', text: 'Time for today.' }]);
    expect(result).toEqual({ status: 'rateLimited', retryAfterMs: 3000 });
    expect(fake.calls.filter((c) => c.path === `/channels/${dm}/messages`).map((c) => c.status)).toEqual([429]);
    expect(await adapter.send(dm, [{ kind: 'info', text: 'Time for today.' }])).toEqual({ status: 'sent' });
  });

  it('should never retry a 401 or 403 and never log ids or text', async () => {
    const { handle } = recorder();
    const { fake, adapter, logs } = await setup(handle);
    fake.fail('POST', /^\/channels\/\d+\/messages$/, { status: 403, code: 50001, message: 'Missing Access' });
    fake.fail('POST', /^\/channels\/\d+\/messages$/, { status: 401, code: 0, message: '401: Unauthorized' });
    const words = [{ kind: 'info' as const, text: 'Secret words.' }];
    await expect(adapter.send('1290000000000000999', words)).rejects.toThrow(/HTTP 403, code 50001/);
    await expect(adapter.send('1290000000000000999', words)).rejects.toThrow(/HTTP 401/);
    expect(fake.calls.filter((c) => c.path.startsWith('/channels/')).map((c) => c.status)).toEqual([403, 401]);
    expect(logs.join('')).toMatch(/DISCORD_TOKEN/);
    expect(logs.join('')).not.toMatch(/Secret words|1290000000000000999/);
  });

  it('should finish a turn in flight before it stops, then close the gateway', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { fake, adapter } = await setup(async () => (await gate, ok('Done thinking.')));
    fake.dispatch('MESSAGE_CREATE', dmMessage('hello', { userId: USER, dmChannel: fake.dmChannel(USER) }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    let stopped = false;
    const stopping = adapter.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(fake.messages().map((m) => m.content)).toEqual(['Done thinking.']);
    await fake.waitFor(() => fake.connections() === 0, 'the gateway to close');
  });
});
