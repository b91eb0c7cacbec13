import type { Engine } from '../../src/engine/engine.js';
import type { Choice, Clock, Input, Reply } from '../../src/core/types.js';
import type { SessionStore, UserKey } from '../../src/session/store.js';
import type { UserKeyer } from '../../src/session/user-key.js';
import type { BatchStore } from '../../src/session/redis-batch.js';
import { handedOver } from '../../src/schedule/scheduler.js';

// Realistic users driven through the real engine: onboarding, the assessment with varied answers, then
// day after day the scheduler's daily message (runDue) answered with a mood and done / skip / a journal
// entry. The memory section stores what these users leave behind, so every input here is one a real
// Telegram user could send; nothing is written to a state by hand.

/** A clock the simulation moves day by day (test/support/engine.ts `manualClock`). */
export type ManualClock = Clock & { advance(ms: number): void };

/** Options of {@link simulateUsers}. */
export interface SimulateOptions {
  engine: Engine;
  /** The engine's store, read for each user's next planned time (the due index would know it). */
  store: SessionStore;
  clock: ManualClock;
  keyer: UserKeyer;
  users: number;
  days: number;
  /**
   * What the scheduler does once the sender has a due turn's messages (src/schedule/scheduler.ts): drops their
   * replies from the state. Absent, they stay for their day as if never handed over.
   */
  taken?: BatchStore['taken'];
}

/** One simulated user: its key and how many turns it took (its own inputs and the scheduler's looks). */
export interface SimulatedUser {
  key: UserKey;
  turns: number;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const PLATFORM = 'telegram';

const ANSWERS = {
  relationship: ["We're married", 'Long-term partners', 'We were dating'],
  living: ['Still under one roof', 'They moved out', 'I moved out', 'Something else'],
  asked: ['Space or time', 'A separation', 'A divorce', 'Nothing clear', 'They want to work on it'],
  feelings: [
    'They love me but want me to change something',
    "I honestly don't know",
    "They say they're not in love (maybe for a while)",
    'There is someone else',
  ],
  response: [
    'Warmly',
    'Neutral, polite',
    'Short replies',
    'Coldly',
    'With anger or hostility',
    'They blocked me',
    'We have no contact',
  ],
  doing: [
    'Pleading or begging them to stay',
    'Arguing about their decision',
    'Texting or calling a lot',
    'Reminding them of the kids, vows or faith',
    "Showing them how much I've changed",
    'Ignoring them on purpose',
    'Giving them space',
    'Working on myself',
  ],
  children: ['Yes', 'No'],
  time: ['Morning, 7:30', 'Midday, 12:30', 'Evening, 19:00', 'Late, 21:30'],
  zone: ['UK and Ireland', 'Central Europe', 'US Eastern', 'India'],
  mood: ['1 · very low', '2 · low', '3 · so-so', '4 · good', '5 · very good'],
} as const;

const JOURNAL = [
  'Hard morning.',
  "I want them to see I'm fine. Maybe that's for me, not for them.",
  'Did not text today even though I wanted to. Went for a long walk instead and called my sister.',
  'The kids asked again when we will all have dinner together. I said I did not know yet, which is true. It hurt to say it.',
  'Noticed I was rehearsing an argument in my head in the shower. Stopped, wrote it down here instead. It looks smaller on paper.',
  'Slept badly. Work was a distraction, which helped.',
  "They replied to my message about the car in one word. I felt the old panic, then let it pass. Not my job to fix their mood. I made dinner, watched something silly and went to bed early. Tomorrow I'll try the step again.",
] as const;

/**
 * Drives `users` users, one after another, from their first /start through `days` daily messages, each
 * answered a few minutes after the user's own daily time. The clock is moved back to the start for each
 * user: only a user's own timeline must run forward, since nothing here is shared between users.
 */
export async function simulateUsers(options: SimulateOptions): Promise<SimulatedUser[]> {
  const start = options.clock.now();
  const users: SimulatedUser[] = [];
  for (let index = 0; index < options.users; index += 1) {
    options.clock.advance(start + index * 17 * MINUTE_MS - options.clock.now());
    const chat = createChat(options, index);
    await onboardAndAssess(chat);
    for (let day = 0; day < options.days; day += 1) await checkIn(chat);
    users.push({ key: chat.key, turns: chat.turns() });
  }
  return users;
}

// === One user's conversation

interface Chat {
  key: UserKey;
  random: () => number;
  /** Sends an input as a fresh Telegram update, a little later; the replies' newest buttons become what `press` can tap. */
  send(input: Input): Promise<Reply[]>;
  press(label: string): Promise<Reply[]>;
  offers(label: string): boolean;
  /** Moves the clock to the user's next planned time plus `laterMs` (a day on when nothing is planned). */
  waitForDue(laterMs: number): Promise<void>;
  /** The scheduler's turn; what it sent (kept in the outbox) becomes what `press` can tap. */
  due(): Promise<void>;
  turns(): number;
}

let updateId = 100_000;

function createChat({ engine, store, clock, keyer, taken }: SimulateOptions, index: number): Chat {
  // Ten-digit ids like real Telegram chat ids, so the stored reach address has a realistic length.
  const userId = String(7_100_000_000 + index);
  let offered: Choice[] = [];
  let turns = 0;
  const heard = (replies: readonly Reply[]): void => {
    const question = [...replies].reverse().find((reply) => reply.choices);
    if (question?.choices) offered = question.choices;
  };
  const random = seeded(index + 1);
  const send = async (input: Input): Promise<Reply[]> => {
    // A person reads and taps: 10 to 90 s between their inputs.
    clock.advance(Math.floor((10 + random() * 80) * 1000));
    const outcome = await engine.handle({
      ...input,
      id: `tg:${++updateId}`,
      platform: PLATFORM,
      userId,
      address: userId,
      at: clock.now(),
    });
    turns += 1;
    if (outcome.status !== 'ok')
      throw new Error(
        `user ${index}: ${JSON.stringify(input)} ended '${outcome.status}': ${outcome.replies[0]?.text ?? ''}`,
      );
    heard(outcome.replies);
    return outcome.replies;
  };
  const press = (label: string): Promise<Reply[]> => {
    const choice = offered.find((c) => c.label === label);
    if (!choice)
      throw new Error(`user ${index}: no button '${label}' among ${JSON.stringify(offered.map((c) => c.label))}`);
    return send({ kind: 'choice', token: choice.id });
  };
  const key = keyer(PLATFORM, userId);
  const due = async (): Promise<void> => {
    const state = await engine.runDue(key);
    turns += 1;
    // Only what this turn put in the outbox: an older entry's buttons have gone stale.
    const sent = (state.schedule?.outbox ?? []).filter((entry) => entry.at === clock.now());
    for (const entry of sent) heard(entry.replies);
    const handed = handedOver(key, state);
    if (taken !== undefined && handed !== undefined) await taken([handed]);
  };
  const waitForDue = async (laterMs: number): Promise<void> => {
    const planned = (await store.load(key)).state.schedule?.planned;
    const at = typeof planned === 'number' && planned > clock.now() ? planned : clock.now() + DAY_MS;
    clock.advance(at + laterMs - clock.now());
  };
  return {
    key,
    random,
    send,
    press,
    offers: (label) => offered.some((c) => c.label === label),
    waitForDue,
    due,
    turns: () => turns,
  };
}

// mulberry32: a tiny seeded generator, so every run simulates the same users.
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function onboardAndAssess(chat: Chat): Promise<void> {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(chat.random() * list.length)] as T;
  await chat.send({ kind: 'command', command: 'start', args: '' });
  await chat.press("Yes, I'm 18 or older");
  await chat.press('Yes, remember my answers');
  await chat.press("Yes, let's look at my situation");
  for (const question of ['relationship', 'living', 'asked', 'feelings', 'response'] as const)
    await chat.press(pick(ANSWERS[question]));
  // The multi-select: one to three of the behaviours, then Done.
  const doing = new Set(Array.from({ length: 1 + Math.floor(chat.random() * 3) }, () => pick(ANSWERS.doing)));
  for (const label of doing) await chat.press(label);
  await chat.press('Done');
  await chat.press(pick(ANSWERS.children));
  await chat.press('None of these');
  // The plan is read card by card before the daily prompts are offered.
  for (let card = 0; card < 12 && chat.offers('Next'); card += 1) await chat.press('Next');
  await chat.press(pick(ANSWERS.time));
  // Telegram tells bots no time zone, so Steady asks for one.
  await chat.press(pick(ANSWERS.zone));
}

