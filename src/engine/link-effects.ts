import type { Json, JsonRecord, SessionState } from '../core/state.js';
import type { InboundEvent, LinkEffect, Reply } from '../core/types.js';
import type { SessionStore, UserKey } from '../session/store.js';
import { outboxOf } from './due.js';
import type { ScheduleHooks } from './engine-options.js';
import type { LinkPort } from './link-port.js';
import type { EngineTexts } from './turn.js';

// /link and /unlink once the turn has committed: the alias layer does the linking; the engine moves what must
// not be lost (the safety memory) into the state both chats now share and puts away the state left behind.

/** What the link effects work with. */
export interface LinkEffectDeps {
  links?: LinkPort;
  store: SessionStore;
  schedule?: ScheduleHooks;
  texts: EngineTexts;
  logger: { warn(obj: object, msg: string): void };
}

/** Runs one link effect for the turn of `event`, whose user is `user`, and says how it went. */
export async function runLinkEffect(
  deps: LinkEffectDeps,
  effect: LinkEffect,
  user: UserKey,
  event: InboundEvent,
): Promise<Reply> {
  const { links, texts } = deps;
  if (links === undefined) return info(texts.text('linkUnavailable'));
  try {
    switch (effect.op) {
      case 'issue':
        return info(texts.text('linkCode', { code: await links.issue(user) }));
      case 'join':
        return await join(deps, links, effect.code, event);
      case 'unlink':
        return await unlink(deps, links, event);
    }
  } catch (error) {
    deps.logger.warn({ user, err: error instanceof Error ? error.message : String(error) }, 'link failed');
    return info(texts.text('linkUnavailable'));
  }
}

async function join(deps: LinkEffectDeps, links: LinkPort, code: string, event: InboundEvent): Promise<Reply> {
  const { texts } = deps;
  const result = await links.join(event.platform, event.userId, code);
  switch (result.status) {
    case 'wrong':
      return info(texts.text('linkWrong'));
    case 'tooMany':
      return info(texts.text('linkTooMany'));
    case 'same':
      return info(texts.text('linkSame'));
    case 'hasOthers':
      return info(texts.text('linkHasOthers'));
    case 'joined':
      if (result.ownState) await carryOver(deps, result.previous, result.user, event.id);
      return info(texts.text('linkJoined'));
  }
}

// The chat's own state is left behind; its safety memory is carried into the shared one first, so a closed
// contact gate or an open crisis is never dropped by linking.
async function carryOver(deps: LinkEffectDeps, from: UserKey, into: UserKey, eventId: string): Promise<void> {
  const left = (await deps.store.load(from)).state;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const shared = await deps.store.load(into);
    const flags = mergeFlags(shared.state.flags, left.flags);
    const next: SessionState = { ...shared.state, flags };
    const result = await deps.store.commit(into, next, shared.rev, `${eventId}:link`);
    if (result !== 'conflict') break;
  }
  await deps.schedule?.forget(
    from,
    outboxOf(left).map((entry) => entry.id),
  );
  await deps.store.forget(from);
}

async function unlink(deps: LinkEffectDeps, links: LinkPort, event: InboundEvent): Promise<Reply> {
  const { texts } = deps;
  const result = await links.unlink(event.platform, event.userId);
  switch (result.status) {
    case 'none':
      return info(texts.text('unlinkNone'));
    case 'released':
      return info(texts.text('unlinkReleased', { count: result.count }));
    case 'detached':
      await unpinFrom(deps, result.user, event);
      return info(texts.text('unlinkDetached'));
  }
}

// Scheduled messages pinned to the chat that left go back to wherever the user writes next.
async function unpinFrom(deps: LinkEffectDeps, user: UserKey, event: InboundEvent): Promise<void> {
  const shared = await deps.store.load(user);
  const reach = shared.state.schedule?.reach;
  if (reach?.platform !== event.platform || reach.address !== event.address) return;
  const { reachPinned: _pinned, ...settings } = shared.state.settings;
  const { reach: _reach, ...schedule } = shared.state.schedule ?? {};
  await deps.store.commit(user, { ...shared.state, settings, schedule }, shared.rev, `${event.id}:unpin`);
}

/**
 * Safety flags of two states as one: a flag set in either stays set (`true` wins), and of two safety memories
 * an open crisis wins over a question, the later over the earlier.
 */
export function mergeFlags(into: JsonRecord, from: JsonRecord): JsonRecord {
  const merged: JsonRecord = { ...into };
  for (const [key, value] of Object.entries(from)) {
    const mine = merged[key];
    if (mine === undefined || mine === null) merged[key] = value;
    else if (typeof mine === 'boolean' && typeof value === 'boolean') merged[key] = mine || value;
    else if (key === 'safety') merged[key] = weightier(mine, value);
  }
  return merged;
}

function weightier(a: Json, b: Json): Json {
  const rank = (m: Json): [number, number] => {
    const record = typeof m === 'object' && m !== null && !Array.isArray(m) ? m : {};
    return [record.open === true ? 1 : 0, typeof record.at === 'number' ? record.at : 0];
  };
  const [ra, rb] = [rank(a), rank(b)];
  return rb[0] > ra[0] || (rb[0] === ra[0] && rb[1] > ra[1]) ? b : a;
}

function info(text: string): Reply {
  return { kind: 'info', text };
}
