// A Slack address names the DM channel to post in and the user it belongs to: `<channel>:<user>`, and, when the
// app is installed in several workspaces, the workspace: `<channel>:<user>:<team>`. The user is needed to report
// an unreachable user from `send`, which only gets the address; the workspace, to find its token.

/** Where Steady answers one Slack user: the app's DM channel with them. */
export interface SlackAddress {
  channel: string;
  /** Absent for addresses written before the user was part of it. */
  user?: string;
  /** The workspace, when the app is installed in several. */
  team?: string;
}

/** Encodes an address for `InboundEvent.address`; Slack ids never contain `:`. */
export function toAddress(channel: string, user: string, team?: string): string {
  return team === undefined ? `${channel}:${user}` : `${channel}:${user}:${team}`;
}

/** Decodes {@link toAddress}; a bare channel id is accepted too. */
export function parseAddress(address: string): SlackAddress {
  const [channel = '', user, team] = address.split(':', 3);
  return { channel, ...(user ? { user } : {}), ...(team ? { team } : {}) };
}
