import type { InboundEvent } from '../../src/index.js';

const COMMAND = /^\/(\S+)(?:\s+([\s\S]*))?$/;

/**
 * Maps one typed line to an InboundEvent, or `undefined` for an empty line.
 * `/cmd args` becomes a command; anything else (a number, a label, free text) is text the engine
 * resolves against the question on screen.
 * @param run Optional run id baked into the event id, so ids stay unique across restarts with a durable store.
 */
export function toInbound(line: string, seq: number, now: number, run?: string): InboundEvent | undefined {
  const trimmed = line.trim();
  if (trimmed === '') return undefined;
  const base = {
    id: run === undefined ? `console:${seq}` : `console:${run}:${seq}`,
    platform: 'console',
    userId: 'local',
    address: 'terminal',
    at: now,
  };
  const command = COMMAND.exec(trimmed);
  if (command?.[1]) {
    return { ...base, kind: 'command', command: command[1].toLowerCase(), args: command[2]?.trim() ?? '' };
  }
  return { ...base, kind: 'text', text: trimmed };
}