// The scheduler's turn sends the day's message; most days the user answers it, some days not at all.
async function checkIn(chat: Chat): Promise<void> {
  await chat.waitForDue(Math.floor((2 + chat.random() * 40) * MINUTE_MS));
  await chat.due();
  const roll = chat.random();
  if (roll < 0.07) return;
  if (!chat.offers(ANSWERS.mood[0])) await chat.send({ kind: 'command', command: 'today', args: '' });
  if (chat.offers("Today's prompt again")) await chat.press("Today's prompt again");
  if (chat.offers(ANSWERS.mood[0]))
    await chat.press(ANSWERS.mood[Math.floor(chat.random() * ANSWERS.mood.length)] ?? '3 · so-so');
  // A low mood is offered a short exercise first; the simulated user goes on to the prompt.
  if (chat.offers("Straight to today's prompt")) await chat.press("Straight to today's prompt");
  // Several low days in a row are asked about first; the simulated user goes on to the prompt.
  if (chat.offers("Let's just do today's prompt")) await chat.press("Let's just do today's prompt");
  if (roll < 0.22) {
    await chat.press('Skip');
  } else if (roll < 0.5) {
    await chat.press('Write about it');
    await chat.send({ kind: 'text', text: JOURNAL[Math.floor(chat.random() * JOURNAL.length)] ?? 'Hard morning.' });
  } else {
    await chat.press('Done');
  }
}
