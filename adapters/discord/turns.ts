import { randomUUID } from 'node:crypto';
import type { Clock, InboundEvent, Logger, Reply, SendResult, TurnHandler, TurnOutcome } from '../../src/index.js';
import { discordCode, DiscordCode, dmLink, httpStatus, scheduledRefusal } from './delivery.js';
import type { Delivery } from './delivery.js';
import { note, renderReplies } from './render.js';
import type { DiscordMessage } from './render.js';
import type { DiscordTexts } from './texts.js';
import type { DiscordInteraction } from './to-inbound.js';
import { eraseRemembered, erasedReply, type SentLog } from '../shared/sent-log.js';

// What each kind of delivery does: an interaction, a DM message, a message outside any turn.

/** What the turn handlers work with; made when the adapter starts, with the engine's handler. */
export interface TurnDeps {
  delivery: Delivery;
  logger: Logger;
  clock: Clock;
  handle: TurnHandler;
  texts: DiscordTexts;
  /** The ids of the bot's messages per DM channel, for /erase. */
  sent: SentLog;
}

type Turn = Extract<DiscordInteraction, { kind: 'turn' }>;
type DmOffer = Extract<DiscordInteraction, { kind: 'dmOffer' }>;

/** Acts on one mapped interaction: a turn, a modal to open, or a DM to open. */
export async function onInteraction(deps: TurnDeps, it: DiscordInteraction | undefined): Promise<void> {
  if (it === undefined) return;
  switch (it.kind) {
    case 'turn':
      return interactionTurn(deps, it);
    case 'form':
      return deps.delivery.openModal(it.reply, it.form);
    case 'dmOffer':
      return openDm(deps, it);
  }
}

/** Runs the turn of a DM message and posts its replies in that DM. */
export async function onMessage(deps: TurnDeps, event: InboundEvent | undefined): Promise<void> {
  if (event === undefined) return;
  const outcome = await deps.handle(event);
  await postReplies(deps, event, outcome);
  if (outcome.status === 'ok' && outcome.erase === true) await eraseDm(deps, event);
}

async function postReplies(deps: TurnDeps, event: InboundEvent, outcome: TurnOutcome): Promise<void> {
  if (outcome.replies.length === 0) return;
  const receipt = outcome.status === 'ok' ? outcome.receipt : undefined;
  let finished = false;
  try {
    // One reply at a time, each confirmed as it lands, so a redelivery sends only the ones that never did.
    for (const [index, reply] of outcome.replies.entries()) {
      const messages = renderReplies([reply], { inServer: false, texts: deps.texts });
      if (!(await postToDm(deps, event.userId, event.address, messages))) return;
      await receipt?.sent(index + 1);
    }
    finished = true;
  } catch (error) {
    // A post that failed on the network may have reached Discord; one Discord refused did not.
    await receipt?.unsent(httpStatus(error) === undefined);
    finished = true;
    throw error;
  } finally {
    if (!finished) await receipt?.unsent(false);
  }
}

/**
 * Sends replies outside a turn; the address is a DM channel id, or `user:<id>` for someone met only in a
 * server. A closed DM or a rate limit is returned for the send queue (no signal turn runs here); a 429
 * part-way through several messages stops there, so a retried send repeats the ones already posted.
 */
export async function sendOutside(
  delivery: Delivery,
  address: string,
  replies: Reply[],
  texts: DiscordTexts,
): Promise<SendResult> {
  if (replies.length === 0) return { status: 'sent' };
  const userId = address.startsWith('user:') ? address.slice('user:'.length) : undefined;
  try {
    const channelId = userId === undefined ? address : await delivery.openDm(userId);
    await delivery.post(channelId, renderReplies(replies, { inServer: false, texts }));
    return { status: 'sent' };
  } catch (error) {
    const refused = scheduledRefusal(error);
    if (refused === undefined) throw error;
    return refused;
  }
}

