import type { FakeSlackApi, SlackCall } from './slack-api.js';
import { poll } from './slack-api.js';
import {
  buttonPress,
  interactionForm,
  messageEvent,
  postToApp,
  slashCommandForm,
  type AppAnswer,
  type PostOptions,
  type PressedButton,
} from './slack-requests.js';

// Plays a Slack user against an app: sends signed requests to its Request URL and reads what the app
// posted to the fake Web API. Each action marks where its answers start, so checks only see new ones.

/** A user's conversation with the app, driven from a test. */
export interface SlackDriver {
  /** POSTs a signed Events API envelope. */
  event(envelope: object, options?: Partial<PostOptions>): Promise<AppAnswer>;
  /** POSTs a signed interaction payload. */
  interaction(payload: object): Promise<AppAnswer>;
  /** The user types `text` in their DM with the app. */
  say(user: string, text: string): Promise<AppAnswer>;
  /** The user runs `/steady <text>` in `channel` (their DM unless given). */
  command(user: string, text: string, channel?: string): Promise<AppAnswer>;
  /** Presses the newest button whose label matches, among the answers to the user's last action. */
  press(user: string, label: RegExp): Promise<AppAnswer>;
  /** Waits for an answer to the user's last action whose text matches. */
  expect(user: string, pattern: RegExp): Promise<SlackCall>;
  /** Every message Slack accepted for the user's DM (refused and rate-limited attempts left out). */
  posted(user: string): SlackCall[];
}

/** The DM channel the fake Web API opens for a user. */
export function dmOf(user: string): string {
  return `D${user.replace(/^U/, '')}`;
}

type TextBlock = { text?: { text?: string }; elements?: { text?: string | { text?: string } }[] };

/** The readable text of a posted message: its fallback, every section and every context line. */
export function textOf(call: SlackCall): string {
  const blocks = Array.isArray(call.body.blocks) ? (call.body.blocks as TextBlock[]) : [];
  const lines = blocks.flatMap((b) => [
    b.text?.text ?? '',
    ...(b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : '')),
  ]);
  return [String(call.body.text ?? ''), ...lines].join('\n');
}

/** The buttons of a posted message. */
export function buttonsOf(call: SlackCall): PressedButton[] {
  const blocks = Array.isArray(call.body.blocks)
    ? (call.body.blocks as { type: string; elements?: PressedButton[] }[])
    : [];
  return blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
}

/** Creates a driver for the app listening at `url` (its `/slack/events`). */
export function createSlackDriver(url: string, secret: string, api: FakeSlackApi): SlackDriver {
  const marks = new Map<string, number>();
  let seq = 0;
  const posted = (user: string): SlackCall[] =>
    api.calls('chat.postMessage').filter((c) => c.body.channel === dmOf(user) && c.answer === 'ok');
  const mark = (user: string): void => void marks.set(user, posted(user).length);
  const fresh = (user: string): SlackCall[] => posted(user).slice(marks.get(user) ?? 0);
  const send = (body: string, type: 'json' | 'form', options: Partial<PostOptions> = {}): Promise<AppAnswer> =>
    postToApp(url, body, type, { secret, ...options });

  const driver: SlackDriver = {
    event: (envelope, options) => send(JSON.stringify(envelope), 'json', options),
    interaction: (payload) => send(interactionForm(payload), 'form'),
    say(user, text) {
      mark(user);
      return driver.event(messageEvent(user, dmOf(user), text, `Ev${Date.now()}${(seq += 1)}`));
    },
    command(user, text, channel = dmOf(user)) {
      mark(user);
      return send(slashCommandForm(user, channel, text, `trig-${Date.now()}-${(seq += 1)}`), 'form');
    },
    async press(user, label) {
      const [call, button] = await poll(
        () => findButton(fresh(user), label),
        10_000,
        () => `a button ${String(label)} for ${user}`,
      );
      mark(user);
      const where = { channel: dmOf(user), ts: call.ts ?? '', blocks: call.body.blocks as unknown[] };
      return driver.interaction(buttonPress(user, button, `${Math.floor(Date.now() / 1000)}.${(seq += 1)}`, where));
    },
    expect: (user, pattern) =>
      poll(
        () => fresh(user).find((c) => pattern.test(textOf(c))),
        10_000,
        () => `${String(pattern)} for ${user}; got:\n${fresh(user).map(textOf).join('\n---\n')}`,
      ),
    posted,
  };
  return driver;
}

function findButton(calls: SlackCall[], label: RegExp): [SlackCall, PressedButton] | undefined {
  for (const call of [...calls].reverse()) {
    const button = buttonsOf(call).find((b) => label.test(b.text.text));
    if (button) return [call, button];
  }
  return undefined;
}
