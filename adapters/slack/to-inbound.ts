import { z } from 'zod';
import type { InboundEvent, Input } from '../../src/index.js';
import { toAddress } from './address.js';
import { plainFromSlack } from './mrkdwn.js';

// Pure mapping from Slack payloads (already signature-checked by Bolt) to what Steady should do.
// Each payload is validated once here; anything that does not fit is ignored, never guessed at.

/** Prefix of the action ids of answer buttons; the rest is the engine's opaque token. */
export const CHOICE_PREFIX = 's:';
/** Prefix of App Home buttons that start a journey; the rest is the command. */
export const HOME_PREFIX = 'home:';
/** Action id of the button that opens the long-answer form. */
export const FORM_ACTION = 'form';
/** Callback id of the long-answer modal; its input block and element ids. */
export const FORM_CALLBACK = 'steady_form';
export const FORM_BLOCK = 'answer';
export const FORM_ELEMENT = 'text';

/** One turn to run: the input, the delivery id, the user and (when known) the DM channel to answer in. */
export interface SlackTurn {
  input: Input;
  id: string;
  user: string;
  /** The DM channel; absent when the event came from elsewhere (App Home, a channel) and the DM must be opened. */
  channel?: string;
  /** A pressed answer button, so its buttons can be replaced with the chosen answer. */
  pressed?: { channel: string; ts: string; actionId: string; label: string; blocks: unknown[] };
}

/** What a Slack payload asks of Steady. */
export type SlackIntent =
  | { kind: 'turn'; turn: SlackTurn }
  | { kind: 'home'; user: string }
  | { kind: 'form'; user: string; triggerId: string; channel: string; form: { title: string; label: string } }
  | { kind: 'ignore' };

const IGNORE: SlackIntent = { kind: 'ignore' };
const SlackId = z.string().regex(/^[A-Z0-9]{2,40}$/);
const COMMAND = /^\/(\S+)(?:\s+([\s\S]*))?$/;

// === Events API

const MessageEvent = z.object({
  type: z.literal('message'),
  channel_type: z.literal('im'),
  channel: SlackId,
  user: SlackId,
  text: z.string().default(''),
  subtype: z.string().optional(),
  bot_id: z.string().optional(),
  files: z.array(z.unknown()).optional(),
});
// An edit arrives as `message_changed`, with the changed message inside and no user of its own.
const ChangedEvent = z.object({
  type: z.literal('message'),
  subtype: z.literal('message_changed'),
  channel_type: z.literal('im'),
  channel: SlackId,
  message: z.object({ user: SlackId, text: z.string().default(''), bot_id: z.string().optional() }),
  previous_message: z.object({ text: z.string().default('') }).optional(),
});
const HomeOpenedEvent = z.object({
  type: z.literal('app_home_opened'),
  user: SlackId,
  tab: z.string().default('home'),
});
const Envelope = z.object({
  type: z.literal('event_callback'),
  event_id: z.string().min(1),
  event: z.looseObject({ type: z.string() }),
});

/**
 * Maps an Events API envelope (`message.im`, `app_home_opened`); an edit is an `edited` turn (screened, never taken
 * as an answer); bots and other subtypes are ignored.
 */
export function fromEventEnvelope(body: unknown): SlackIntent {
  const parsed = Envelope.safeParse(body);
  if (!parsed.success) return IGNORE;
  const { event, event_id: eventId } = parsed.data;
  const home = HomeOpenedEvent.safeParse(event);
  if (home.success) return home.data.tab === 'home' ? { kind: 'home', user: home.data.user } : IGNORE;
  const changed = ChangedEvent.safeParse(event);
  if (changed.success) return fromChanged(changed.data, eventId);
  const message = MessageEvent.safeParse(event);
  if (!message.success || message.data.bot_id !== undefined) return IGNORE;
  const { subtype, channel, user } = message.data;
  if (subtype !== undefined && subtype !== 'file_share') return IGNORE;
  // A file message's own words are screened for safety before Steady says it cannot read the file.
  const words = message.data.text.trim();
  const input =
    subtype === 'file_share' || message.data.files
      ? words === ''
        ? { kind: 'unsupported' as const }
        : { kind: 'unsupported' as const, text: words }
      : textInput(message.data.text);
  if (input === undefined) return IGNORE;
  return { kind: 'turn', turn: { input, id: `slack:${eventId}`, user, channel } };
}

function fromChanged(event: z.infer<typeof ChangedEvent>, eventId: string): SlackIntent {
  const typed = textInput(event.message.text);
  // A link preview filled in later changes the message but not its words: nothing new to read.
  const unchanged = event.previous_message?.text === event.message.text;
  if (event.message.bot_id !== undefined || typed?.kind !== 'text' || unchanged) return IGNORE;
  const input: Input = { kind: 'edited', text: typed.text };
  return { kind: 'turn', turn: { input, id: `slack:${eventId}`, user: event.message.user, channel: event.channel } };
}

