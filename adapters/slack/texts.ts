import { defineMessages, type Texts } from '../../src/index.js';

// Slack-only chrome (flows/locales/en/slack.yaml): the words around the engine's own messages.
// Neutral on purpose: anything shown outside the DM may be read by colleagues.

/** The one slash command the manifest registers; every Steady command is a word after it. */
export const SLASH_COMMAND = '/steady';

/** Words Slack shows around Steady's replies and on App Home, each with its placeholders. */
export const SLACK_MESSAGES = defineMessages('slack', {
  movedToDm: [],
  chosen: ['label'],
  openForm: [],
  formSubmit: [],
  formCancel: [],
  document: ['filename'],
  pictureAsText: [],
  eraseRemoved: ['count'],
  eraseFailed: ['count'],
  eraseLeft: [],
  'home.title': [],
  'home.intro': [],
  'home.notStarted': [],
  'home.assessment': [],
  'home.noAssessment': [],
  'home.streak': ['count'],
  'home.nextCheckin': [],
  'home.paused': [],
  'home.noCheckin': [],
  'home.startHeading': [],
  'home.privacy': [],
  'home.journey.begin': [],
  'home.journey.assess': [],
  'home.journey.today': [],
  'home.journey.contact': [],
  'home.journey.week': [],
  'home.journey.menu': [],
});

/** The Slack adapter's words, bound to their catalog at construction. */
export type SlackTexts = Texts<typeof SLACK_MESSAGES.spec>;

/** One App Home button: the command it runs in the DM and the catalog key of its label. */
export interface HomeJourney {
  command: string;
  label: keyof typeof SLACK_MESSAGES.spec & `home.journey.${string}`;
  /** Hidden once a legal or safety signal switched off help with contacting the spouse. */
  contact?: boolean;
}

/** The journeys App Home offers, in order; `start` is offered alone until the user is onboarded. */
export const HOME_JOURNEYS: readonly HomeJourney[] = [
  { command: 'assess', label: 'home.journey.assess' },
  { command: 'today', label: 'home.journey.today' },
  { command: 'contact', label: 'home.journey.contact', contact: true },
  { command: 'week', label: 'home.journey.week' },
  { command: 'menu', label: 'home.journey.menu' },
];

/** The App Home button for a user who has not started. */
export const HOME_START: HomeJourney = { command: 'start', label: 'home.journey.begin' };
