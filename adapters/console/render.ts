import type { Reply } from '../../src/index.js';
import type { ConsoleTexts } from './texts.js';

/**
 * Renders replies as terminal text: each reply's text, numbered choices, any attached document, and a picture
 * as its text form (a sparkline per row), since a terminal shows no images.
 */
export function renderReplies(replies: readonly Reply[], texts: ConsoleTexts): string {
  return replies.map((reply) => renderReply(reply, texts)).join('\n\n');
}

function renderReply(reply: Reply, texts: ConsoleTexts): string {
  const lines = [reply.text];
  if (reply.picture) lines.push('', reply.picture.sparkline);
  reply.choices?.forEach((choice, index) => lines.push(`  ${index + 1}) ${choice.label}`));
  if (reply.multi && reply.choices?.length) lines.push(`  ${texts.text('multiNote')}`);
  if (reply.document) {
    lines.push(`--- ${reply.document.filename} ---`, prettyContent(reply.document.content), '---');
  }
  return lines.join('\n');
}

// Exports are JSON; anything else is shown as it is.
function prettyContent(content: string): string {
  try {
    return JSON.stringify(JSON.parse(content), null, 2);
  } catch {
    return content;
  }
}