// Acknowledge first (Discord allows 3 s, a turn may wait on Redis), then answer through the interaction webhook.
async function interactionTurn(deps: TurnDeps, it: Turn): Promise<void> {
  const acked = await deps.delivery.ack(it.reply, it.ack);
  if (acked === 'expired')
    return deps.logger.warn({ platform: 'discord' }, 'interaction acknowledged too late; dropped');
  const outcome = await deps.handle(it.event);
  // A redelivery, or a message the rate limit dropped: nothing to say.
  if (outcome.status === 'duplicate' || outcome.replies.length === 0) {
    // Our own fresh placeholder would otherwise spin forever; a redelivery we could not ack has none.
    if (acked === 'ok' && it.ack === 'reply') await deps.delivery.dropPlaceholder(it.reply);
  } else await answerInteraction(deps, it, outcome);
  if (outcome.status === 'ok' && outcome.erase === true) await eraseDm(deps, it.event);
}

async function answerInteraction(deps: TurnDeps, it: Turn, outcome: TurnOutcome): Promise<void> {
  const messages = renderReplies(outcome.replies, { inServer: it.reply.inServer, texts: deps.texts });
  const receipt = outcome.status === 'ok' ? outcome.receipt : undefined;
  try {
    // One answer per interaction: its replies are confirmed together.
    await deps.delivery.answer(it.reply, it.ack, messages);
  } catch (error) {
    await receipt?.unsent(httpStatus(error) === undefined);
    throw error;
  }
  await receipt?.sent(outcome.replies.length);
}

// /erase: the bot's remembered messages in the user's DM are deleted (the answer just given among them), then
// the report is posted there. From a server, it is the DM that is cleared: Steady's answers in a server were
// visible to the user alone and are gone once dismissed.
async function eraseDm(deps: TurnDeps, event: InboundEvent): Promise<void> {
  const channelId = event.address.startsWith('user:') ? await deps.delivery.openDm(event.userId) : event.address;
  const erased = await eraseRemembered(deps.sent, channelId, (message) => deps.delivery.remove(channelId, message.id));
  const report = renderReplies([erasedReply(deps.texts, erased)], { inServer: false, texts: deps.texts });
  await postToDm(deps, event.userId, channelId, report);
}

async function openDm(deps: TurnDeps, it: DmOffer): Promise<void> {
  const { delivery, texts } = deps;
  if ((await delivery.ack(it.reply, 'reply')) === 'expired') return;
  try {
    const channelId = await delivery.openDm(it.userId);
    await delivery.post(channelId, [{ body: note(texts.text('dmHello'), false) }]);
    const opened = { ...note(texts.text('dmOpened'), false), components: dmLink(channelId, texts.text('dmOpenLabel')) };
    await delivery.answer(it.reply, 'reply', [{ body: opened }]);
  } catch (error) {
    if (discordCode(error) !== DiscordCode.CannotMessageUser) throw error;
    await unreachable(deps, it.userId, `user:${it.userId}`);
    await delivery.answer(it.reply, 'reply', [{ body: note(texts.text('dmRefused'), false) }]);
  }
}

async function postToDm(
  deps: TurnDeps,
  userId: string | undefined,
  channelId: string,
  messages: readonly DiscordMessage[],
): Promise<boolean> {
  try {
    await deps.delivery.post(channelId, messages);
    return true;
  } catch (error) {
    if (discordCode(error) !== DiscordCode.CannotMessageUser) throw error;
    await unreachable(deps, userId ?? (await deps.delivery.recipientOf(channelId)), channelId);
    return false;
  }
}

// Discord refused a DM (50007): the engine marks the user unreachable, and nothing is retried.
async function unreachable(deps: TurnDeps, userId: string | undefined, address: string): Promise<void> {
  if (userId === undefined) return;
  deps.logger.info({ platform: 'discord' }, 'user cannot be messaged; marked unreachable');
  const id = `discord:unreachable:${randomUUID()}`;
  await deps.handle({
    kind: 'signal',
    signal: 'unreachable',
    id,
    platform: 'discord',
    userId,
    address,
    at: deps.clock.now(),
  });
}
