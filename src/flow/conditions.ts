import type { Json } from '../core/state.js';
import { readPath, type Scope } from '../core/vars.js';
import type { Condition } from './schema.js';

/** Evaluates a structured condition against the variables in scope; nothing is ever run as code. */
export function evaluate(condition: Condition, scope: Scope): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluate(c, scope));
  if ('any' in condition) return condition.any.some((c) => evaluate(c, scope));
  if ('not' in condition) return !evaluate(condition.not, scope);
  const value = readPath(scope, condition.var);
  if (condition.exists !== undefined) return (value !== undefined && value !== null) === condition.exists;
  if (condition.eq !== undefined) return value === condition.eq;
  if (condition.in !== undefined) return condition.in.some((candidate) => candidate === value);
  if (condition.includes !== undefined) return Array.isArray(value) && value.includes(condition.includes);
  return compareNumber(condition, value);
}

function compareNumber(condition: Extract<Condition, { var: string }>, value: Json | undefined): boolean {
  if (typeof value !== 'number') return false;
  if (condition.gt !== undefined) return value > condition.gt;
  if (condition.gte !== undefined) return value >= condition.gte;
  if (condition.lt !== undefined) return value < condition.lt;
  if (condition.lte !== undefined) return value <= condition.lte;
  return false;
}
