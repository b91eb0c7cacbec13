import { ButtonStyle, ComponentType, escapeMarkdown, MessageFlags, TextInputStyle } from 'discord.js';
import type {
  APIActionRowComponent,
  APIButtonComponentWithCustomId,
  APIComponentInMessageActionRow,
  APIModalInteractionResponseCallbackData,
} from 'discord.js';
import { renderPicture, type Choice, type Reply } from '../../src/index.js';
import { splitMessage } from '../shared/split.js';
import { choiceId, DM_OFFER_ID, formId, MODAL_ID, MODAL_INPUT_ID, selectId } from './custom-id.js';
import type { DiscordTexts } from './texts.js';

/** Discord's limits on one message. */
export const LIMITS = {
  content: 2000,
  rows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  selectOptions: 25,
  optionLabel: 100,
} as const;

/** Sent with every message: user text quoted back can never ping anyone. */
export const NO_MENTIONS = { parse: [] as never[] };

/** One action row of buttons or a select menu. */
export type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

/** A message body in Discord's REST shape. */
export interface MessageBody {
  content?: string;
  components?: Row[];
  flags?: number;
  allowed_mentions: typeof NO_MENTIONS;
  /** `description` is an image's alternative text (at most 1024 characters). */
  attachments?: { id: number; filename: string; description?: string }[];
}

/** A file uploaded with a message (the data export, a chart). */
export interface DiscordFile {
  name: string;
  data: Buffer;
  contentType: string;
}

/** One message to send: its JSON body and any files to upload with it. */
export interface DiscordMessage {
  body: MessageBody;
  files?: DiscordFile[];
}

/** How replies are placed: privately in a server channel, or in the user's DM. */
export interface RenderOptions {
  /** In a server channel: every message ephemeral, and the last one offers to continue in DMs. */
  inServer: boolean;
  /** The adapter's own words: button labels and the select menu's placeholder. */
  texts: DiscordTexts;
}

/** Renders replies as Discord messages: escaped text split at 2000 characters, buttons on the last part. */
export function renderReplies(replies: readonly Reply[], options: RenderOptions): DiscordMessage[] {
  return replies.flatMap((reply, index) =>
    renderReply(reply, options.inServer && index === replies.length - 1, options),
  );
}

function renderReply(reply: Reply, offerDm: boolean, options: RenderOptions): DiscordMessage[] {
  const parts = contentParts(reply.text);
  const extras: APIButtonComponentWithCustomId[] = [];
  const { texts } = options;
  if (reply.form) extras.push(button(formId(reply.form), texts.text('formButton'), ButtonStyle.Primary));
  if (offerDm) extras.push(button(DM_OFFER_ID, texts.text('dmOfferLabel'), ButtonStyle.Primary));
  const components = componentRows(reply, extras, texts.text('selectPlaceholder'));
  return parts.map((content, index) => {
    const body: MessageBody = { content, allowed_mentions: NO_MENTIONS };
    if (options.inServer) body.flags = MessageFlags.Ephemeral;
    if (index < parts.length - 1) return { body };
    if (components.length > 0) body.components = components;
    const files = filesOf(reply);
    if (files.length === 0) return { body };
    body.attachments = files.map(({ file, description }, id) => ({
      id,
      filename: file.name,
      ...(description ? { description } : {}),
    }));
    return { body, files: files.map(({ file }) => file) };
  });
}

/** Longest alternative text Discord keeps on an attachment. */
export const ALT_TEXT_LIMIT = 1024;

// A chart goes as a PNG, which Discord shows inline, with its summary as the image's alternative text.
function filesOf(reply: Reply): { file: DiscordFile; description?: string }[] {
  const files: { file: DiscordFile; description?: string }[] = [];
  if (reply.document) {
    const { filename, mimeType, content } = reply.document;
    files.push({ file: { name: filename, data: Buffer.from(content, 'utf8'), contentType: mimeType } });
  }
  if (reply.picture) {
    const file = { name: 'progress.png', data: renderPicture(reply.picture), contentType: 'image/png' };
    files.push({ file, description: reply.picture.alt.slice(0, ALT_TEXT_LIMIT) });
  }
  return files;
}

/** The edit that takes the buttons off a message once one of them was pressed. */
export function withoutComponents(): MessageBody {
  return { components: [], allowed_mentions: NO_MENTIONS };
}

