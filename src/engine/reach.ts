import type { SessionState } from '../core/state.js';
import type { InboundEvent } from '../core/types.js';
import { countryFromLocale } from '../safety/index.js';

// Where scheduled messages go: the chat the user writes from, unless they picked one (with /link, once several
// chats share one conversation): then it stays there until they pick again or that chat is unlinked.

/**
 * The state with the facts the platform tells: a time zone it reports is a default (one the user chose always
 * wins), the region of its language a hint to the country, and the chat this event came from becomes where
 * scheduled messages go, unless the user pinned one.
 */
export function withPlatformFacts(state: SessionState, event: InboundEvent): SessionState {
  const zoned = withPlatformCountry(
    event.timezone === undefined || state.settings.timezone !== undefined
      ? state
      : { ...state, settings: { ...state.settings, timezone: event.timezone } },
    event,
  );
  const reach = zoned.schedule?.reach;
  if (event.kind === 'signal' || zoned.settings.reachPinned === true) return zoned;
  if (reach?.platform === event.platform && reach.address === event.address) return zoned;
  return { ...zoned, schedule: { ...zoned.schedule, reach: { platform: event.platform, address: event.address } } };
}

// The region of the platform's language is kept as a hint to the user's country, below their own choice and
// their time zone.
function withPlatformCountry(state: SessionState, event: InboundEvent): SessionState {
  const region = countryFromLocale(event.locale);
  if (region === undefined || state.settings.platformCountry === region) return state;
  return { ...state, settings: { ...state.settings, platformCountry: region } };
}

/**
 * After a turn in which the user picked this chat for scheduled messages (`settings.reachPin: here`, set by the
 * link journey), or asked for them to follow wherever they write (`follow`): the pick is applied.
 */
export function withPickedReach(state: SessionState, event: InboundEvent): SessionState {
  const pick = state.settings.reachPin;
  if (pick === undefined) return state;
  const { reachPin: _pick, reachPinned: _pinned, ...settings } = state.settings;
  const reach = { platform: event.platform, address: event.address };
  const schedule = { ...state.schedule, reach };
  return pick === 'here'
    ? { ...state, settings: { ...settings, reachPinned: true }, schedule }
    : { ...state, settings, schedule };
}
