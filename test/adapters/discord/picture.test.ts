import { pino } from 'pino';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { discordAdapter } from '../../../adapters/discord/index.js';
import { renderReplies } from '../../../adapters/discord/render.js';
import { bindTexts } from '../../../src/core/catalog.js';
import { loadConfig } from '../../../src/core/config.js';
import type { Adapter, Reply } from '../../../src/core/types.js';
import { DISCORD_MESSAGES } from '../../../adapters/discord/texts.js';
import { startDiscordFake, type DiscordFake } from '../../fakes/discord-fake.js';
import { readCatalogs } from '../../support/catalogs.js';
import { programOf } from '../../support/program.js';
import { drawProgress, historyOf } from '../../support/progress.js';

// The progress picture on Discord: a PNG attachment, shown inline, with the summary as its alternative text.
const USER = '1260000000000000042';
const NOW = Date.parse('2026-12-06T10:00:00Z');
const state = historyOf({ now: NOW, days: 30, mood: (i) => 1 + (i % 5), contacts: [{ daysAgo: 1, outcome: 'mixed' }] });
const reply = drawProgress(state, NOW).reply as Reply;
const texts = bindTexts(DISCORD_MESSAGES, readCatalogs());

let fake: DiscordFake | undefined;
let adapter: Adapter | undefined;
afterEach(async () => {
  await adapter?.stop();
  await fake?.close();
  adapter = undefined;
  fake = undefined;
});

describe('discord: the progress picture', () => {
  it('should render a picture as a PNG attachment whose description is the summary', () => {
    const [message] = renderReplies([reply], { inServer: false, texts });
    expect(message?.body.content).toContain('A chart of your last 30 days');
    expect(message?.body.attachments).toEqual([{ id: 0, filename: 'progress.png', description: reply.picture?.alt }]);
    expect(message?.files?.[0]?.contentType).toBe('image/png');
    expect(PNG.sync.read(message?.files?.[0]?.data ?? Buffer.alloc(0)).width).toBe(960);
  });

  it('should upload the PNG with a scheduled DM (the Sunday review) through the local Discord', async () => {
    fake = await startDiscordFake();
    const config = loadConfig({
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
    });
    adapter = discordAdapter({
      config,
      logger: pino({ level: 'silent' }),
      clock: { now: () => NOW },
      http: { add: () => undefined },
      summary: () => Promise.reject(new Error('unused')),
      registry: programOf().registry,
    });
    if (!adapter) throw new Error('the adapter should be built');
    await adapter.start(async () => ({ status: 'ok', replies: [] }));
    expect(await adapter.send(`user:${USER}`, [reply])).toEqual({ status: 'sent' });
    const post = fake.calls.find((c) => c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path));
    expect(post?.status).toBe(200);
    expect(post?.files).toEqual(['progress.png']);
    const image = PNG.sync.read(post?.uploads?.[0] ?? Buffer.alloc(0));
    expect([image.width, image.height]).toEqual([960, 560]);
    expect(post?.body).toMatchObject({
      attachments: [{ id: 0, filename: 'progress.png', description: reply.picture?.alt }],
    });
  });
});
