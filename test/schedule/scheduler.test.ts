import { afterEach, describe, expect, it, vi } from 'vitest';
import { dailyUser, embeddedApp, localTime, textOf, type EmbeddedApp } from './harness.js';

const DAY = 86_400_000;
const PROMPT = /Your check-in for today is ready/;
let app: EmbeddedApp;

async function startAt(iso: string): Promise<void> {
  vi.useFakeTimers({
    now: Date.parse(iso),
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
  app = await embeddedApp();
}

afterEach(async () => {
  await app.stop();
  vi.useRealTimers();
});

// The user answers each prompt's mood question, so they stay active and never get the missed-you note.
async function answerEachDay(userId: string, days: number): Promise<void> {
  for (let day = 0; day < days; day += 1) {
    const before = app.sent.length;
    await vi.advanceTimersByTimeAsync(DAY);
    if (app.sent.length > before) await app.say(userId, { kind: 'text', text: '3' });
  }
}

describe('daily prompts at the local time, across daylight-saving changes', () => {
  it.each([
    ['America/New_York', '2026-03-05T12:00:00Z', '2026-03-08'],
    ['America/New_York', '2026-10-29T12:00:00Z', '2026-11-01'],
    ['Europe/Berlin', '2026-03-26T12:00:00Z', '2026-03-29'],
    ['Europe/Berlin', '2026-10-22T12:00:00Z', '2026-10-25'],
  ])('should send one prompt a day at 09:00 in %s (from %s, change on %s)', async (zone, start, change) => {
    await startAt(start);
    await app.seed('ana', dailyUser(zone, '09:00'));
    await answerEachDay('ana', 7);
    const local = app.sent.map((s) => localTime(s.at, zone));
    expect(local.map((t) => t.slice(0, 10))).toEqual([...new Set(local.map((t) => t.slice(0, 10)))]);
    expect(local).toHaveLength(7);
    expect(local.some((t) => t.startsWith(change))).toBe(true);
    for (const time of local) expect(time.slice(11)).toMatch(/^09:0[0-3]$/);
    for (const sent of app.sent) expect(sent.address).toBe('chat-ana');
  });

  it('should send a 02:30 prompt once, at 03:30, on the night the clocks spring forward', async () => {
    await startAt('2026-03-06T12:00:00Z');
    await app.seed('ben', dailyUser('America/New_York', '02:30'));
    await answerEachDay('ben', 4);
    const local = app.sent.map((s) => localTime(s.at, 'America/New_York').slice(0, 15));
    expect(local).toEqual(['2026-03-07 02:3', '2026-03-08 03:3', '2026-03-09 02:3', '2026-03-10 02:3']);
  });

  it('should send a 01:30 prompt once, not twice, on the night the clocks fall back', async () => {
    await startAt('2026-10-30T12:00:00Z');
    await app.seed('cy', dailyUser('America/New_York', '01:30'));
    await answerEachDay('cy', 4);
    const days = app.sent.map((s) => localTime(s.at, 'America/New_York').slice(0, 10));
    expect(days).toEqual(['2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03']);
  });
});

describe('what the day brings', () => {
  it("should make Sunday's message the weekly review followed by the prompt", async () => {
    await startAt('2026-11-20T12:00:00Z'); // a Friday
    await app.seed('dee', dailyUser('Europe/Berlin', '19:00'));
    await answerEachDay('dee', 3);
    const sunday = app.sent.find((s) => localTime(s.at, 'Europe/Berlin').startsWith('2026-11-22'));
    expect(sunday && textOf(sunday)).toMatch(/Your week at a glance[\s\S]*Your check-in for today is ready/);
  });

  it('should send one missed-you note after three quiet days, then nothing until the user is back', async () => {
    await startAt('2026-11-02T12:00:00Z');
    await app.seed('eli', dailyUser('Europe/Berlin', '08:00'));
    await vi.advanceTimersByTimeAsync(10 * DAY);
    const texts = app.sent.map(textOf);
    expect(texts.filter((t) => PROMPT.test(t))).toHaveLength(3);
    expect(texts.filter((t) => /a few quiet days/.test(t))).toHaveLength(1);
    expect(app.sent).toHaveLength(4);

    await app.say('eli', { kind: 'text', text: 'hello again' });
    await vi.advanceTimersByTimeAsync(DAY);
    expect(app.sent).toHaveLength(5);
    expect(textOf(app.sent[4]!)).toMatch(PROMPT);
  });
});

describe('pause, resume, stop and quiet hours', () => {
  it('should send nothing while paused and pick up from the next day after /resume, without replaying', async () => {
    await startAt('2026-11-02T12:00:00Z');
    await app.seed('fay', dailyUser('Europe/Berlin', '09:00'));
    await app.say('fay', { kind: 'command', command: 'pause', args: '' });
    await vi.advanceTimersByTimeAsync(3 * DAY);
    expect(app.sent).toHaveLength(0);
    await app.say('fay', { kind: 'command', command: 'resume', args: '' });
    await answerEachDay('fay', 2);
    expect(app.sent.map((s) => localTime(s.at, 'Europe/Berlin').slice(0, 10))).toEqual(['2026-11-06', '2026-11-07']);
  });

  it('should hold a follow-up due at night until the quiet hours end', async () => {
    await startAt('2026-11-02T20:00:00Z');
    const at = Date.parse('2026-11-02T22:30:00Z'); // 23:30 in Berlin
    await app.seed('gus', {
      ...dailyUser('Europe/Berlin', '19:00'),
      schedule: { timers: { 'contact-followup': { at, flow: 'contact-followup' } } },
    });
    await vi.advanceTimersByTimeAsync(DAY / 2);
    const followUp = app.sent.find((s) => /How did your last contact/.test(textOf(s)));
    expect(followUp && localTime(followUp.at, 'Europe/Berlin')).toMatch(/^2026-11-03 07:0[0-3]$/);
  });

  it('should follow chosen quiet hours, and none at all once turned off', async () => {
    await startAt('2026-11-02T20:00:00Z');
    const at = Date.parse('2026-11-02T22:30:00Z');
    const timers = { 'contact-followup': { at, flow: 'contact-followup' } };
    await app.seed('hal', {
      ...dailyUser('Europe/Berlin', '19:00', { quietFrom: '21:00', quietTo: '08:30' }),
      schedule: { timers },
    });
    await app.seed('ivy', { ...dailyUser('Europe/Berlin', '19:00', { quietOff: true }), schedule: { timers } });
    await vi.advanceTimersByTimeAsync(DAY / 2);
    const when = (address: string) =>
      app.sent.filter((s) => s.address === address).map((s) => localTime(s.at, 'Europe/Berlin'));
    expect(when('chat-hal')).toEqual([expect.stringMatching(/^2026-11-03 08:3[0-3]$/)]);
    expect(when('chat-ivy')).toEqual([expect.stringMatching(/^2026-11-02 23:3[0-3]$/)]);
  });

  it('should send nothing at all after /stop, follow-ups included, until /resume', async () => {
    await startAt('2026-11-02T12:00:00Z');
    const timers = { 'contact-followup': { at: Date.parse('2026-11-03T12:00:00Z'), flow: 'contact-followup' } };
    await app.seed('jo', { ...dailyUser('Europe/Berlin', '09:00'), schedule: { timers } });
    await app.say('jo', { kind: 'command', command: 'stop', args: '' });
    await app.say('jo', { kind: 'text', text: 'yes' });
    await vi.advanceTimersByTimeAsync(3 * DAY);
    expect(app.sent).toHaveLength(0);
  });
});

describe('safety and reachability', () => {
  it('should hold prompts while a crisis is open', async () => {
    await startAt('2026-11-02T12:00:00Z');
    await app.seed('kim', dailyUser('Europe/Berlin', '09:00'));
    await app.say('kim', { kind: 'text', text: 'I want to end my life' });
    await vi.advanceTimersByTimeAsync(2 * DAY);
    expect(app.sent).toHaveLength(0);
  });

  it('should pause a user the platform says is unreachable, and re-arm on /resume once they are back', async () => {
    await startAt('2026-11-02T12:00:00Z');
    await app.seed('lu', dailyUser('Europe/Berlin', '09:00'));
    app.answer({ status: 'unreachable', reason: 'test:blocked' });
    await vi.advanceTimersByTimeAsync(DAY);
    const { state } = await app.store.load(app.keyOf('lu'));
    expect(state.settings).toMatchObject({ unreachable: true, paused: true });
    app.answer({ status: 'sent' });
    await vi.advanceTimersByTimeAsync(2 * DAY);
    expect(app.sent).toHaveLength(0);

    const back = await app.say('lu', { kind: 'text', text: 'hi' });
    // After days away the reminder that Steady is a program comes first (src/engine/honesty.ts), then why prompts paused.
    expect(back.map((r) => r.text)).toContainEqual(expect.stringMatching(/paused your daily prompts; \/resume/));
    await app.say('lu', { kind: 'command', command: 'resume', args: '' });
    await vi.advanceTimersByTimeAsync(DAY);
    expect(app.sent).toHaveLength(1);
  });

  it('should wait for a rate limit and then send', async () => {
    await startAt('2026-11-02T12:00:00Z');
    await app.seed('max', dailyUser('Europe/Berlin', '09:00'));
    app.answer({ status: 'rateLimited', retryAfterMs: 5000 });
    await vi.advanceTimersByTimeAsync(DAY);
    expect(app.attempts()).toBeGreaterThan(1);
    expect(app.sent).toHaveLength(0);
    app.answer({ status: 'sent' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(app.sent).toHaveLength(1);
  });
});
