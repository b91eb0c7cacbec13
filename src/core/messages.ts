import { MessageFormat, parseMessage, visit, type Model } from 'messageformat';
import { ErrorCode, SteadyError } from './errors.js';

// Every sentence a user reads is a MessageFormat 2 message kept in data (flows/ and its catalogs):
// `{$name}` placeholders, dotted paths into the user's scope (`{$profile.living}`), and `.match` for plurals.

/** Values a message is filled from; nested records are reached with dotted names. */
export type MessageValues = Readonly<Record<string, unknown>>;

/** One message, parsed and compiled once; `variables` are the placeholders it reads. */
export interface Message {
  readonly source: string;
  readonly variables: readonly string[];
  /** The text with its placeholders filled; a missing value reads as empty, never as `{$name}`. */
  format(values?: MessageValues): string;
}

/** The language Steady speaks today; catalogs of other locales sit beside it. */
export const DEFAULT_LOCALE = 'en';

/** Parses and compiles `source`; a syntax error throws with the position and what to fix. */
export function compileMessage(source: string, where: string, locale: string = DEFAULT_LOCALE): Message {
  let model: Model.Message;
  let compiled: MessageFormat;
  try {
    model = parseMessage(source);
    compiled = new MessageFormat(locale, model, { bidiIsolation: 'none' });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SteadyError(
      ErrorCode.MessageSyntax,
      `${where}: not a valid MessageFormat 2 message (${reason}). Placeholders look like {$name}; write \\{ and \\} for literal braces.`,
    );
  }
  const variables = variablesOf(model);
  const locals = new Set(declaredNames(model));
  const inputs = variables.filter((name) => !locals.has(name));
  return {
    source,
    variables: inputs,
    format: (values = {}) => compiled.format(withBlanks(values, inputs)),
  };
}

/** The variables a message reads from its caller (declared `.local` names excluded). */
function variablesOf(model: Model.Message): string[] {
  const names = new Set<string>();
  visit(model, {
    expression(expression) {
      if (expression.arg?.type === 'variable') names.add(expression.arg.name);
      return undefined;
    },
    declaration(declaration) {
      if (declaration.type === 'input') names.add(declaration.name);
      return undefined;
    },
  });
  if (model.type === 'select') for (const selector of model.selectors) names.add(selector.name);
  return [...names];
}

function declaredNames(model: Model.Message): string[] {
  return model.declarations.filter((d) => d.type === 'local').map((d) => d.name);
}

// Placeholders show plain strings: lists joined with commas, and anything absent as empty, so a
// half-filled profile never shows a raw placeholder to a user.
function withBlanks(values: MessageValues, names: readonly string[]): Record<string, unknown> {
  const filled: Record<string, unknown> = {};
  for (const name of names) filled[name] = shown(lookup(values, name));
  return filled;
}

function lookup(values: MessageValues, name: string): unknown {
  if (name in values) return values[name];
  let current: unknown = values;
  for (const part of name.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function shown(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(shown).join(', ');
  if (typeof value === 'object') return '';
  return String(value);
}

const compiledTexts = new Map<string, Message>();

/**
 * Formats a message written inline in a flow or an action's arguments. Each distinct text is compiled
 * once per process; a text with no placeholder is returned as it is.
 */
export function formatText(source: string, values: MessageValues = {}): string {
  if (!source.includes('{') && !source.includes('\\')) return source;
  let message = compiledTexts.get(source);
  if (message === undefined) {
    message = compileMessage(source, 'a flow text');
    compiledTexts.set(source, message);
  }
  return message.format(values);
}
