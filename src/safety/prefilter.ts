import regexpTree from 'regexp-tree';
import type { AstNode } from 'regexp-tree/ast';

// === A quick test before a rule's pattern runs: the words a pattern cannot match without. Each pattern is read
// once, with regexp-tree, for a set of literal pieces one of which must be in any text it matches ("kill myself"
// or "end my life", say). A message none of whose text holds any of them is not searched with that pattern at
// all, which is most patterns for most messages. The test never changes what a pattern finds: pieces are
// compared with runs of a letter written once on both sides, as patterns let every letter repeat
// (compile.ts), and a pattern with no such piece is always searched.

/** Pieces one of which is in any text the pattern matches, runs of a letter written once; undefined: always search. */
export type Needs = readonly string[] | undefined;

/** Every pattern's pieces, each by its rarest three characters in a row, so one pass over a message finds what may match. */
export interface NeedsIndex {
  /** Pattern slot, piece, and where in the piece its three characters are, by those characters. */
  byGram: ReadonlyMap<number, ReadonlyArray<readonly [number, string, number]>>;
  /** Slots of the patterns that need nothing known: always searched. */
  always: readonly number[];
  slots: number;
}

/** Every piece is at least this long, and is looked for first by this many characters of it in a row. */
const GRAM = 3;
/** At most this many pieces are kept for one part of a pattern; beyond it a part says nothing. */
const MAX_PIECES = 48;
/** Pieces shorter than this say too little to be worth looking for. */
const MIN_LENGTH = GRAM;

/** `text` with every run of one letter written once: what patterns' pieces are looked for in. */
export function squeeze(text: string): string {
  return text.replace(/([a-z])\1+/g, '$1');
}

/** The pieces a compiled rule pattern (letters stretch-tolerant, see compile.ts) cannot match without. */
export function needsOf(pattern: RegExp): Needs {
  let ast: AstNode;
  try {
    ast = regexpTree.parse(`/${pattern.source}/${pattern.flags}`);
  } catch {
    return undefined;
  }
  const pieces = required(ast);
  return pieces === undefined ? undefined : [...new Set(pieces.map(squeeze))];
}

/** The index of `needs`, one entry per pattern slot (slots are positions in `needs`). */
export function indexNeeds(needs: readonly Needs[]): NeedsIndex {
  // Each piece is filed under the three characters of it that fewest pieces share ("pil" rather than "my "), so
  // the common ones in a message call up few pieces to look for.
  const share = new Map<string, number>();
  for (const piece of needs.flatMap((pieces) => pieces ?? []))
    for (const gram of new Set(gramsOf(piece))) share.set(gram, (share.get(gram) ?? 0) + 1);
  const byGram = new Map<number, Array<readonly [number, string, number]>>();
  const always: number[] = [];
  needs.forEach((pieces, slot) => {
    if (pieces === undefined) always.push(slot);
    else
      for (const piece of pieces) {
        const grams = gramsOf(piece);
        const at = grams.reduce(
          (best, gram, i) => ((share.get(gram) ?? 0) < (share.get(grams[best] ?? '') ?? 0) ? i : best),
          0,
        );
        const key = gramKey(piece, at);
        byGram.set(key, [...(byGram.get(key) ?? []), [slot, piece, at]]);
      }
  });
  return { byGram, always, slots: needs.length };
}

/** Three characters at `at` as one number (no string is made for them), the index's key. */
function gramKey(text: string, at: number): number {
  return (text.charCodeAt(at) * 65536 + text.charCodeAt(at + 1)) * 65536 + text.charCodeAt(at + 2);
}

function gramsOf(piece: string): string[] {
  return Array.from({ length: piece.length - GRAM + 1 }, (_, i) => piece.slice(i, i + GRAM));
}

/** For each pattern slot, 1 when the pattern may match `normal` (it holds one of its pieces), else 0. */
export function openSlots(index: NeedsIndex, normal: string): Uint8Array {
  const open = new Uint8Array(index.slots);
  for (const slot of index.always) open[slot] = 1;
  const text = squeeze(normal);
  for (let i = 0; i + GRAM <= text.length; i += 1) {
    const filed = index.byGram.get(gramKey(text, i));
    if (filed === undefined) continue;
    // Every place of these characters is visited, so a piece filed under them is looked for only where it
    // would stand if they were its own.
    for (const [slot, piece, at] of filed)
      if (open[slot] === 0 && i >= at && text.startsWith(piece, i - at)) open[slot] = 1;
  }
  return open;
}

/** True when a text holds one of `needs` (one pattern, for tests and tools), or the pattern needs nothing known. */
export function mayMatch(needs: Needs, normal: string): boolean {
  return openSlots(indexNeeds([needs]), normal)[0] === 1;
}

