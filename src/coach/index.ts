import type { ActionFn, ActionRegistry } from '../engine/actions.js';
import { saveAssessment } from './assessment.js';
import { contactActions } from './contact/index.js';
import { dailyActions } from './daily/index.js';
import { showResources } from './resources.js';
import { setQuietHours } from './quiet-hours.js';
import { scoreLevel } from './score-level.js';
import { setDailyTime, setTimezone } from './time-zone.js';

/** Sets `args.path` to the turn's time as an ISO string (when an assessment was taken, say). */
const stampTime: ActionFn = (ctx) => {
  const path = typeof ctx.args.path === 'string' ? ctx.args.path : 'vars.at';
  return { set: { [path]: new Date(ctx.now).toISOString() } };
};

/** Every named action flows may call; the flow loader rejects names not listed here. */
export const actionRegistry: ActionRegistry = new Map<string, ActionFn>([
  ['scoreLevel', scoreLevel],
  ['stampTime', stampTime],
  ['exportData', () => ({ emit: [{ type: 'export' }] })],
  ['forgetUser', () => ({ emit: [{ type: 'forget' }] })],
  ['saveAssessment', saveAssessment],
  ['showResources', showResources],
  ['setTimezone', setTimezone],
  ['setDailyTime', setDailyTime],
  ['setQuietHours', setQuietHours],
  ...dailyActions,
  ...contactActions,
]);
