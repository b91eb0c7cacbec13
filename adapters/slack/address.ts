// A Slack address names the DM channel to post in and the user it belongs to: `<channel>:<user>`.
// The user is needed to report an unreachable user from `send`, which only gets the address.

/** Where Steady answers one Slack user: the app's DM channel with them. */
export interface SlackAddress {
  channel: string;
  /** Absent for addresses written before the user was part of it. */
  user?: string;
}

/** Encodes an address for `InboundEvent.address`; Slack ids never contain `:`. */
export function toAddress(channel: string, user: string): string {
  return `${channel}:${user}`;
}

/** Decodes {@link toAddress}; a bare channel id is accepted too. */
export function parseAddress(address: string): SlackAddress {
  const [channel = '', user] = address.split(':', 2);
  return user ? { channel, user } : { channel };
}
