import { z } from 'zod';
import type { InboundEvent, Input } from '../../src/index.js';
import { MODAL_INPUT_ID, parseComponent } from './custom-id.js';

// Gateway payloads are validated here, once; only the fields Steady uses are read.

const User = z.object({ id: z.string().regex(/^\d+$/), bot: z.boolean().optional(), system: z.boolean().optional() });

const Interaction = z.object({
  id: z.string(),
  application_id: z.string(),
  type: z.number(),
  token: z.string(),
  guild_id: z.string().optional(),
  channel_id: z.string().optional(),
  channel: z.object({ id: z.string(), type: z.number() }).optional(),
  member: z.object({ user: User }).optional(),
  user: User.optional(),
  locale: z.string().optional(),
  context: z.number().optional(),
  data: z.unknown(),
});

const CommandOption = z.object({ name: z.string(), type: z.number(), value: z.unknown().optional() });
const SubcommandOption = CommandOption.extend({ options: z.array(CommandOption).optional() });
const CommandData = z.object({
  name: z.string(),
  // A subcommand, or a group (`/steady settings discreet`) holding one.
  options: z.array(SubcommandOption.extend({ options: z.array(SubcommandOption).optional() })).optional(),
});
const ComponentData = z.object({
  custom_id: z.string(),
  component_type: z.number(),
  values: z.array(z.string()).optional(),
});
const TextInput = z.object({ type: z.number(), custom_id: z.string().optional(), value: z.string().optional() });
// Modals arrive as action rows of inputs, or as Label components wrapping one input each.
const ModalData = z.object({
  custom_id: z.string(),
  components: z.array(z.object({ components: z.array(TextInput).optional(), component: TextInput.optional() })),
});

const Message = z.object({
  id: z.string(),
  channel_id: z.string(),
  guild_id: z.string().optional(),
  webhook_id: z.string().optional(),
  type: z.number(),
  author: User,
  content: z.string(),
  attachments: z.array(z.unknown()).optional(),
  sticker_items: z.array(z.unknown()).optional(),
  /** Set on a message the user changed (MESSAGE_UPDATE). */
  edited_timestamp: z.string().nullish(),
});

const InteractionType = { Command: 2, Component: 3, ModalSubmit: 5 } as const;
const SUBCOMMAND = 1;
const SUBCOMMAND_GROUP = 2;
const SELECT_TYPES = new Set([3, 5, 6, 7, 8]);
const USER_MESSAGE_TYPES = new Set([0, 19]);
const COMMAND = /^\/(\S+)(?:\s+([\s\S]*))?$/;
/** The one slash command Steady registers; its subcommands are the user commands. */
export const ROOT_COMMAND = 'steady';

/** Where and how an interaction is answered. */
export interface InteractionReply {
  id: string;
  token: string;
  applicationId: string;
  /** From a server channel: every answer is ephemeral and nothing is posted in the channel. */
  inServer: boolean;
}

/** An interaction as the adapter acts on it. */
export type DiscordInteraction =
  /** A turn for the engine; `update` for a pressed component (its message loses its buttons), `reply` otherwise. */
  | { kind: 'turn'; event: InboundEvent; reply: InteractionReply; ack: 'reply' | 'update' }
  /** Open the modal for a long answer; no turn until it is submitted. */
  | { kind: 'form'; reply: InteractionReply; form: { title: string; label: string } }
  /** Open a direct message with the user. */
  | { kind: 'dmOffer'; reply: InteractionReply; userId: string };

/** Maps an INTERACTION_CREATE payload, or `undefined` for pings, autocomplete and malformed payloads. */
export function toInteraction(payload: unknown, now: number): DiscordInteraction | undefined {
  const parsed = Interaction.safeParse(payload);
  if (!parsed.success) return undefined;
  const it = parsed.data;
  const userId = (it.member?.user ?? it.user)?.id;
  const channelId = it.channel_id ?? it.channel?.id;
  if (userId === undefined || channelId === undefined) return undefined;
  // Context 2 is a group DM: other people can see it, so it is treated like a server channel.
  const inServer = it.guild_id !== undefined || it.context === 2;
  const reply: InteractionReply = { id: it.id, token: it.token, applicationId: it.application_id, inServer };
  const base = {
    id: `discord:${it.id}`,
    platform: 'discord',
    userId,
    address: inServer ? `user:${userId}` : channelId,
    at: snowflakeTime(it.id) ?? now,
    ...(it.locale === undefined ? {} : { locale: it.locale }),
  };
  const turn = (input: Input, ack: 'reply' | 'update'): DiscordInteraction => ({
    kind: 'turn',
    event: { ...base, ...input },
    reply,
    ack,
  });
  switch (it.type) {
    case InteractionType.Command: {
      const input = commandInput(it.data);
      return input && turn(input, 'reply');
    }
    case InteractionType.Component:
      return componentInteraction(it.data, reply, userId, (input) => turn(input, 'update'));
    case InteractionType.ModalSubmit: {
      const text = modalText(it.data);
      return text === undefined ? undefined : turn({ kind: 'text', text }, 'reply');
    }
    default:
      return undefined;
  }
}

