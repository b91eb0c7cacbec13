import { defineMessages, type Texts } from '../../src/index.js';

// Discord-only chrome (flows/locales/en/discord.yaml): words about this platform's own controls (DM
// hand-over, the form button, the command picker). Everything Steady says as a coach comes from flows/.

/** Labels, notes and the command description only the Discord adapter shows. */
export const DISCORD_MESSAGES = defineMessages('discord', {
  dmOfferLabel: [],
  dmHello: [],
  dmOpened: [],
  dmOpenLabel: [],
  dmRefused: [],
  formButton: [],
  selectPlaceholder: [],
  commandDescription: [],
  settingsGroup: [],
  eraseRemoved: ['count'],
  eraseFailed: ['count'],
  eraseLeft: [],
  adminDescription: [],
  adminWatch: [],
  adminOn: [],
  adminAlerts: [],
  adminStatus: [],
  adminChannel: [],
  adminReflection: [],
  reflectionOn: ['channel'],
  reflectionOff: ['channel'],
  reflectionInvite: [],
  adminOnly: [],
  watchOn: ['channel'],
  watchOff: ['channel'],
  alertsSet: ['channel'],
  watchStatus: ['channels', 'alerts'],
  watchDm: ['lines'],
  watchAlert: ['channel', 'link'],
});

/** The Discord adapter's words, bound to their catalog at construction. */
export type DiscordTexts = Texts<typeof DISCORD_MESSAGES.spec>;
