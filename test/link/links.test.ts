import { describe, expect, it } from 'vitest';
import { ACTION_NAMES, createActions } from '../../src/coach/index.js';
import { createState } from '../../src/core/state.js';
import type { InboundEvent, Input, Reply } from '../../src/core/types.js';
import { loadFlows } from '../../src/flow/loader.js';
import { createMemoryLinkBackend } from '../../src/link/backend.js';
import { CODE_TTL_MS, createLinks, MAX_GUESSES } from '../../src/link/links.js';
import { createUserKeyer } from '../../src/session/user-key.js';
import { createTestEngine, manualClock, testSecret } from '../support/engine.js';

// One person across platforms, through the real /link and /unlink journeys on a memory store.
const registry = await loadFlows('flows', new Set(ACTION_NAMES));
const actions = createActions(registry);
let sequence = 0;

function setup() {
  const secret = testSecret();
  const clock = manualClock(Date.parse('2026-11-02T12:00:00Z'));
  const userKey = createUserKeyer(secret);
  const backend = createMemoryLinkBackend(clock);
  const links = createLinks({ backend, secret, userKey, ttlMs: 180 * 86_400_000 });
  const engine = createTestEngine({ registry, actions }, { secret, clock, links });
  const chat = (platform: string, userId: string) => {
    const send = async (input: Input): Promise<Reply[]> => {
      const event = { ...input, id: `e${++sequence}`, platform, userId, address: `${platform}-chat`, at: 0 };
      return (await engine.handle(event as InboundEvent)).replies;
    };
    return {
      key: userKey(platform, userId),
      say: async (text: string) => (await send({ kind: 'text', text })).map((r) => r.text).join('\n'),
      command: async (command: string) =>
        (await send({ kind: 'command', command, args: '' })).map((r) => r.text).join('\n'),
    };
  };
  return { engine, clock, chat, backend, links, userKey };
}

async function codeFrom(said: string): Promise<string> {
  const code = /Your code is ([A-Z0-9]{6})\./.exec(said)?.[1];
  if (code === undefined) throw new Error(`no code in: ${said}`);
  return code;
}

describe('/link', () => {
  it('should join a second chat to the first one’s state, carrying its safety memory over', async () => {
    const { engine, chat } = setup();
    const telegram = chat('telegram', '1001');
    const slack = chat('slack', 'U1001');
    const settings = { onboarded: true, consent: true, dailyTime: '19:00', timezone: 'Europe/Berlin' };
    await engine.store.commit(telegram.key, { ...createState(), settings, stats: { streak: 4 } }, 0, 'a');
    await engine.store.commit(slack.key, { ...createState(), flags: { contactBlocked: true } }, 0, 'b');

    await telegram.command('link');
    const code = await codeFrom(await telegram.say('make a code'));
    await slack.command('link');
    await slack.say('type a code');
    expect(await slack.say(code.toLowerCase().replace(/(...)/, '$1-'))).toMatch(/^Linked\./m);

    const shared = (await engine.store.load(telegram.key)).state;
    expect(shared.stats.streak).toBe(4);
    expect(shared.flags.contactBlocked).toBe(true);
    // The Slack chat's own state is gone; its turns now read and write the shared one.
    expect((await engine.store.load(slack.key)).rev).toBe(0);
    await slack.command('menu');
    expect((await engine.store.load(slack.key)).rev).toBe(0);
    expect((await engine.store.load(telegram.key)).state.settings.dailyTime).toBe('19:00');
  });

  it('should take a code once, refuse it after ten minutes, and count guesses', async () => {
    const { engine, chat, clock } = setup();
    const a = chat('telegram', '1');
    const b = chat('discord', '2');
    const c = chat('slack', 'U3');
    await a.command('link');
    const code = await codeFrom(await a.say('make a code'));
    await b.command('link');
    await b.say('type a code');
    expect(await b.say(code)).toMatch(/^Linked\./m);
    await c.command('link');
    await c.say('type a code');
    expect(await c.say(code)).toMatch(/That code doesn't work/);

    await a.command('link');
    const late = await codeFrom(await a.say('make a code'));
    clock.advance(CODE_TTL_MS + 1);
    await c.command('link');
    await c.say('type a code');
    expect(await c.say(late)).toMatch(/That code doesn't work/);
    expect(engine.lines.join('\n')).not.toContain(late);
  });

  it('should refuse every code after too many guesses from one chat, the right one included', async () => {
    const { links, userKey } = setup();
    const owner = userKey('telegram', 'owner');
    const code = await links.issue(owner);
    for (let i = 0; i < MAX_GUESSES; i += 1)
      expect((await links.join('slack', 'guesser', 'AAAAAA')).status).toBe('wrong');
    expect((await links.join('slack', 'guesser', code)).status).toBe('tooMany');
    expect((await links.join('discord', 'someone-else', code)).status).toBe('joined');
  });

  it('should store no platform id and no code in the clear', async () => {
    const { links, backend, userKey } = setup();
    const owner = userKey('telegram', '55501');
    const code = await links.issue(owner);
    await links.join('slack', 'U55502', code);
    const dump = JSON.stringify([await backend.members(owner), await backend.alias(userKey('slack', 'U55502'), 1)]);
    expect(dump).toContain(owner);
    expect(dump).not.toMatch(/55501|55502/);
    expect(await backend.takeCode(code)).toBeUndefined();
  });

  it('should let a chat leave with /unlink, and /forget from any chat remove the links too', async () => {
    const { engine, chat, backend } = setup();
    const a = chat('telegram', '10');
    const b = chat('slack', 'U20');
    await engine.store.commit(a.key, { ...createState(), settings: { onboarded: true, consent: true } }, 0, 'a');
    await a.command('link');
    const code = await codeFrom(await a.say('make a code'));
    await b.command('link');
    await b.say('type a code');
    await b.say(code);
    await b.command('link');
    await b.say('stop sharing with the other app');
    expect(await b.say('yes')).toMatch(/This chat is no longer linked/);
    expect(await backend.members(a.key)).toEqual([]);

    await a.command('link');
    const again = await codeFrom(await a.say('make a code'));
    await b.command('link');
    await b.say('type a code');
    await b.say(again);
    await b.command('forget');
    expect(await b.say('yes')).toMatch(/has been deleted/);
    expect((await engine.store.load(a.key)).rev).toBe(0);
    expect(await backend.members(a.key)).toEqual([]);
    expect(await backend.alias(b.key, 1)).toBeUndefined();
  });

  it('should send scheduled messages to the chat the user picked, whichever chat they write from', async () => {
    const { engine, chat } = setup();
    const a = chat('telegram', '7');
    const b = chat('discord', '8');
    await engine.store.commit(a.key, { ...createState(), settings: { onboarded: true, consent: true } }, 0, 'a');
    await a.command('link');
    const code = await codeFrom(await a.say('make a code'));
    await b.command('link');
    await b.say('type a code');
    await b.say(code);
    await a.command('link');
    await a.say('send my daily messages here');
    await b.command('menu');
    expect((await engine.store.load(a.key)).state.schedule?.reach).toEqual({
      platform: 'telegram',
      address: 'telegram-chat',
    });
    await b.command('link');
    await b.say('whichever chat i used last');
    await a.command('menu');
    expect((await engine.store.load(a.key)).state.schedule?.reach?.platform).toBe('telegram');
    await b.command('menu');
    expect((await engine.store.load(a.key)).state.schedule?.reach?.platform).toBe('discord');
  });
});