/** Typed text as an input: a leading `/word` is a command, blank text is nothing. */
export function textInput(raw: string): Input | undefined {
  const text = plainFromSlack(raw).trim();
  if (text === '') return undefined;
  const command = COMMAND.exec(text);
  if (command?.[1]) return { kind: 'command', command: command[1].toLowerCase(), args: command[2]?.trim() ?? '' };
  return { kind: 'text', text };
}

// === Slash command

const SlashCommand = z.object({
  command: z.string(),
  text: z.string().default(''),
  user_id: SlackId,
  channel_id: z.string(),
  trigger_id: z.string().min(1),
});

/** Maps `/steady <subcommand> [args]` (an empty one means the menu); the answer goes to the user's DM. */
export function fromSlashCommand(body: unknown): SlackIntent {
  const parsed = SlashCommand.safeParse(body);
  if (!parsed.success) return IGNORE;
  const [word = '', ...rest] = parsed.data.text.trim().split(/\s+/);
  const command = word.replace(/^\//, '').toLowerCase() || 'menu';
  const input: Input = { kind: 'command', command, args: rest.join(' ') };
  return { kind: 'turn', turn: { input, id: `slack:${parsed.data.trigger_id}`, user: parsed.data.user_id } };
}

// === Interactivity

const Action = z.object({
  action_id: z.string(),
  action_ts: z.string().min(1),
  value: z.string().optional(),
  text: z.object({ text: z.string() }).optional(),
});
const BlockActions = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: SlackId }),
  trigger_id: z.string().min(1),
  channel: z.object({ id: SlackId }).optional(),
  message: z.object({ ts: z.string(), blocks: z.array(z.unknown()).default([]) }).optional(),
  actions: z.array(Action).min(1),
});
const FormValue = z.object({ title: z.string().min(1), label: z.string().min(1) });

/** Maps a button press: an answer, an App Home journey, or the form opener. Unknown action ids still reach the engine. */
export function fromBlockActions(body: unknown): SlackIntent {
  const parsed = BlockActions.safeParse(body);
  if (!parsed.success) return IGNORE;
  const { user, channel, message, trigger_id: triggerId } = parsed.data;
  const [action] = parsed.data.actions;
  if (action === undefined) return IGNORE;
  const id = `slack:${action.action_ts}`;
  if (action.action_id.startsWith(HOME_PREFIX)) {
    const command = action.action_id.slice(HOME_PREFIX.length);
    return { kind: 'turn', turn: { input: { kind: 'command', command, args: '' }, id, user: user.id } };
  }
  if (action.action_id === FORM_ACTION) {
    const form = FormValue.safeParse(safeJson(action.value));
    if (!form.success || channel === undefined) return IGNORE;
    return { kind: 'form', user: user.id, triggerId, channel: channel.id, form: form.data };
  }
  const token = action.action_id.startsWith(CHOICE_PREFIX)
    ? action.action_id.slice(CHOICE_PREFIX.length)
    : action.action_id;
  const pressed =
    channel && message
      ? {
          channel: channel.id,
          ts: message.ts,
          actionId: action.action_id,
          label: action.text?.text ?? '',
          blocks: message.blocks,
        }
      : undefined;
  const turn: SlackTurn = {
    input: { kind: 'choice', token },
    id,
    user: user.id,
    ...(channel ? { channel: channel.id } : {}),
  };
  return { kind: 'turn', turn: pressed ? { ...turn, pressed } : turn };
}

const ViewSubmission = z.object({
  type: z.literal('view_submission'),
  user: z.object({ id: SlackId }),
  view: z.object({
    id: z.string().min(1),
    callback_id: z.literal(FORM_CALLBACK),
    private_metadata: SlackId,
    state: z.object({
      values: z.record(z.string(), z.record(z.string(), z.object({ value: z.string().nullish() }))),
    }),
  }),
});

/** Maps a submitted long-answer form to typed text in the DM the form was opened from. */
export function fromViewSubmission(body: unknown): SlackIntent {
  const parsed = ViewSubmission.safeParse(body);
  if (!parsed.success) return IGNORE;
  const { view, user } = parsed.data;
  const value = view.state.values[FORM_BLOCK]?.[FORM_ELEMENT]?.value?.trim();
  if (!value) return IGNORE;
  // Form text is typed as-is, never read as a command or as Slack markup.
  const turn: SlackTurn = {
    input: { kind: 'text', text: value },
    id: `slack:${view.id}`,
    user: user.id,
    channel: view.private_metadata,
  };
  return { kind: 'turn', turn };
}

// === InboundEvent

/** Builds the engine's event for a turn once its DM channel is known. */
export function toInboundEvent(
  turn: SlackTurn,
  channel: string,
  at: number,
  profile: { timezone?: string | undefined; locale?: string | undefined } = {},
  team?: string,
): InboundEvent {
  const base = { id: turn.id, platform: 'slack', userId: turn.user, address: toAddress(channel, turn.user, team), at };
  const { timezone, locale } = profile;
  return { ...turn.input, ...base, ...(timezone ? { timezone } : {}), ...(locale ? { locale } : {}) };
}

function safeJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
