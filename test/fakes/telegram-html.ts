// Telegram's HTML parse mode as the Bot API applies it: tags become entities, entities are decoded,
// and anything it would refuse is refused with the same kind of "can't parse entities" description.

/** A message entity with offsets in UTF-16 units, as Telegram reports them. */
export interface FakeEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
}

/** The visible text and entities of a parsed message, or the Bot API's description of why it was refused. */
export type ParsedHtml = { ok: true; text: string; entities: FakeEntity[] } | { ok: false; description: string };

const TAGS: Record<string, string> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
  a: 'text_link',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  'tg-emoji': 'custom_emoji',
};
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };
const TAG = /^<(\/?)([a-zA-Z][\w-]*)((?:\s+[^>]*)?)>/;
const ENTITY = /^&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/;

/** Parses `html` like Telegram's `parse_mode: "HTML"`. */
export function parseTelegramHtml(html: string): ParsedHtml {
  let text = '';
  const open: { name: string; start: number; url?: string }[] = [];
  const entities: FakeEntity[] = [];
  const fail = (at: number, why: string): ParsedHtml => ({
    ok: false,
    description: `Bad Request: can't parse entities: ${why} at byte offset ${Buffer.byteLength(html.slice(0, at))}`,
  });
  for (let i = 0; i < html.length;) {
    const char = html[i] ?? '';
    if (char === '<') {
      const tag = TAG.exec(html.slice(i));
      if (!tag) return fail(i, 'Unexpected end of name token');
      const [whole, closing, name = ''] = tag;
      const lower = name.toLowerCase();
      if (TAGS[lower] === undefined) return fail(i, `Unsupported ${closing ? 'end' : 'start'} tag "${lower}"`);
      if (closing) {
        const top = open.pop();
        if (top?.name !== lower)
          return fail(i, `Unmatched end tag, expected "</${top?.name ?? ''}>", found "</${lower}>"`);
        const type = TAGS[lower] ?? 'unknown';
        if (text.length > top.start)
          entities.push({
            type,
            offset: top.start,
            length: text.length - top.start,
            ...(top.url ? { url: top.url } : {}),
          });
      } else {
        const href = /href\s*=\s*"([^"]*)"/.exec(tag[3] ?? '')?.[1];
        open.push({ name: lower, start: text.length, ...(href ? { url: href } : {}) });
      }
      i += whole.length;
    } else if (char === '&') {
      const entity = ENTITY.exec(html.slice(i));
      if (!entity?.[1]) return fail(i, "Can't find end of the entity");
      text += decode(entity[1]);
      i += entity[0].length;
    } else {
      text += char;
      i += 1;
    }
  }
  if (open.length > 0)
    return fail(html.length, `Can't find end tag corresponding to start tag "${open[open.length - 1]?.name ?? ''}"`);
  return { ok: true, text, entities: entities.sort((a, b) => a.offset - b.offset) };
}

function decode(name: string): string {
  if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
  if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
  return NAMED[name] ?? '';
}