/** Every string a node can match, when they are few and known; undefined otherwise. */
function exact(node: AstNode): string[] | undefined {
  switch (node.type) {
    case 'RegExp':
      return node.body === null ? [''] : exact(node.body);
    case 'Group':
      return node.expression === null ? [''] : exact(node.expression);
    case 'Char': {
      const char = charOf(node);
      return char === undefined ? undefined : [char];
    }
    case 'Alternative':
      return node.expressions.reduce<string[] | undefined>((acc, part) => product(acc, exact(part)), ['']);
    case 'Disjunction':
      return union(node.left === null ? [''] : exact(node.left), node.right === null ? [''] : exact(node.right));
    case 'Repetition':
      return repeated(node);
    case 'Assertion':
      return [''];
    case 'CharacterClass':
      return classChars(node);
    default:
      return undefined;
  }
}

/** The one character a Char node stands for; undefined for classes such as \\w or the dot. */
function charOf(node: Extract<AstNode, { type: 'Char' }>): string | undefined {
  if (node.kind === 'meta' || !Number.isInteger(node.codePoint) || node.codePoint < 0) return undefined;
  return String.fromCodePoint(node.codePoint);
}

function repeated(node: Extract<AstNode, { type: 'Repetition' }>): string[] | undefined {
  const { quantifier } = node;
  const inner = exact(node.expression);
  if (quantifier.kind === '?') return union(inner, ['']);
  const atLeastOnce = quantifier.kind === '+' || (quantifier.kind === 'Range' && quantifier.from >= 1);
  if (quantifier.kind === 'Range' && quantifier.from === 1 && quantifier.to === 1) return inner;
  // A stretch-tolerant letter ("d+", "f{2,}") is that letter once, in a squeezed text.
  if (atLeastOnce && inner !== undefined && inner.every((s) => /^[a-z]$/.test(s))) return inner;
  return undefined;
}

function classChars(node: Extract<AstNode, { type: 'CharacterClass' }>): string[] | undefined {
  if (node.negative === true) return undefined;
  const chars: string[] = [];
  for (const part of node.expressions) {
    const char = part.type === 'Char' ? charOf(part) : undefined;
    if (char === undefined) return undefined;
    chars.push(char);
  }
  return chars.length <= 8 ? chars : undefined;
}

/** Pieces one of which any match holds; undefined when nothing is known. */
function required(node: AstNode): string[] | undefined {
  const known = useful(exact(node));
  if (known !== undefined) return known;
  switch (node.type) {
    case 'RegExp':
      return node.body === null ? undefined : required(node.body);
    case 'Group':
      return node.expression === null ? undefined : required(node.expression);
    case 'Disjunction': {
      if (node.left === null || node.right === null) return undefined;
      return capped(union(required(node.left), required(node.right)));
    }
    case 'Repetition': {
      const { kind } = node.quantifier;
      const atLeastOnce = kind === '+' || (kind === 'Range' && node.quantifier.from >= 1);
      return atLeastOnce ? required(node.expression) : undefined;
    }
    case 'Alternative':
      return best(sequenceCandidates(node.expressions));
    default:
      return undefined;
  }
}

// In a sequence, runs of parts with known strings give whole pieces ("kill" + " " + "myself"); any part's own
// pieces will also do. The most telling set is kept.
function sequenceCandidates(parts: readonly AstNode[]): Array<string[] | undefined> {
  const candidates: Array<string[] | undefined> = [];
  let run: string[] | undefined = [''];
  for (const part of parts) {
    const strings = exact(part);
    if (strings === undefined) {
      candidates.push(useful(run), required(part));
      run = [''];
    } else {
      run = product(run, strings) ?? [''];
      candidates.push(useful(run));
    }
  }
  candidates.push(useful(run));
  return candidates;
}

function best(candidates: ReadonlyArray<string[] | undefined>): string[] | undefined {
  let chosen: string[] | undefined;
  // Letters tell more than spaces: " at " is in nearly every message, "kill" in few.
  const shortest = (set: readonly string[]): number => Math.min(...set.map((s) => s.replace(/[^a-z]/g, '').length));
  for (const set of candidates) {
    if (set === undefined) continue;
    if (chosen === undefined || shortest(set) > shortest(chosen)) chosen = set;
  }
  return chosen;
}

function useful(strings: string[] | undefined): string[] | undefined {
  if (strings === undefined || strings.length === 0) return undefined;
  return strings.every((s) => squeeze(s).length >= MIN_LENGTH) ? strings : undefined;
}

function product(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (a === undefined || b === undefined || a.length * b.length > MAX_PIECES) return undefined;
  return a.flatMap((x) => b.map((y) => x + y));
}

function union(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  return a === undefined || b === undefined ? undefined : capped([...new Set([...a, ...b])]);
}

function capped(strings: string[] | undefined): string[] | undefined {
  return strings !== undefined && strings.length <= MAX_PIECES ? strings : undefined;
}
