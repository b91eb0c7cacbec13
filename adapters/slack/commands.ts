import type { CommandEntry } from '../../src/index.js';

/**
 * The usage hint Slack shows under `/steady` while it is typed (the manifest's `usage_hint`): every user
 * command (`commandList`), so the hint lists what the flows offer. A test holds slack/manifest.yml to it.
 */
export function usageHint(commands: readonly CommandEntry[]): string {
  return `[${commands.map((c) => c.command).join(' | ')}]`;
}
