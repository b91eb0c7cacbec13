// Every custom_id this adapter puts on a component, in one place. Discord caps them at 100 characters
// and shows them to no one, but a client can send any string back, so parsing never trusts them.

/** Discord's limit on a component's custom_id. */
export const CUSTOM_ID_MAX = 100;

/** A choice button: the engine's opaque token behind a short prefix. */
export const choiceId = (token: string): string => `c:${token}`;

/** The n-th select menu of a message; the picked value is the engine's token. */
export const selectId = (index: number): string => `cs:${index}`;

/** The button that offers to continue in a direct message. */
export const DM_OFFER_ID = 'dm';

/** The modal that carries a long answer. */
export const MODAL_ID = 'm';
/** The modal's one text input. */
export const MODAL_INPUT_ID = 't';

/** A form button carries its modal's title and label, so any process can open the modal without state. */
export function formId(form: { title: string; label: string }): string {
  const title = form.title.slice(0, 45);
  const label = form.label.slice(0, 45);
  return `f:${title.length.toString(36)}:${title}${label}`;
}

/** What a pressed or picked component means; `choice` for anything unknown, so the engine can answer it. */
export type ComponentPress =
  { kind: 'choice'; token: string } | { kind: 'form'; form: { title: string; label: string } } | { kind: 'dmOffer' };

/** Decodes a component's custom_id (and the picked values of a select menu). */
export function parseComponent(customId: string, values: readonly string[] | undefined): ComponentPress {
  if (values !== undefined) return { kind: 'choice', token: values[0] ?? customId };
  if (customId === DM_OFFER_ID) return { kind: 'dmOffer' };
  if (customId.startsWith('c:')) return { kind: 'choice', token: customId.slice(2) };
  if (customId.startsWith('f:')) {
    const form = parseForm(customId.slice(2));
    if (form) return { kind: 'form', form };
  }
  return { kind: 'choice', token: customId };
}

function parseForm(rest: string): { title: string; label: string } | undefined {
  const match = /^([0-9a-z]{1,2}):/.exec(rest);
  if (!match?.[1]) return undefined;
  const length = Number.parseInt(match[1], 36);
  const body = rest.slice(match[0].length);
  const title = body.slice(0, length);
  const label = body.slice(length);
  if (title.length !== length || title.length === 0 || label.length === 0) return undefined;
  return { title, label };
}
