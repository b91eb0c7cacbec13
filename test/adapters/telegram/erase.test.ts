import { afterEach, describe, expect, it } from 'vitest';
import { bindTexts } from '../../../src/core/catalog.js';
import { erasedReply } from '../../../adapters/shared/sent-log.js';
import { TELEGRAM_MESSAGES } from '../../../adapters/telegram/texts.js';
import { readCatalogs } from '../../support/catalogs.js';
import { DEFAULT_USER } from '../../fakes/telegram-updates.js';
import { createTestEngine, manualClock } from '../../support/engine.js';
import { realProgram } from '../../support/real-program.js';
import { botTexts, startHarness, type Harness } from './harness.js';

// /erase against the local Bot API server: the adapter deletes the messages it remembers sending (deleteMessage),
// Telegram refuses those past its 48-hour window, and the report says what was removed and what stays.
const chat = DEFAULT_USER.id;
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function lastSays(h: Harness, pattern: RegExp, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!pattern.test(botTexts(h.fake, chat).at(-1) ?? '')) {
    if (Date.now() > until) throw new Error(`no ${pattern} in ${JSON.stringify(botTexts(h.fake, chat))}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function onboarded(): Promise<Harness> {
  const engine = createTestEngine(await realProgram(), { clock: manualClock() });
  harness = await startHarness({}, engine);
  const user = engine.options.userKey('telegram', String(chat));
  const state = (await engine.store.load(user)).state;
  await engine.store.commit(user, { ...state, settings: { onboarded: true, consent: true } }, 0, 'given');
  return harness;
}

describe('telegram: /erase', () => {
  it("should delete the bot's messages, report those Telegram refused, and keep the user's own", async () => {
    const h = await onboarded();
    h.fake.say('/sos');
    await lastSays(h, /./);
    const old = botTexts(h.fake, chat).length;
    h.fake.age(chat, 49 * 3600);
    h.fake.say('/menu');
    await lastSays(h, /What would you like to do\?/);
    h.fake.say('/erase');
    await lastSays(h, /Remove my messages from this chat\?/);
    const sentBefore = h.fake.chat(chat).filter((m) => m.fromBot).length;
    h.fake.press(/^Yes, remove them$/);
    await lastSays(h, /What I have stored about you stays until \/forget/);

    const deletes = h.fake.callsOf('deleteMessage');
    expect(deletes).toHaveLength(sentBefore);
    expect(deletes.filter((call) => !call.response.ok)).toHaveLength(old);
    const report = botTexts(h.fake, chat).at(-1) ?? '';
    expect(report).toContain(`I removed ${sentBefore - old} of my messages from this chat.`);
    expect(report).toContain(`${old} message${old === 1 ? '' : 's'} could not be removed`);
    // Left: the old messages Telegram refused, and the report itself.
    expect(h.fake.chat(chat).filter((m) => m.fromBot)).toHaveLength(old + 1);
    expect(
      h.fake
        .chat(chat)
        .filter((m) => !m.fromBot)
        .map((m) => m.text),
    ).toEqual(['/sos', '/menu', '/erase']);
  });

  it('should delete nothing when the user says no, and remember what the send queue delivered too', async () => {
    const h = await onboarded();
    h.fake.say('/erase');
    await lastSays(h, /Remove my messages/);
    h.fake.press(/^No, leave them$/);
    await lastSays(h, /nothing was removed/);
    expect(h.fake.callsOf('deleteMessage')).toHaveLength(0);
    await h.adapter.send(String(chat), [{ kind: 'info', text: 'A scheduled note' }]);
    h.fake.say('/erase');
    await lastSays(h, /Remove my messages/);
    h.fake.press(/^Yes, remove them$/);
    await lastSays(h, /What I have stored about you stays/);
    // The scheduled note, both confirm questions and the "nothing was removed" answer were all remembered.
    expect(h.fake.callsOf('deleteMessage').every((call) => call.response.ok)).toBe(true);
    expect(h.fake.chat(chat).filter((m) => m.fromBot)).toHaveLength(1);
  });

  it('should say plainly when it found nothing it could still remove', () => {
    const texts = bindTexts(TELEGRAM_MESSAGES, readCatalogs());
    const report = erasedReply(texts, { removed: 0, failed: 0 }).text;
    expect(report).toContain('I found none of my messages here that I could still remove.');
    expect(report).not.toContain('could not be removed');
    expect(erasedReply(texts, { removed: 1, failed: 1 }).text).toContain('1 message could not be removed');
  });
});
