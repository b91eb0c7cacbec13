import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../../src/core/types.js';
import { COLOURS, layoutOf, xOf } from '../../../src/picture/index.js';
import { DEFAULT_USER } from '../../fakes/telegram-updates.js';
import { createTestEngine, manualClock } from '../../support/engine.js';
import { drawProgress, historyOf } from '../../support/progress.js';
import { realProgram } from '../../support/real-program.js';
import { startHarness, type Harness } from './harness.js';

// The progress picture on Telegram: sendPhoto with the PNG, its summary as the caption; checked on the
// bytes the fake Bot API received.
const chat = DEFAULT_USER.id;
const NOW = Date.parse('2026-12-06T10:00:00Z');
const history = historyOf({
  now: NOW,
  days: 30,
  mood: (i) => (i === 29 ? 5 : i === 0 ? 1 : undefined),
  checkin: (i) => (i > 20 ? 'done' : undefined),
  contacts: [{ daysAgo: 2, outcome: 'bad' }],
});
// Active an hour ago, so the turn opens with no reminder that Steady is a program (src/engine/honesty.ts).
const given = {
  ...history,
  settings: { ...history.settings, onboarded: true },
  schedule: { lastActive: NOW - 3_600_000, disclosedAt: NOW - 3_600_000 },
};

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function started(): Promise<Harness> {
  const engine = createTestEngine(await realProgram(), { clock: manualClock(NOW) });
  harness = await startHarness({}, engine);
  const user = engine.options.userKey('telegram', String(chat));
  await engine.store.commit(user, given, 0, 'given');
  return harness;
}

function pixel(image: PNG, x: number, y: number): string {
  const i = (Math.round(y) * image.width + Math.round(x)) * 4;
  return `#${[0, 1, 2].map((c) => (image.data[i + c] ?? 0).toString(16).padStart(2, '0')).join('')}`;
}

describe('telegram: the progress picture', () => {
  it('should send /progress as a photo: a PNG of the chart, captioned with its summary', async () => {
    const { fake } = await started();
    fake.say('/progress');
    await fake.waitFor('sendMessage', 1);
    expect(fake.chat(chat).at(-1)?.text).toBe('Which stretch would you like to see?');
    fake.press(/^The last 30 days$/);
    await fake.waitFor('sendPhoto', 1);
    await fake.waitFor('sendMessage', 2);

    const [call] = fake.callsOf('sendPhoto');
    expect(call?.status).toBe(200);
    const sent = fake.chat(chat).find((m) => m.photo);
    expect(sent?.caption).toContain('A chart of your last 30 days, 2026-11-07 to 2026-12-06.');
    expect(sent?.caption).toContain('Contacts: 1 (1 went badly).');
    expect(sent?.photo?.[0]).toMatchObject({ width: 960, height: 560 });

    const image = PNG.sync.read(sent?.image ?? Buffer.alloc(0));
    const chart = drawProgress(given, NOW).reply?.picture.chart;
    if (!chart) throw new Error('nothing drawn');
    const layout = layoutOf(chart);
    expect(pixel(image, xOf(layout, '2026-12-06'), layout.mood(5))).toBe(COLOURS.mood);
    expect(pixel(image, xOf(layout, '2026-11-07'), layout.mood(1))).toBe(COLOURS.mood);
    expect(pixel(image, xOf(layout, '2026-11-07'), layout.mood(4.5))).toBe(COLOURS.background);
    // The closing line comes after the photo, in order.
    expect(fake.chat(chat).at(-1)?.text).toContain('you keep showing up for yourself');
  });

  it('should send a scheduled picture (the Sunday review) as a photo too', async () => {
    const { fake, adapter } = await started();
    const reply = drawProgress(given, NOW).reply as Reply;
    expect(await adapter.send(String(chat), [{ kind: 'info', text: 'Your week at a glance' }, reply])).toEqual({
      status: 'sent',
    });
    expect(fake.callsOf('sendMessage')).toHaveLength(1);
    expect(fake.callsOf('sendPhoto').map((c) => c.status)).toEqual([200]);
  });

  it('should send a summary too long for a caption as text first, then the photo without one', async () => {
    const { fake, adapter } = await started();
    const reply = drawProgress(given, NOW).reply as Reply;
    await adapter.send(String(chat), [{ ...reply, text: 'x'.repeat(1500) }]);
    const bot = fake.chat(chat).filter((m) => m.fromBot);
    expect(bot.map((m) => (m.photo ? 'photo' : m.text?.length))).toEqual([1500, 'photo']);
    expect(bot[1]?.caption).toBeUndefined();
  });
});
