// === Whether two values serialise to the same JSON text, without serialising them. A turn that replaces a long
// list of the profile with an equal one would otherwise write out both lists to compare them; here the walk stops
// at the first difference and passes over any part the two share by identity (states are updated by copying, so
// most of a list's entries are the very same objects).

/**
 * True when `JSON.stringify(a) === JSON.stringify(b)`, for values whose serialising has no side effects and
 * always gives the same text (state is JSON data; a getter or toJSON that answers differently each time is not).
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  // A BigInt cannot be serialised: JSON.stringify throws, and so does this.
  if (a === b) return typeof a === 'bigint' ? JSON.stringify(a) === '' : true;
  if (isPlainData(a) && isPlainData(b)) return sameData(a, b);
  return JSON.stringify(a) === JSON.stringify(b);
}

/** An array or an object straight from JSON: serialised member by member, with no toJSON of its own. */
function isPlainData(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (Array.isArray(value)) return prototype === Array.prototype;
  return prototype === Object.prototype || prototype === null;
}

function sameData(a: object, b: object): boolean {
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return sameArrays(a, b);
  return sameObjects(a as Record<string, unknown>, b as Record<string, unknown>);
}

function sameArrays(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  // In an array a value that JSON has no text for is written `null`.
  for (let i = 0; i < a.length; i += 1) if (!sameMember(inArray(a[i]), inArray(b[i]))) return false;
  return true;
}

function sameObjects(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  // Members are written in key order, and those without a JSON text (undefined, functions, symbols) are left out.
  const keysA = Object.keys(a).filter((key) => written(a[key]));
  const keysB = Object.keys(b).filter((key) => written(b[key]));
  if (keysA.length !== keysB.length) return false;
  for (let i = 0; i < keysA.length; i += 1) {
    const key = keysA[i] as string;
    if (key !== keysB[i] || !sameMember(a[key], b[key])) return false;
  }
  return true;
}

function sameMember(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return sameNumber(a, b);
  if (typeof a === 'number' || typeof b === 'number') return JSON.stringify(a) === JSON.stringify(b);
  return sameJson(a, b);
}

// JSON writes NaN and the infinities as null, and -0 as 0.
function sameNumber(a: number, b: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return !Number.isFinite(a) && !Number.isFinite(b);
  return a === b;
}

function written(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

function inArray(value: unknown): unknown {
  return written(value) ? value : null;
}