/** A plain adapter note (DM hand-over), escaped like any reply. */
export function note(text: string, inServer: boolean): MessageBody {
  const body: MessageBody = { content: escapeText(text).slice(0, LIMITS.content), allowed_mentions: NO_MENTIONS };
  if (inServer) body.flags = MessageFlags.Ephemeral;
  return body;
}

/** The modal a form button opens: one paragraph input whose text comes back as the answer. */
export function renderModal(form: { title: string; label: string }): APIModalInteractionResponseCallbackData {
  const input = {
    type: ComponentType.TextInput as const,
    custom_id: MODAL_INPUT_ID,
    label: form.label.slice(0, 45),
    style: TextInputStyle.Paragraph,
    required: true,
    max_length: 4000,
  };
  return {
    custom_id: MODAL_ID,
    title: form.title.slice(0, 45),
    components: [{ type: ComponentType.ActionRow, components: [input] }],
  };
}

// === Text

/** Escapes Discord markdown, block quotes and mention-like `<...>` tokens, so replies show exactly as written. */
export function escapeText(text: string): string {
  return escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true, maskedLink: true })
    .replace(/^(\s*)>/gm, '$1\\>')
    .replace(/<(?=[@#:/]|a:|t:)/g, '\\<');
}

// Escaping lengthens text (at most doubling it), so the raw text is split with a smaller limit until every
// escaped part fits; cutting escaped text instead could separate a backslash from what it escapes.
function contentParts(text: string): string[] {
  for (let limit: number = LIMITS.content; ;) {
    const parts = splitMessage(text, limit).map(escapeText);
    const longest = Math.max(0, ...parts.map((part) => part.length));
    // Escaping at most doubles a text, so half the limit always fits; the second test only guarantees the loop ends.
    if (longest <= LIMITS.content || limit <= LIMITS.content / 2) return parts.length > 0 ? parts : ['\u200b'];
    limit = Math.max(Math.floor(LIMITS.content / 2), limit - (longest - LIMITS.content) - 1);
  }
}

// === Components

function componentRows(reply: Reply, extras: APIButtonComponentWithCustomId[], placeholder: string): Row[] {
  const choices = reply.choices ?? [];
  const room = LIMITS.rows - (extras.length > 0 ? 1 : 0);
  const rows =
    choices.length <= room * LIMITS.buttonsPerRow
      ? buttonRows(choices, reply.multi === true)
      : selectRows(choices, room, placeholder);
  if (extras.length > 0) rows.push({ type: ComponentType.ActionRow, components: extras });
  return rows;
}

function buttonRows(choices: readonly Choice[], multi: boolean): Row[] {
  const rows: Row[] = [];
  choices.forEach((choice, index) => {
    // The engine appends a multi-select question's Done choice last; it stands out so the user sees how to finish.
    const style = multi && index === choices.length - 1 ? ButtonStyle.Success : ButtonStyle.Secondary;
    const item = button(choiceId(choice.id), choice.label, style);
    const row = rows[rows.length - 1];
    if (row && row.components.length < LIMITS.buttonsPerRow) row.components.push(item);
    else rows.push({ type: ComponentType.ActionRow, components: [item] });
  });
  return rows;
}

// Long lists become select menus of 25; each pick is one choice, so multi-select questions toggle one
// option per pick and finish with their Done option, exactly as their buttons would.
function selectRows(choices: readonly Choice[], room: number, placeholder: string): Row[] {
  const rows: Row[] = [];
  for (let start = 0; start < choices.length && rows.length < room; start += LIMITS.selectOptions) {
    const options = choices.slice(start, start + LIMITS.selectOptions).map((choice) => ({
      label: truncate(choice.label, LIMITS.optionLabel),
      value: choice.id,
    }));
    const menu = {
      type: ComponentType.StringSelect as const,
      custom_id: selectId(rows.length),
      placeholder,
      min_values: 1,
      max_values: 1,
      options,
    };
    rows.push({ type: ComponentType.ActionRow, components: [menu] });
  }
  return rows;
}

function button(
  customId: string,
  label: string,
  style: APIButtonComponentWithCustomId['style'],
): APIButtonComponentWithCustomId {
  return { type: ComponentType.Button, custom_id: customId, label: truncate(label, LIMITS.buttonLabel), style };
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  // Never leave half a surrogate pair behind.
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}
