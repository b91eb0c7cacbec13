import type { Json } from './state.js';
import { readPath, type Scope } from './vars.js';

const PLACEHOLDER = /\{\{\s*([a-z]+(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}/g;

/**
 * Fills `{{profile.living}}`-style placeholders from the scope. Lists are joined with commas and a
 * missing value becomes empty, so a half-filled profile never shows `undefined` to a user.
 */
export function fill(text: string, scope: Scope, extra: Record<string, string> = {}): string {
  return text.replace(PLACEHOLDER, (_match, path: string) => extra[path] ?? show(readPath(scope, path)));
}

function show(value: Json | undefined): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(show).join(', ');
  if (typeof value === 'object') return '';
  return String(value);
}
