import {
  ButtonStyle,
  ComponentType,
  DiscordAPIError,
  InteractionResponseType,
  RateLimitError,
  Routes,
} from 'discord.js';
import type { REST } from 'discord.js';
import { z } from 'zod';
import type { SendResult } from '../../src/index.js';
import { renderModal, withoutComponents } from './render.js';
import type { DiscordMessage, MessageBody, Row } from './render.js';
import type { InteractionReply } from './to-inbound.js';

// Every REST call the adapter makes, in one place. Nothing here retries a 4xx: discord.js REST already
// waits out 429s and retries 5xx, and a 401/403 would only fail again (and count against the bot).

/** Discord's JSON error codes the adapter acts on. */
export const DiscordCode = {
  /** The user doesn't accept DMs from the bot (blocked it, or closed DMs from server members). */
  CannotMessageUser: 50007,
  /** The interaction was acknowledged already (a redelivery this or another process answered). */
  AlreadyAcknowledged: 40060,
  /** The interaction token is gone (acknowledged too late). */
  UnknownInteraction: 10062,
} as const;

/** The Discord error code of a failed request, or `undefined` for anything else (network, 5xx). */
export function discordCode(error: unknown): number | undefined {
  return error instanceof DiscordAPIError && typeof error.code === 'number' ? error.code : undefined;
}

/** The HTTP status of a failed request, when there was one. */
export function httpStatus(error: unknown): number | undefined {
  return error instanceof DiscordAPIError ? error.status : undefined;
}

/**
 * A scheduled send's refusal as the send queue's result: a closed DM (50007) or a rate limit (a
 * `RateLimitError`, thrown only by a REST client built with `rejectOnRateLimit`); `undefined` otherwise.
 */
export function scheduledRefusal(error: unknown): SendResult | undefined {
  if (discordCode(error) === DiscordCode.CannotMessageUser)
    return { status: 'unreachable', reason: `discord:${DiscordCode.CannotMessageUser}` };
  if (!(error instanceof RateLimitError)) return undefined;
  // After a 429 `retryAfter` is Discord's Retry-After; when REST saw the bucket empty beforehand, the reset time is.
  return { status: 'rateLimited', retryAfterMs: Math.ceil(Math.max(error.retryAfter, error.timeToReset, 0)) };
}

const Posted = z.object({ id: z.string(), channel_id: z.string() });
const Channel = z.object({ id: z.string(), recipients: z.array(z.object({ id: z.string() })).optional() });

/** How an acknowledgement went: `ok`, `already` (answered before: a redelivery) or `expired` (too late). */
export type AckResult = 'ok' | 'already' | 'expired';

/** The REST calls of the adapter, bound to one REST client. */
export interface Delivery {
  /** Acknowledges within Discord's 3 s: a deferred reply (ephemeral in a server) or a deferred update. */
  ack(reply: InteractionReply, mode: 'reply' | 'update'): Promise<AckResult>;
  /** Answers an acknowledged interaction: edits the original, then follows up with the rest. */
  answer(reply: InteractionReply, mode: 'reply' | 'update', messages: readonly DiscordMessage[]): Promise<void>;
  /** Removes a deferred reply's "thinking…" placeholder when there is nothing to say. */
  dropPlaceholder(reply: InteractionReply): Promise<void>;
  /** Answers an interaction with a modal (it cannot be deferred). */
  openModal(reply: InteractionReply, form: { title: string; label: string }): Promise<void>;
  /** Posts messages in a channel (a DM), in order. */
  post(channelId: string, messages: readonly DiscordMessage[]): Promise<void>;
  /** The DM channel with a user (Discord returns the existing one if there is one). */
  openDm(userId: string): Promise<string>;
  /** The user on the other side of a DM channel. */
  recipientOf(channelId: string): Promise<string | undefined>;
  /** Deletes one of the bot's messages (DELETE /channels/{channel}/messages/{message}). */
  remove(channelId: string, messageId: string): Promise<void>;
}

/** A link button that opens a DM channel. */
export function dmLink(channelId: string, label: string): Row[] {
  const link = {
    type: ComponentType.Button as const,
    style: ButtonStyle.Link as const,
    label,
    url: `https://discord.com/channels/@me/${channelId}`,
  };
  return [{ type: ComponentType.ActionRow, components: [link] }];
}

/**
 * Binds the adapter's REST calls to `api` (the discord.js client's REST). `onSent` hears of every message the
 * bot posted or answered with (its channel and id, never its content), so /erase can delete it later.
 */
export function createDelivery(api: REST, onSent: (channelId: string, messageId: string) => void = () => {}): Delivery {
  const noted = (result: unknown): void => {
    const parsed = Posted.safeParse(result);
    if (parsed.success) onSent(parsed.data.channel_id, parsed.data.id);
  };
  const callback = (reply: InteractionReply) => Routes.interactionCallback(reply.id, reply.token);
  const original = (reply: InteractionReply) => Routes.webhookMessage(reply.applicationId, reply.token, '@original');
  const webhook = (reply: InteractionReply) => Routes.webhook(reply.applicationId, reply.token);
  const withFiles = (message: DiscordMessage, body: MessageBody = message.body) =>
    message.files ? { body, files: message.files } : { body };

  return {
    async ack(reply, mode) {
      const body =
        mode === 'update'
          ? { type: InteractionResponseType.DeferredMessageUpdate }
          : {
              type: InteractionResponseType.DeferredChannelMessageWithSource,
              ...(reply.inServer ? { data: { flags: 64 } } : {}),
            };
      try {
        await api.post(callback(reply), { body, auth: false });
        return 'ok';
      } catch (error) {
        if (discordCode(error) === DiscordCode.AlreadyAcknowledged) return 'already';
        if (discordCode(error) === DiscordCode.UnknownInteraction) return 'expired';
        throw error;
      }
    },
    async answer(reply, mode, messages) {
      let followUps = messages;
      if (mode === 'update') {
        await api.patch(original(reply), { body: withoutComponents(), auth: false });
      } else {
        const [first, ...others] = messages;
        if (first === undefined) return void (await api.delete(original(reply), { auth: false }));
        // Flags are fixed when the reply is deferred; an edit may not carry them.
        const { flags: _fixed, ...body } = first.body;
        noted(await api.patch(original(reply), { ...withFiles(first, body), auth: false }));
        followUps = others;
      }
      for (const message of followUps) noted(await api.post(webhook(reply), { ...withFiles(message), auth: false }));
    },
    async dropPlaceholder(reply) {
      await api.delete(original(reply), { auth: false });
    },
    async openModal(reply, form) {
      await api.post(callback(reply), {
        body: { type: InteractionResponseType.Modal, data: renderModal(form) },
        auth: false,
      });
    },
    async post(channelId, messages) {
      for (const message of messages) noted(await api.post(Routes.channelMessages(channelId), withFiles(message)));
    },
    async openDm(userId) {
      return Channel.parse(await api.post(Routes.userChannels(), { body: { recipient_id: userId } })).id;
    },
    async recipientOf(channelId) {
      return Channel.parse(await api.get(Routes.channel(channelId))).recipients?.[0]?.id;
    },
    async remove(channelId, messageId) {
      await api.delete(Routes.channelMessage(channelId, messageId));
    },
  };
}
