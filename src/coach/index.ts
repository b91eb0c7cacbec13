import type { ActionFn, ActionRegistry } from '../engine/actions.js';
import type { FlowRegistry } from '../flow/schema.js';
import { saveAssessment } from './assessment.js';
import { CONTACT_ACTION_NAMES, contactActions } from './contact/index.js';
import { readDraftData } from './contact/draft-rules.js';
import { DAILY_ACTION_NAMES, dailyActions } from './daily/index.js';
import { readListenData } from './daily/listen.js';
import { readPrompts } from './daily/prompts.js';
import { progressPicture, readProgressTexts } from './progress/index.js';
import { showResources } from './resources.js';
import { COUNTRY_ACTION_NAMES, countryActions } from './country.js';
import { readSupportLines } from '../safety/index.js';
import { setQuietHours } from './quiet-hours.js';
import { scoreLevel } from './score-level.js';
import { pickTimezone, setDailyTime, setTimezone } from './time-zone.js';
import { explainSources, readWhyData } from './why/index.js';

/** Sets `args.path` to the turn's time as an ISO string (when an assessment was taken, say). */
const stampTime: ActionFn = (ctx) => {
  const path = typeof ctx.args.path === 'string' ? ctx.args.path : 'vars.at';
  return { set: { [path]: new Date(ctx.now).toISOString() } };
};

/** Enters the code the journey saved at `args.from` (a `vars.` path): the engine joins the chat once the turn commits. */
const linkJoin: ActionFn = (ctx) => {
  const from = typeof ctx.args.from === 'string' ? ctx.args.from.replace(/^vars\./, '') : 'code';
  const code = ctx.vars[from];
  return { emit: [{ type: 'link', op: 'join', code: typeof code === 'string' ? code : '' }] };
};

const BASIC_ACTIONS = {
  scoreLevel,
  stampTime,
  exportData: () => ({ emit: [{ type: 'export' }] }),
  forgetUser: () => ({ emit: [{ type: 'forget' }] }),
  eraseChat: () => ({ emit: [{ type: 'erase' }] }),
  linkIssue: () => ({ emit: [{ type: 'link', op: 'issue' }] }),
  linkJoin,
  linkRemove: () => ({ emit: [{ type: 'link', op: 'unlink' }] }),
  saveAssessment,
  showResources,
  setTimezone,
  pickTimezone,
  setDailyTime,
  setQuietHours,
} as const satisfies Record<string, ActionFn>;

/**
 * Every action name flows may call, known before any content is read: the flow linter rejects other names.
 * {@link createActions} builds exactly these.
 */
export const ACTION_NAMES: readonly ActionName[] = [
  ...(Object.keys(BASIC_ACTIONS) as (keyof typeof BASIC_ACTIONS)[]),
  ...DAILY_ACTION_NAMES,
  ...CONTACT_ACTION_NAMES,
  ...COUNTRY_ACTION_NAMES,
  'explainSources',
  'progressPicture',
];

/** One named action. */
export type ActionName =
  | keyof typeof BASIC_ACTIONS
  | (typeof DAILY_ACTION_NAMES)[number]
  | (typeof CONTACT_ACTION_NAMES)[number]
  | (typeof COUNTRY_ACTION_NAMES)[number]
  | 'explainSources'
  | 'progressPicture';

/**
 * The named actions over the coach's data files (daily prompts, draft-review rules, the progress picture's words), read and validated once;
 * throws a FlowParse SteadyError naming the file and field when one is missing or broken.
 */
export function createActions(registry: FlowRegistry): ActionRegistry {
  const actions: Record<ActionName, ActionFn> = {
    ...BASIC_ACTIONS,
    ...dailyActions(readPrompts(registry.data), readListenData(registry.data)),
    ...contactActions(readDraftData(registry.data)),
    ...countryActions(readSupportLines(registry.data)),
    explainSources: explainSources(registry.sources, readWhyData(registry.data)),
    progressPicture: progressPicture(readProgressTexts(registry.data)),
  };
  return new Map(ACTION_NAMES.map((name) => [name, actions[name]]));
}
