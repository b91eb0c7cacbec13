import type { FakeTelegram } from '../../test/fakes/telegram-server.js';
import type { FakeUser } from '../../test/fakes/telegram-updates.js';

// Users chatting with the real app through the fake Bot API, each in a closed loop: an input, then wait
// for the bot's answer before the next, as a person would (minus the reading time). Every user is
// onboarded with /start, then does daily check-ins (/today, a mood or "today's prompt again", Done)
// until the time is up.

/** What {@link driveTelegramUsers} did. */
export interface LoadResult {
  users: number;
  /** Inputs sent (messages and button presses) that the bot answered. */
  actions: number;
  /** Completed check-ins (/today ... "Well done"). */
  checkIns: number;
  durationMs: number;
}

/** Options of {@link driveTelegramUsers}. */
export interface LoadOptions {
  users: number;
  durationMs: number;
  /** First Telegram user id; users get consecutive ids from here. */
  firstId?: number;
  /** How long one answer may take before the run fails. */
  answerWithinMs?: number;
}

/** A bot message as the user saw it: its id, text and button labels. */
interface Seen {
  id: number;
  text: string;
  labels: string[];
}

const POLL_MS = 10;
const MOOD = /^3 · so-so$/;
const AGAIN = /^Today's prompt again$/;
const DONE = /^Done$/;
const PRAISED = /step is taken|check-in days in your streak/;

/** Runs `users` users against the app behind `fake` for about `durationMs`; each finishes its check-in. */
export async function driveTelegramUsers(fake: FakeTelegram, options: LoadOptions): Promise<LoadResult> {
  const inbox = createInbox(fake);
  const until = performance.now() + options.durationMs;
  const started = performance.now();
  const firstId = options.firstId ?? 6_100_000_000;
  const runs = Array.from({ length: options.users }, (_, i) =>
    runUser(
      fake,
      inbox,
      { id: firstId + i, first_name: `Load ${i}`, language_code: 'en' },
      until,
      options.answerWithinMs ?? 15_000,
    ),
  );
  const done = await Promise.all(runs);
  return {
    users: options.users,
    actions: done.reduce((sum, user) => sum + user.actions, 0),
    checkIns: done.reduce((sum, user) => sum + user.checkIns, 0),
    durationMs: performance.now() - started,
  };
}

async function runUser(
  fake: FakeTelegram,
  inbox: Inbox,
  user: FakeUser,
  until: number,
  withinMs: number,
): Promise<{ actions: number; checkIns: number }> {
  let actions = 0;
  let checkIns = 0;
  // Sends, then waits for a bot message newer than the input that passes `answered`.
  const act = async (send: () => void, answered: (m: Seen) => boolean): Promise<Seen> => {
    const mark = inbox.newest(user.id);
    send();
    const answer = await inbox.waitFor(user.id, mark, answered, withinMs);
    actions += 1;
    return answer;
  };
  const say = (text: string, answered: (m: Seen) => boolean): Promise<Seen> =>
    act(() => fake.say(text, { user }), answered);
  const press = (label: RegExp, answered: (m: Seen) => boolean): Promise<Seen> =>
    act(() => fake.press(label, { user }), answered);
  const offers =
    (label: RegExp) =>
    (m: Seen): boolean =>
      m.labels.some((l) => label.test(l));

  await say('/start', offers(/^Yes, I'm 18 or older$/));
  await press(/^Yes, I'm 18 or older$/, offers(/^Yes, remember my answers$/));
  await press(/^Yes, remember my answers$/, offers(/^Yes, let's look at my situation$/));
  while (performance.now() < until) {
    // The first /today of the day asks the mood; later ones offer today's prompt again.
    const asked = await say('/today', (m) => offers(MOOD)(m) || offers(AGAIN)(m));
    await press(offers(MOOD)(asked) ? MOOD : AGAIN, offers(DONE));
    await press(DONE, (m) => PRAISED.test(m.text));
    checkIns += 1;
  }
  return { actions, checkIns };
}

// === What the bot sent, per chat, read incrementally from the fake's call log

interface Inbox {
  /** The id of the newest bot message in the chat so far (0 if none). */
  newest(chatId: number): number;
  waitFor(chatId: number, after: number, match: (m: Seen) => boolean, withinMs: number): Promise<Seen>;
}

// Scanning only calls not read yet keeps the driver cheap; it shares the machine with the app it measures.
function createInbox(fake: FakeTelegram): Inbox {
  const chats = new Map<number, Seen[]>();
  let cursor = 0;
  const sync = (): void => {
    for (; cursor < fake.calls.length; cursor += 1) {
      const call = fake.calls[cursor];
      if (call?.method !== 'sendMessage' || !call.response.ok) continue;
      const message = call.response.result as {
        message_id: number;
        chat: { id: number };
        text?: string;
        reply_markup?: { inline_keyboard: { text: string }[][] };
      };
      const labels = message.reply_markup?.inline_keyboard.flat().map((b) => b.text) ?? [];
      const list = chats.get(message.chat.id) ?? [];
      list.push({ id: message.message_id, text: message.text ?? '', labels });
      chats.set(message.chat.id, list);
    }
  };
  return {
    newest(chatId) {
      sync();
      return chats.get(chatId)?.at(-1)?.id ?? 0;
    },
    async waitFor(chatId, after, match, withinMs) {
      const deadline = performance.now() + withinMs;
      for (;;) {
        sync();
        const found = chats.get(chatId)?.find((m) => m.id > after && match(m));
        if (found) return found;
        if (performance.now() > deadline)
          throw new Error(`chat ${chatId}: no answer within ${withinMs} ms after message ${after}`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    },
  };
}
