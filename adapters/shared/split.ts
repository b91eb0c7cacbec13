/**
 * Splits `text` into parts of at most `limit` characters (UTF-16 units, as the platforms count),
 * preferring paragraph breaks, then line breaks, then sentence ends, then spaces; a run with
 * none of those is cut hard, never inside a surrogate pair.
 */
export function splitMessage(text: string, limit: number): string[] {
  if (limit < 2) throw new RangeError('limit must be at least 2');
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const cut = cutPoint(rest, limit);
    const head = rest.slice(0, cut).trimEnd();
    if (head.length > 0) parts.push(head);
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}

const BREAKS = [/\n\s*\n/g, /\n/g, /[.!?…](?=\s)/g, /\s/g];

// The last boundary inside the window that keeps at least a quarter of it, so parts stay well filled.
function cutPoint(text: string, limit: number): number {
  const window = text.slice(0, limit + 1);
  for (const pattern of BREAKS) {
    let best = -1;
    for (const match of window.matchAll(pattern)) {
      const end = match.index + (pattern.source.startsWith('[') ? match[0].length : 0);
      if (end <= limit && end >= limit / 4) best = end;
    }
    if (best > 0) return best;
  }
  return safeHardCut(text, limit);
}

function safeHardCut(text: string, limit: number): number {
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}
