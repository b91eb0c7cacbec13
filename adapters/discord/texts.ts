// Discord-only chrome: words about this platform's own controls (DM hand-over, the form button,
// the command picker). Everything Steady says as a coach comes from flows/.

/** Labels, notes and command descriptions only the Discord adapter shows. */
export const DISCORD_TEXTS = {
  /** The button under every answer in a server channel. */
  dmOfferLabel: 'Continue privately in DMs',
  /** The first message of the private chat. */
  dmHello:
    'This is our private chat. Anything you started in the server carries on here: answer below, or use /steady menu to see what you can do.',
  /** The private note in the server once the DM is open. */
  dmOpened: "I've sent you a direct message. Let's carry on there.",
  /** The link button to the private chat. */
  dmOpenLabel: 'Open our chat',
  /** The private note in the server when Discord refuses the DM. */
  dmRefused:
    "I couldn't send you a direct message. To talk privately, allow direct messages from members of this server (server menu → Privacy settings), then press the button again.",
  /** The button that opens a text box for a long answer. */
  formButton: 'Write it here',
  /** The select menu's empty state, for questions with many options. */
  selectPlaceholder: 'Choose an option',
  /** The slash command as Discord lists it. */
  commandDescription: 'Talk with Steady, privately',
  /** Subcommands that are not journeys of their own. */
  builtins: {
    start: 'Begin again with the welcome',
    menu: 'See what you can do',
    help: 'What Steady is, and every command',
    cancel: "Leave what you're in the middle of",
  },
} as const;
