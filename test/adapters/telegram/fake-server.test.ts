import { afterEach, describe, expect, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram-server.js';

// The fake must refuse what Telegram refuses, or the adapter tests would pass against a lenient server.
let fake: FakeTelegram | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function call(method: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (!fake) throw new Error('no fake');
  const response = await fetch(`${fake.apiRoot}/bot${fake.token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}

describe('fake Bot API server', () => {
  it('should refuse callback data over 64 bytes, texts over 4096 characters and unescaped markup', async () => {
    fake = await startFakeTelegram();
    const keyboard = (data: string) => ({ inline_keyboard: [[{ text: 'x', callback_data: data }]] });
    expect(await call('sendMessage', { chat_id: 1, text: 'hi', reply_markup: keyboard('d'.repeat(65)) })).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: BUTTON_DATA_INVALID',
    });
    expect(await call('sendMessage', { chat_id: 1, text: 'hi', reply_markup: keyboard('d'.repeat(64)) })).toMatchObject(
      { ok: true },
    );
    expect(await call('sendMessage', { chat_id: 1, text: 'a'.repeat(4097) })).toMatchObject({
      error_code: 400,
      description: 'Bad Request: message is too long',
    });
    expect(
      await call('sendMessage', { chat_id: 1, text: `&amp;${'a'.repeat(4095)}`, parse_mode: 'HTML' }),
    ).toMatchObject({ ok: true });
    expect(await call('sendMessage', { chat_id: 1, text: '<script>x</script>', parse_mode: 'HTML' })).toMatchObject({
      error_code: 400,
      description: expect.stringMatching(/can't parse entities: Unsupported start tag "script"/),
    });
  });

  it('should fail on demand with 429 and retry_after, and 403 for a blocked chat', async () => {
    fake = await startFakeTelegram();
    fake.fail('sendMessage', { type: 'rateLimit', retryAfter: 3 });
    expect(await call('sendMessage', { chat_id: 1, text: 'hi' })).toEqual({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 3',
      parameters: { retry_after: 3 },
    });
    fake.block(1);
    expect(await call('sendMessage', { chat_id: 1, text: 'hi' })).toMatchObject({
      error_code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
  });

  it('should hold getUpdates until an update is queued, and forget updates below the offset', async () => {
    fake = await startFakeTelegram();
    const started = Date.now();
    const polled = call('getUpdates', { timeout: 5 });
    setTimeout(() => fake?.say('hello'), 150);
    const first = (await polled).result as { update_id: number }[];
    expect(first).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    const id = first[0]?.update_id ?? 0;
    expect(((await call('getUpdates', { offset: id })).result as unknown[]).length).toBe(1);
    expect(await call('getUpdates', { offset: id + 1, timeout: 0 })).toEqual({ ok: true, result: [] });
  });

  it('should answer a callback query once, and refuse an unknown token', async () => {
    fake = await startFakeTelegram();
    await call('sendMessage', {
      chat_id: 5550001,
      text: 'Q',
      reply_markup: { inline_keyboard: [[{ text: 'Yes', callback_data: '1.0' }]] },
    });
    const update = fake.press(/Yes/) as { callback_query: { id: string } };
    expect(await call('answerCallbackQuery', { callback_query_id: update.callback_query.id })).toEqual({
      ok: true,
      result: true,
    });
    expect(await call('answerCallbackQuery', { callback_query_id: update.callback_query.id })).toMatchObject({
      ok: false,
      error_code: 400,
    });
    const response = await fetch(`${fake.apiRoot}/botwrong/getMe`);
    expect(response.status).toBe(401);
  });
});
