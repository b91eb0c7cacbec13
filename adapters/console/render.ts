import type { Reply } from '../../src/index.js';

// Console-only chrome: the engine's own words live in flows/_messages.yaml, this just explains the numbering.
const MULTI_NOTE = '  (you can pick several: type all their numbers on one line, like 1, 3)';

/** Renders replies as terminal text: each reply's text, numbered choices, and any attached document. */
export function renderReplies(replies: readonly Reply[]): string {
  return replies.map(renderReply).join('\n\n');
}

function renderReply(reply: Reply): string {
  const lines = [reply.text];
  reply.choices?.forEach((choice, index) => lines.push(`  ${index + 1}) ${choice.label}`));
  if (reply.multi && reply.choices?.length) lines.push(MULTI_NOTE);
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
