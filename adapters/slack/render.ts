import type { types } from '@slack/bolt';
import type { Reply } from '../../src/index.js';
import { splitMessage } from '../shared/split.js';
import { escapeMrkdwn, slackCommands } from './mrkdwn.js';
import { CHOICE_PREFIX, FORM_ACTION, FORM_BLOCK, FORM_CALLBACK, FORM_ELEMENT } from './to-inbound.js';
import { SLASH_COMMAND, type SlackTexts } from './texts.js';

type Block = types.KnownBlock;

/** One `chat.postMessage`: Block Kit blocks plus the plain `text` Slack shows in notifications. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** Slack's limits: characters per section, blocks per message, elements per actions block, button label length. */
export const LIMITS = {
  section: 3000,
  blocks: 50,
  actions: 25,
  label: 75,
  fallback: 3000,
  modalTitle: 24,
  formInput: 3000,
} as const;

/** Renders replies as Slack messages, in order; a reply too long for one message continues in the next, buttons last. */
export function renderReplies(replies: readonly Reply[], texts: SlackTexts): SlackMessage[] {
  return replies.flatMap((reply) => renderReply(reply, texts));
}

function renderReply(reply: Reply, texts: SlackTexts): SlackMessage[] {
  const text = slackCommands(reply.text, SLASH_COMMAND);
  const body: Block[] = sections(text);
  if (reply.document) body.push(...documentBlocks(reply.document, texts));
  if (reply.picture) body.push(...pictureBlocks(reply.picture, texts));
  const tail = [...choiceBlocks(reply), ...formBlocks(reply, texts)];
  const chunks: Block[][] = [];
  for (let at = 0; at < body.length; at += LIMITS.blocks) chunks.push(body.slice(at, at + LIMITS.blocks));
  const last = chunks.at(-1);
  if (last && last.length + tail.length <= LIMITS.blocks) last.push(...tail);
  else if (tail.length > 0) chunks.push(tail);
  // Continuation messages of a long reply need only a short notification text.
  const fallback = escapeMrkdwn(cut(text, LIMITS.fallback));
  const short = escapeMrkdwn(cut(text, 200));
  return chunks.map((blocks, index) => ({ text: index === 0 ? fallback : short, blocks }));
}

function sections(text: string): Block[] {
  return splitEscaped(text, LIMITS.section).map((part) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: part, verbatim: true },
  }));
}

// A document (the data export) is shown inline as code: posting files would need one more permission.
function documentBlocks(document: NonNullable<Reply['document']>, texts: SlackTexts): Block[] {
  const fence = '```';
  const heading: Block = {
    type: 'context',
    elements: [
      { type: 'mrkdwn', text: escapeMrkdwn(texts.text('document', { filename: document.filename })), verbatim: true },
    ],
  };
  const parts = splitEscaped(unfenced(prettyContent(document.content)), LIMITS.section - 2 * fence.length - 2);
  return [
    heading,
    ...parts.map((part): Block => ({
      type: 'section',
      text: { type: 'mrkdwn', text: `${fence}\n${part}\n${fence}`, verbatim: true },
    })),
  ];
}

// A chart is shown as its text form: uploading an image (files upload v2) needs the files:write scope,
// which Steady's manifest does not ask for; the note says so to the user.
function pictureBlocks(picture: NonNullable<Reply['picture']>, texts: SlackTexts): Block[] {
  const fence = '```';
  return [
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: escapeMrkdwn(texts.text('pictureAsText')), verbatim: true }],
    },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `${fence}\n${escapeMrkdwn(picture.sparkline)}\n${fence}`, verbatim: true },
    },
  ];
}

/** Three backticks in the content (a journal entry, say) would close the code block; a zero-width space keeps them apart. */
export function unfenced(content: string): string {
  return content.replace(/`{3,}/g, (run) => run.split('').join('\u200b'));
}

function choiceBlocks(reply: Reply): Block[] {
  const buttons = (reply.choices ?? []).map((choice): types.Button => ({
    type: 'button',
    action_id: `${CHOICE_PREFIX}${choice.id}`,
    value: choice.id,
    text: { type: 'plain_text', text: cut(choice.label, LIMITS.label), emoji: true },
  }));
  const blocks: Block[] = [];
  for (let at = 0; at < buttons.length; at += LIMITS.actions) {
    blocks.push({ type: 'actions', elements: buttons.slice(at, at + LIMITS.actions) });
  }
  return blocks;
}

function formBlocks(reply: Reply, texts: SlackTexts): Block[] {
  if (!reply.form) return [];
  const button: types.Button = {
    type: 'button',
    action_id: FORM_ACTION,
    value: JSON.stringify(reply.form),
    text: { type: 'plain_text', text: texts.text('openForm'), emoji: true },
  };
  return [{ type: 'actions', elements: [button] }];
}

/**
 * The blocks of a message after one of its buttons was pressed: every actions block is replaced,
 * where the first one stood, by a line naming the chosen answer, so old buttons cannot be pressed again.
 */
export function withChoiceMade(
  blocks: readonly types.KnownBlock[],
  label: string,
  texts: SlackTexts,
): types.KnownBlock[] {
  const chosen: Block = {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: escapeMrkdwn(texts.text('chosen', { label })), verbatim: true }],
  };
  const result: Block[] = [];
  let placed = false;
  for (const block of blocks) {
    if (block.type !== 'actions') result.push(block);
    else if (!placed) {
      result.push(chosen);
      placed = true;
    }
  }
  return placed ? result : [...result, chosen];
}

/** The modal for a long answer; `channel` (the DM) comes back with the submission. */
export function formView(form: { title: string; label: string }, channel: string, texts: SlackTexts): types.ModalView {
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK,
    private_metadata: channel,
    title: { type: 'plain_text', text: cut(form.title, LIMITS.modalTitle) },
    submit: { type: 'plain_text', text: texts.text('formSubmit') },
    close: { type: 'plain_text', text: texts.text('formCancel') },
    blocks: [
      {
        type: 'input',
        block_id: FORM_BLOCK,
        label: { type: 'plain_text', text: form.label },
        element: { type: 'plain_text_input', action_id: FORM_ELEMENT, multiline: true, max_length: LIMITS.formInput },
      },
    ],
  };
}

/**
 * Splits `text` into escaped parts of at most `limit` characters. Escaping lengthens text (`<` becomes
 * `&lt;`), so a part that grew past the limit is split again from its raw text with a smaller window.
 */
export function splitEscaped(text: string, limit: number): string[] {
  return splitMessage(text, limit).flatMap((part) => {
    const escaped = escapeMrkdwn(part);
    if (escaped.length <= limit) return [escaped];
    const smaller = Math.max(2, Math.floor((limit * part.length) / escaped.length) - 1);
    return splitMessage(part, smaller).flatMap((piece) => splitEscaped(piece, limit));
  });
}

// Cuts on a code point boundary and marks the cut.
function cut(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const chars = Array.from(text);
  let out = '';
  for (const char of chars) {
    if (out.length + char.length > limit - 1) break;
    out += char;
  }
  return `${out}…`;
}

function prettyContent(content: string): string {
  try {
    return JSON.stringify(JSON.parse(content), null, 2);
  } catch {
    return content;
  }
}