function commandInput(data: unknown): Input | undefined {
  const parsed = CommandData.safeParse(data);
  if (!parsed.success) return undefined;
  const { name, options = [] } = parsed.data;
  const group = options.find((option) => option.type === SUBCOMMAND_GROUP);
  const sub =
    options.find((option) => option.type === SUBCOMMAND) ?? group?.options?.find((o) => o.type === SUBCOMMAND);
  if (name !== ROOT_COMMAND || sub === undefined)
    return { kind: 'command', command: name.toLowerCase(), args: argsOf(options) };
  return { kind: 'command', command: sub.name.toLowerCase(), args: argsOf(sub.options ?? []) };
}

function argsOf(options: readonly { value?: unknown }[]): string {
  return options
    .map((option) => option.value)
    .filter((value) => typeof value === 'string' || typeof value === 'number')
    .join(' ');
}

function componentInteraction(
  data: unknown,
  reply: InteractionReply,
  userId: string,
  turn: (input: Input) => DiscordInteraction,
): DiscordInteraction | undefined {
  const parsed = ComponentData.safeParse(data);
  if (!parsed.success) return undefined;
  const { custom_id, component_type, values } = parsed.data;
  const press = parseComponent(custom_id, SELECT_TYPES.has(component_type) ? (values ?? []) : undefined);
  switch (press.kind) {
    case 'choice':
      return turn({ kind: 'choice', token: press.token });
    case 'form':
      return { kind: 'form', reply, form: press.form };
    case 'dmOffer':
      return { kind: 'dmOffer', reply, userId };
  }
}

function modalText(data: unknown): string | undefined {
  const parsed = ModalData.safeParse(data);
  if (!parsed.success) return undefined;
  const inputs = parsed.data.components.flatMap((row) => [
    ...(row.components ?? []),
    ...(row.component ? [row.component] : []),
  ]);
  const ours = inputs.find((input) => input.custom_id === MODAL_INPUT_ID && input.value !== undefined);
  return (ours ?? inputs.find((input) => input.value !== undefined))?.value;
}

/** Maps a MESSAGE_CREATE payload from a DM, or `undefined` for server messages, bots and system messages. */
export function toMessageEvent(payload: unknown, now: number): InboundEvent | undefined {
  const parsed = Message.safeParse(payload);
  if (!parsed.success) return undefined;
  const m = parsed.data;
  // Server channels are public: Steady only ever reads direct messages.
  if (m.guild_id !== undefined || m.webhook_id !== undefined || m.author.bot || m.author.system) return undefined;
  if (!USER_MESSAGE_TYPES.has(m.type)) return undefined;
  const base = {
    id: `discord:${m.id}`,
    platform: 'discord',
    userId: m.author.id,
    address: m.channel_id,
    at: snowflakeTime(m.id) ?? now,
  };
  const text = m.content.trim();
  if (text === '') return { ...base, kind: 'unsupported' };
  return { ...base, ...textInput(text) };
}

/**
 * Maps a MESSAGE_UPDATE payload from a DM to an `edited` turn with the new words (screened, never taken as an
 * answer), or `undefined` for server messages, bots, embeds filled in later, edits without words and commands.
 */
export function toEditEvent(payload: unknown, now: number): InboundEvent | undefined {
  const parsed = Message.safeParse(payload);
  if (!parsed.success) return undefined;
  const m = parsed.data;
  if (m.guild_id !== undefined || m.webhook_id !== undefined || m.author.bot || m.author.system) return undefined;
  const text = m.content.trim();
  if (!m.edited_timestamp || !USER_MESSAGE_TYPES.has(m.type) || text === '' || COMMAND.test(text)) return undefined;
  const at = Date.parse(m.edited_timestamp);
  return {
    kind: 'edited',
    text,
    // Each edit is its own delivery; a redelivered one carries the same time and is recognised.
    id: `discord:${m.id}:${m.edited_timestamp}`,
    platform: 'discord',
    userId: m.author.id,
    address: m.channel_id,
    at: Number.isFinite(at) ? at : now,
  };
}

// `/steady today` typed out means the same as the slash command; any other `/word` is a command.
function textInput(text: string): Input {
  const match = COMMAND.exec(text);
  if (!match?.[1]) return { kind: 'text', text };
  const command = match[1].toLowerCase();
  const args = match[2]?.trim() ?? '';
  if (command !== ROOT_COMMAND) return { kind: 'command', command, args };
  if (args === '') return { kind: 'command', command: 'menu', args: '' };
  const [sub = '', ...rest] = args.split(/\s+/);
  return { kind: 'command', command: sub.toLowerCase(), args: rest.join(' ') };
}

const DISCORD_EPOCH = 1_420_070_400_000n;

/** When Discord created the object with this snowflake id (epoch ms), or `undefined` for a malformed id. */
export function snowflakeTime(id: string): number | undefined {
  if (!/^\d{1,20}$/.test(id)) return undefined;
  const ms = (BigInt(id) >> 22n) + DISCORD_EPOCH;
  return ms > DISCORD_EPOCH ? Number(ms) : undefined;
}
