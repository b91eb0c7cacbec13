import { readFileSync } from 'node:fs';

// Gateway payloads for tests, built from the real-shaped fixtures in test/fixtures/discord/ with fresh ids,
// so the fake sends exactly what Discord would.

type Json = Record<string, unknown>;

const fixture = (name: string): Json => JSON.parse(readFileSync(`test/fixtures/discord/${name}.json`, 'utf8')) as Json;

/** Who acts, and where: in a server channel, or in their DM channel with the bot. */
export interface Where {
  userId: string;
  /** The DM channel id; leave out for a server channel. */
  dmChannel?: string;
}

let next = 1_350_000_000_000_000_000n;

/** A fresh snowflake-shaped id. */
export function freshId(): string {
  next += 1n;
  return String(next);
}

function interaction(where: Where, type: number, data: Json, extra: Json = {}): Json {
  const base = fixture(where.dmChannel === undefined ? 'interaction-command-guild' : 'interaction-command-dm');
  const id = (extra.id as string | undefined) ?? freshId();
  const payload: Json = { ...base, id, token: `token-${id}`, type, data, ...extra };
  if (where.dmChannel === undefined) {
    const member = base.member as Json;
    payload.member = { ...member, user: { ...(member.user as Json), id: where.userId } };
  } else {
    const channel = base.channel as Json;
    payload.user = { ...(base.user as Json), id: where.userId };
    payload.channel_id = where.dmChannel;
    payload.channel = { ...channel, id: where.dmChannel };
  }
  return payload;
}

/** `/steady <sub>`. */
export function slashCommand(sub: string, where: Where, id?: string): Json {
  return interaction(
    where,
    2,
    { id: '1285000000000000001', name: 'steady', type: 1, options: [{ name: sub, type: 1 }] },
    id ? { id } : {},
  );
}

/** A press on a button (or a pick in a select menu when `values` is given). */
export function componentPress(customId: string, where: Where, values?: string[]): Json {
  const data: Json =
    values === undefined
      ? { custom_id: customId, component_type: 2 }
      : { custom_id: customId, component_type: 3, values };
  const message = {
    ...(fixture('interaction-button-dm').message as Json),
    id: freshId(),
    channel_id: where.dmChannel ?? '1270000000000000010',
  };
  return interaction(where, 3, data, { message });
}

/** A submitted modal with `text` in its input; pass the custom_ids of the modal Steady opened. */
export function modalSubmit(text: string, where: Where, customId = 'm', inputId = 't'): Json {
  return interaction(where, 5, {
    custom_id: customId,
    components: [{ type: 1, id: 1, components: [{ type: 4, id: 2, custom_id: inputId, value: text }] }],
  });
}

/** A message the user typed in their DM channel. */
export function dmMessage(content: string, where: Required<Where>): Json {
  const base = fixture('message-create-dm');
  return {
    ...base,
    id: freshId(),
    content,
    channel_id: where.dmChannel,
    author: { ...(base.author as Json), id: where.userId },
  };
}
