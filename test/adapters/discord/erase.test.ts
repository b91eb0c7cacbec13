import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordFake, type DiscordFake } from '../../fakes/discord-fake.js';
import { play, type DmMember } from '../../fakes/discord-driver.js';
import { freshId } from '../../fakes/discord-payloads.js';
import type { AppProcess } from '../../support/app-process.js';
import { startDiscordApp } from '../../support/discord-app.js';

// /erase against the local Discord (real entry point, real Redis): the bot deletes its messages in the DM
// (DELETE /channels/{channel}/messages/{message}), answers to slash commands there included, and says what
// Discord refused and what stays.
describe('discord: /erase', () => {
  let fake: DiscordFake;
  let app: AppProcess;
  let member: DmMember;

  beforeAll(async () => {
    fake = await startDiscordFake();
    app = await startDiscordApp(fake);
    const userId = freshId();
    member = { userId, dmChannel: fake.dmChannel(userId) };
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  it("should delete the bot's DM messages, count what Discord refused, and post what stays", async () => {
    // The first message the bot tries to delete the member already deleted: Discord answers Unknown Message.
    fake.fail('DELETE', /^\/channels\/\d+\/messages\/\d+$/, { status: 404, code: 10008, message: 'Unknown Message' });
    await play(fake, member, [
      { type: 'hello', expect: /are you 18 or older\?/ },
      { slash: 'sos', expect: /./ },
      { slash: 'erase', expect: /Remove my messages from this chat\?/ },
      { press: /^Yes, remove them$/, expect: /What I have stored about you stays/ },
    ]);

    const deletes = fake.calls.filter((c) => c.method === 'DELETE' && c.path.includes('/messages/'));
    const tried = deletes.map((c) => c.path.split('/').at(-1) ?? '');
    expect(tried.length).toBeGreaterThan(3);
    expect(deletes.every((c) => c.path.startsWith(`/channels/${member.dmChannel}/messages/`))).toBe(true);
    const report = fake.messages().at(-1)?.content ?? '';
    expect(report).toContain(`I removed ${tried.length - 1} of my messages from our DM.`);
    expect(report).toContain('1 message could not be removed: Discord refused it.');
    // Left in the DM: the one Discord refused to delete, and the report.
    const left = fake.stored(member.dmChannel);
    expect(left).toHaveLength(2);
    expect(left).toContain(tried[0]);
  });
});
