import type { Reply } from '../core/types.js';
import { INTERNATIONAL, resourcesFor, type Helpline } from './resources.js';
import { GATE_TEXTS, SAFETY_TEXTS } from './texts.js';
import type { GateReason } from './types.js';

/** Which services a list should lead with. */
export type ResourceFocus = 'all' | 'crisis' | 'abuse';

const LOCAL_EMERGENCY = 'your local emergency number';

/** Fills `{{emergency}}` and `{{country}}` for `country`. */
export function fill(text: string, country: string): string {
  const known = resourcesFor(country);
  return text
    .replaceAll('{{emergency}}', known?.emergency ?? LOCAL_EMERGENCY)
    .replaceAll('{{country}}', known?.name ?? '');
}

function line(helpline: Helpline): string {
  return `- ${helpline.name}: ${helpline.how}`;
}

/**
 * The places a user can reach, as plain text: the country's services (crisis line, abuse line,
 * emergency number) and the international directories; only the directories for an unknown country.
 */
export function resourcesText(country: string, focus: ResourceFocus = 'all'): string {
  const known = resourcesFor(country);
  const directories = INTERNATIONAL.map(line);
  if (known === undefined) {
    return [SAFETY_TEXTS.resourcesAnywhere, ...directories, SAFETY_TEXTS.emergencyAnywhere].join('\n');
  }
  const services =
    focus === 'abuse'
      ? [...known.abuse, ...known.crisis]
      : focus === 'crisis'
        ? known.crisis
        : [...known.crisis, ...known.abuse];
  return [
    fill(SAFETY_TEXTS.resourcesIn, country),
    ...services.map(line),
    `- ${fill(SAFETY_TEXTS.emergencyLine, country)}`,
    SAFETY_TEXTS.elsewhere,
    ...directories,
  ].join('\n');
}

/** The kind explanation of why Steady no longer helps with contacting the spouse. */
export function gateText(reason: GateReason): string {
  return GATE_TEXTS[reason];
}

/** A safety reply: plain text, kind 'safety'. */
export function safetyReply(text: string): Reply {
  return { kind: 'safety', text };
}
