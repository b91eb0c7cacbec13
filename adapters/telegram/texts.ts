// Telegram-only chrome: the command menu Telegram shows next to the text field, and the note for
// groups (where Steady never coaches). The coaching words themselves all live in flows/.

/** The command menu registered with `setMyCommands` at start-up, in the order Telegram shows it. */
export const BOT_COMMANDS: readonly { command: string; description: string }[] = [
  { command: 'start', description: 'Begin, or begin again' },
  { command: 'today', description: "Today's short exercise" },
  { command: 'assess', description: 'Take stock of where things stand' },
  { command: 'contact', description: 'Think a message through before sending it' },
  { command: 'week', description: 'Look back over the week' },
  { command: 'sos', description: 'Support lines and help right now' },
  { command: 'help', description: 'What Steady is and what it can do' },
  { command: 'privacy', description: 'What is stored, and for how long' },
  { command: 'export', description: 'Get a copy of your data' },
  { command: 'forget', description: 'Delete everything stored about you' },
  { command: 'pause', description: 'Pause the daily messages' },
  { command: 'resume', description: 'Resume the daily messages' },
];

/** Said in a group when someone addresses the bot there; nothing from the group is stored. */
export const GROUP_NOTE =
  'I only talk one to one, so that what you tell me stays between us. Open a private chat with me to begin.';

/** The label of the link button under {@link GROUP_NOTE}. */
export const GROUP_LINK_LABEL = 'Open a private chat';
