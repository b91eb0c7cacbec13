// Slack reads message text as mrkdwn: `<...>` is a link or mention and `&` starts an entity.
// Everything a user or a flow wrote goes through `escapeMrkdwn` before it reaches Slack.

/** Escapes `&`, `<` and `>` so user text can never become a mention (`<!channel>`, `<@U…>`) or a link. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const ANGLE = /<([^<>]*)>/g;

/**
 * Turns the text of an incoming Slack message back into what the user typed: a link shows its label
 * (or its address), a mention its name if Slack sent one, and entities are decoded last.
 */
export function plainFromSlack(text: string): string {
  const unwrapped = text.replace(ANGLE, (_whole, inner: string) => {
    const [target = '', label] = inner.split('|', 2);
    if (label !== undefined && label !== '') return label;
    if (target.startsWith('@') || target.startsWith('#') || target.startsWith('!')) return target.split('^')[0] ?? '';
    return target.replace(/^mailto:/, '');
  });
  return unwrapped.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

// `/word` at the start of a line or after a space, bracket or quote; not `and/or`, `24/7` or a URL path.
const COMMAND_MENTION = /(^|[\s("'“‘])\/([a-z][a-z0-9_-]*)\b/gm;

/**
 * Rewrites command names in reply text (`type /menu`) into the one slash command Slack knows,
 * `/steady menu`: in Slack a message that starts with `/` is taken as a slash command.
 */
export function slackCommands(text: string, slash: string): string {
  return text.replace(COMMAND_MENTION, (whole, before: string, word: string) =>
    `/${word}` === slash ? whole : `${before}${slash} ${word}`,
  );
}
