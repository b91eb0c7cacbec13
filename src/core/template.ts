import { formatText } from './messages.js';
import type { Scope } from './vars.js';

/**
 * Fills a flow text's `{$profile.living}`-style placeholders from the user's scope, plus any `extra`
 * values the caller has. A missing value reads as empty, so a half-filled profile never shows a placeholder.
 */
export function fill(text: string, scope: Scope, extra: Readonly<Record<string, string | number>> = {}): string {
  return formatText(text, { ...scope, ...extra });
}
