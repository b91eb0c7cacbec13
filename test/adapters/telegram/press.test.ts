import { describe, expect, it } from 'vitest';
import { followUpPress } from '../../../adapters/telegram/press.js';
import { toInbound, type Press } from '../../../adapters/telegram/to-inbound.js';
import type { Reply } from '../../../src/core/types.js';
import { parseTelegramHtml } from '../../fakes/telegram-html.js';
import { fixture } from './fixtures.js';

function pressFrom(name: string): Press {
  const result = toInbound(fixture(name), { botUsername: 'SteadyBot', now: 0 });
  if (result.type !== 'turn' || !result.press) throw new Error(`${name} is not a press`);
  return result.press;
}

const multi = (text: string, seq: string): Reply => ({
  kind: 'question',
  text,
  multi: true,
  choices: [
    { id: `${seq}.0`, label: 'I slept badly' },
    { id: `${seq}.1`, label: 'I kept checking my phone' },
    { id: `${seq}.d`, label: 'Done' },
  ],
});

describe('followUpPress', () => {
  it('should edit a multi-select question in place, replacing the earlier selection line under the question', () => {
    const status = 'Selected so far: I slept badly, I kept checking my phone. Pick more, or choose Done.';
    const follow = followUpPress(pressFrom('callback-query'), [multi(status, '3')]);
    expect(follow.replies).toEqual([]);
    expect(follow.action.type).toBe('edit');
    if (follow.action.type !== 'edit') return;
    const shown = parseTelegramHtml(follow.action.html);
    expect(shown).toMatchObject({
      ok: true,
      text: `What has today held so far? Pick every one that fits, then choose Done.\n\n${status}`,
    });
    expect(follow.action.keyboard.inline_keyboard).toHaveLength(3);
  });

  it('should take the keyboard off when the answer moved on, and send the replies as new messages', () => {
    const next: Reply = { kind: 'question', text: 'Write one sentence.' };
    expect(followUpPress(pressFrom('callback-query'), [next])).toEqual({
      action: { type: 'clear', chatId: 5550001, messageId: 1024 },
      replies: [next],
    });
  });

  it('should not edit in place when the multi-select question shown is a different one (a stale press)', () => {
    const follow = followUpPress(pressFrom('callback-query'), [multi('Pick again', '4')]);
    expect(follow.action.type).toBe('clear');
    expect(follow.replies).toHaveLength(1);
  });

  it('should leave a message Telegram no longer shows alone', () => {
    const reply: Reply = { kind: 'info', text: 'That button has expired.' };
    expect(followUpPress(pressFrom('callback-inaccessible'), [reply])).toEqual({
      action: { type: 'none' },
      replies: [reply],
    });
  });
});
