import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordFake, type DiscordFake } from '../../fakes/discord-fake.js';
import { dmMessage, freshId, slashCommand, type Where } from '../../fakes/discord-payloads.js';
import type { AppProcess } from '../../support/app-process.js';
import { startDiscordApp } from '../../support/discord-app.js';

// Every message with words is screened, through the real entry point and a local Discord: a DM with an attachment
// and an edited DM, each answered with the crisis answer and the lines of the user's own country (the region of
// the locale Discord sends with their interactions, en-GB in the fixtures).

const CRISIS = "I'm going to end my life tonight, I have the pills here";
const ATTACHMENT = { id: '1330000000000000001', filename: 'us.jpg', size: 1024, url: 'https://cdn.example/us.jpg' };

describe('Discord: attachments and edits are screened (real entry point, local Discord, real Redis)', () => {
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

  const member = (): Required<Where> => {
    const userId = freshId();
    return { userId, dmChannel: fake.dmChannel(userId) };
  };
  /** Waits for a message matching `pattern` sent after the first `since`; returns everything sent since. */
  async function answered(since: number, pattern: RegExp): Promise<string> {
    await fake.waitFor(
      () =>
        fake
          .messages()
          .slice(since)
          .find((m) => pattern.test(m.content)),
      String(pattern),
    );
    return fake
      .messages()
      .slice(since)
      .map((m) => m.content)
      .join('\n---\n');
  }

  it('should answer a DM with an attachment and crisis words with the crisis answer and the UK lines', async () => {
    const where = member();
    let since = fake.messages().length;
    fake.dispatch('INTERACTION_CREATE', slashCommand('start', where));
    await answered(since, /are you 18 or older\?/);
    since = fake.messages().length;
    fake.dispatch('MESSAGE_CREATE', { ...dmMessage(CRISIS, where), attachments: [ATTACHMENT] });
    const said = await answered(since, /Are you safe right now\?/);
    expect(said).toContain('People you can reach in the United Kingdom:');
    expect(said).toContain('116 123');
  });

  it('should answer a DM edited into a crisis, mid-journey, with the crisis answer and the UK lines', async () => {
    const where = member();
    let since = fake.messages().length;
    fake.dispatch('INTERACTION_CREATE', slashCommand('start', where));
    await answered(since, /are you 18 or older\?/);
    since = fake.messages().length;
    const typed = dmMessage('just looking around', where);
    fake.dispatch('MESSAGE_CREATE', typed);
    await answered(since, /are you 18 or older\?/);
    since = fake.messages().length;
    fake.dispatch('MESSAGE_UPDATE', {
      ...typed,
      content: CRISIS,
      edited_timestamp: '2026-12-07T18:00:00.000000+00:00',
    });
    const said = await answered(since, /Are you safe right now\?/);
    expect(said).toContain('People you can reach in the United Kingdom:');
    expect(said).toContain('Samaritans');
  });
});
