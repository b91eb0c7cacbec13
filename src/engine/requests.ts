import { z } from 'zod';
import { readData } from '../core/content.js';
import type { FlowRegistry } from '../flow/schema.js';
import { choicesFor, understandOne } from '../understand/index.js';
import type { Program } from './turn.js';

// Free text outside a journey, read as a request ("can you help me text him", "delete my data") and routed to
// a command from the table in flows/locales/en/data/requests.yaml.

const RequestSchema = z.strictObject({
  /** What the request is for: contact, low, plan, why, stop, forget, today... */
  id: z.string().regex(/^[a-z][a-z0-9_-]*$/),
  /** The command (without the slash) that answers it. */
  command: z.string().regex(/^[a-z][a-z0-9_]*$/),
  /** Ways people ask for it, in their own words. */
  understands: z.array(z.string().min(1)).min(1),
});
const RequestsSchema = z.strictObject({ requests: z.array(RequestSchema).min(1) });

/** One row of the request table. */
export type Request = z.infer<typeof RequestSchema>;

const REQUEST_TEXT_WEIGHT = 0.25;
// A request is acted on at a lower bar than an answer: a wrong guess starts a journey the person can leave with
// /cancel, and "not recognised" only says what Steady can do.
const REQUEST_TAKE = 0.6;
const tables = new WeakMap<FlowRegistry, Request[]>();

/** The request table, checked once per loaded registry; throws a FlowParse error naming the file when broken. */
export function requestTable(registry: FlowRegistry): Request[] {
  const found = tables.get(registry);
  if (found) return found;
  const table = readData(registry.data, 'requests', RequestsSchema).requests;
  tables.set(registry, table);
  return table;
}

/** The request `text` makes, when it is clear enough to act on without asking. */
export function routeRequest(program: Program, text: string): Request | undefined {
  if (/^[\d\s.,]*$/.test(text)) return undefined;
  const table = requestTable(program.registry);
  // A request comes wrapped in a story ("it's our anniversary tomorrow, should I call her?"): the words around
  // the request count for less than around an answer to a question.
  const compiled = choicesFor(
    table,
    () => table.map((r) => ({ id: r.id, phrases: r.understands })),
    REQUEST_TEXT_WEIGHT,
  );
  const understood = understandOne(compiled, text, { now: 0 }, { questions: true, take: REQUEST_TAKE });
  if (understood.kind !== 'take') return undefined;
  return table.find((r) => r.id === understood.ids[0]);
}

/** Requests whose command no loaded flow declares: Steady answers them with what it can do until one does. */
export function unroutedRequests(registry: FlowRegistry): Request[] {
  const commands = new Set([...registry.flows.values()].flatMap((f) => (f.command ? [f.command] : [])));
  return requestTable(registry).filter((r) => !commands.has(r.command));
}

/**
 * The aside (such as `why`) that `text` asks for, when a waiting question could not read it: "who says so?" at
 * an assessment question shows the sources of the last advice and asks again.
 */
export function asideRequest(program: Program, text: string): string | undefined {
  const request = routeRequest(program, text);
  if (request === undefined) return undefined;
  const flow = [...program.registry.flows.values()].find((f) => f.command === request.command);
  return flow?.aside === true ? flow.id : undefined;
}
