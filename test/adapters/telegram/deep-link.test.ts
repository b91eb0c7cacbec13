import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_USER } from '../../fakes/telegram-updates.js';
import { createTestEngine, manualClock } from '../../support/engine.js';
import { realProgram } from '../../support/real-program.js';
import { botTexts, startHarness, type Harness } from './harness.js';

// A counsellor's or a website's link t.me/<bot>?start=sos makes Telegram send "/start sos" when the
// person opens the chat; Steady opens that journey.
const chat = DEFAULT_USER.id;
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

// Waits until the bot's last message in the chat matches, polling the fake.
async function lastSays(h: Harness, pattern: RegExp, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!pattern.test(botTexts(h.fake, chat).at(-1) ?? '')) {
    if (Date.now() > until) throw new Error(`no ${pattern} in ${JSON.stringify(botTexts(h.fake, chat))}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function started(onboarded: boolean): Promise<Harness> {
  const engine = createTestEngine(await realProgram(), { clock: manualClock() });
  harness = await startHarness({}, engine);
  if (onboarded) {
    const user = engine.options.userKey('telegram', String(chat));
    const state = (await engine.store.load(user)).state;
    await engine.store.commit(user, { ...state, settings: { onboarded: true, consent: true } }, 0, 'given');
  }
  return harness;
}

describe('telegram: /start deep links', () => {
  it('should open the support lines for ?start=sos, before any welcome', async () => {
    const opened = await started(false);
    const { fake, events } = opened;
    fake.say('/start sos');
    // The lines come first, one message each; the question about the person's country comes last.
    await lastSays(opened, /which country are you in\?/);
    expect(events[0]).toMatchObject({ kind: 'command', command: 'start', args: 'sos' });
    expect(botTexts(fake, chat).join('\n')).not.toContain('are you 18 or older');
  });

  it('should open the assessment for ?start=assess once the user is welcomed, and the welcome first otherwise', async () => {
    const welcomed = await started(true);
    welcomed.fake.say('/start assess');
    await lastSays(welcomed, /1\/8/);
    expect(botTexts(welcomed.fake, chat).join('\n')).not.toContain('are you 18 or older');

    await harness?.close();
    const fresh = await started(false);
    fresh.fake.say('/start assess');
    await lastSays(fresh, /are you 18 or older\?/);
    fresh.fake.press(/^Yes, I'm 18 or older$/);
    await lastSays(fresh, /Can I remember your answers/);
    fresh.fake.press(/^Yes, remember my answers$/);
    await lastSays(fresh, /Shall we\?/);
    fresh.fake.press(/^Yes, let's look at my situation$/);
    await lastSays(fresh, /1\/8/);
  });
});
