// Slack-only chrome: the words around the engine's own messages (which live in flows/_messages.yaml).
// Neutral on purpose: anything shown outside the DM may be read by colleagues.

/** The one slash command the manifest registers; every Steady command is a word after it. */
export const SLASH_COMMAND = '/steady';

/** Words Slack shows around Steady's replies. */
export const SLACK_TEXTS = {
  /** The ephemeral answer to the slash command outside the DM: says nothing about the user. */
  movedToDm: 'Steady has answered in your direct messages with the app.',
  /** Shown in place of the buttons once one was pressed. */
  chosenPrefix: '✓',
  /** The button that opens a form for a long answer, and the form's buttons. */
  openForm: 'Write it in a form',
  formSubmit: 'Send',
  formCancel: 'Cancel',
  /** Precedes a document's content (the data export), which Slack shows as a code block. */
  documentHeading: 'File',
  home: {
    title: 'Steady',
    intro: 'A self-help coach for the days after a separation. Only you can see this page.',
    notStarted: 'We have not started yet. Say hello to begin.',
    assessment: 'Last assessment',
    noAssessment: 'No assessment yet.',
    streak: 'Check-ins in a row',
    nextCheckin: 'Next check-in',
    paused: 'Daily check-ins are paused.',
    noCheckin: 'No daily check-in time set yet.',
    startHeading: 'Start something',
    privacy: 'Everything happens in your direct messages with Steady. Nothing is posted in channels.',
  },
} as const;

/** One App Home button: the command it runs in the DM and its label. */
export interface HomeJourney {
  command: string;
  label: string;
  /** Hidden once a legal or safety signal switched off help with contacting the spouse. */
  contact?: boolean;
}

/** The journeys App Home offers, in order; `start` is offered alone until the user is onboarded. */
export const HOME_JOURNEYS: readonly HomeJourney[] = [
  { command: 'assess', label: 'Take stock' },
  { command: 'today', label: "Today's check-in" },
  { command: 'contact', label: 'Before I contact them', contact: true },
  { command: 'week', label: 'Look back on the week' },
  { command: 'menu', label: 'Everything else' },
];

/** The App Home button for a user who has not started. */
export const HOME_START: HomeJourney = { command: 'start', label: 'Begin' };
