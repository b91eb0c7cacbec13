import { assertNever } from '../core/errors.js';
import type { ActionContext, ActionResult } from '../engine/actions.js';
import { pickPlace, type PlaceCandidate } from '../understand/index.js';
import { readDailyTime, readZone } from './typed-values.js';

/**
 * Reads a typed time zone (IANA name, UTC offset, or a city from the city list; see {@link readZone}) in
 * `args.from` and stores it in `settings.timezone`; `vars.zoneOk` tells the flow whether it worked, `vars.zoneFixed`
 * whether it is a fixed offset, which does not follow daylight saving. A city name shared by places in different
 * zones sets `vars.zoneAmbiguous`, and `vars.zonePlaces` / `vars.zoneChoices` list them for the flow to ask which.
 */
export function setTimezone(ctx: ActionContext): ActionResult {
  const raw = typeof ctx.args.from === 'string' ? ctx.vars[ctx.args.from.replace(/^vars\./, '')] : undefined;
  const reading = typeof raw === 'string' ? readZone(raw) : { kind: 'unreadable' as const };
  switch (reading.kind) {
    case 'unreadable':
      return { set: { 'vars.zoneOk': false, 'vars.zoneAmbiguous': false } };
    case 'ambiguous':
      return {
        set: {
          'vars.zoneOk': false,
          'vars.zoneAmbiguous': true,
          'vars.zoneName': reading.name,
          'vars.zonePlaces': reading.candidates.map((c) => ({ zone: c.zone, where: c.where })),
          'vars.zoneChoices': reading.candidates.map((c, i) => `${i + 1}. ${c.where} (${c.zone})`).join('\n'),
        },
      };
    case 'value':
      return {
        set: {
          'settings.timezone': reading.value,
          'vars.zoneOk': true,
          'vars.zoneAmbiguous': false,
          'vars.zoneFixed': reading.fixed === true,
        },
      };
    default:
      return assertNever(reading);
  }
}

/** Picks one of the places `setTimezone` found for a shared name, by what was typed in `args.from` ("Oregon", "2"). */
export function pickTimezone(ctx: ActionContext): ActionResult {
  const raw = typeof ctx.args.from === 'string' ? ctx.vars[ctx.args.from.replace(/^vars\./, '')] : undefined;
  const places = Array.isArray(ctx.vars.zonePlaces) ? (ctx.vars.zonePlaces as unknown as PlaceCandidate[]) : [];
  const zone = typeof raw === 'string' ? pickPlace(places, raw) : undefined;
  if (zone === undefined) return { set: { 'vars.zoneOk': false } };
  return { set: { 'settings.timezone': zone, 'vars.zoneOk': true, 'vars.zoneFixed': false } };
}

/** Validates a typed time of day (`7:30`, `19.00`, "8:15pm", "half past eight") in `args.from`; stores `HH:MM`. */
export function setDailyTime(ctx: ActionContext): ActionResult {
  const raw = typeof ctx.args.from === 'string' ? ctx.vars[ctx.args.from.replace(/^vars\./, '')] : undefined;
  const reading = typeof raw === 'string' ? readDailyTime(raw) : undefined;
  if (reading?.kind !== 'value') return { set: { 'vars.timeOk': false } };
  return { set: { 'settings.dailyTime': reading.value, 'vars.timeOk': true } };
}
