import type { Reply } from '../core/types.js';
import type { SafetyTexts } from './messages.js';
import { resourcesFor, type CountryResources, type Helpline, type SupportLines } from './resources.js';
import type { GateReason } from './types.js';

/** Which services a list should lead with. */
export type ResourceFocus = 'all' | 'crisis' | 'abuse' | 'child';

/** What the safety layer says with: its catalog and the support lines. */
export interface Voice {
  texts: SafetyTexts;
  lines: SupportLines;
}

/** The emergency number for `country`, or the words for the local one when Steady has no list for it. */
export function emergencyOf(voice: Voice, country: string): string {
  return resourcesFor(voice.lines, country)?.emergency ?? voice.texts.text('localEmergency');
}

function line(voice: Voice, helpline: Helpline): string {
  return voice.texts.text('helpline', { name: helpline.name, how: helpline.how });
}

/**
 * The places a user can reach, as plain text: the country's services (crisis line, abuse line,
 * emergency number) and the international directories; only the directories for an unknown country.
 */
export function resourcesText(voice: Voice, country: string, focus: ResourceFocus = 'all'): string {
  const { texts } = voice;
  const known = resourcesFor(voice.lines, country);
  const directories = voice.lines.international.map((helpline) => line(voice, helpline));
  if (known === undefined) {
    return [texts.text('resourcesAnywhere'), ...directories, texts.text('emergencyAnywhere')].join('\n');
  }
  const services = servicesFor(known, focus);
  return [
    texts.text('resourcesIn', { country: known.name }),
    ...services.map((helpline) => line(voice, helpline)),
    texts.text('emergencyLine', { emergency: known.emergency }),
    texts.text('elsewhere'),
    ...directories,
  ].join('\n');
}

function servicesFor(known: CountryResources, focus: ResourceFocus): Helpline[] {
  switch (focus) {
    case 'abuse':
      return [...known.abuse, ...known.crisis];
    case 'crisis':
      return known.crisis;
    case 'child':
      return [...known.child, ...known.abuse];
    case 'all':
      return [...known.crisis, ...known.abuse, ...known.child];
  }
}

/** The kind explanation of why Steady no longer helps with contacting the spouse. */
export function gateText(texts: SafetyTexts, reason: GateReason): string {
  return texts.text(`gate.${reason}`);
}

/** A safety reply: plain text, kind 'safety'. */
export function safetyReply(text: string): Reply {
  return { kind: 'safety', text };
}
