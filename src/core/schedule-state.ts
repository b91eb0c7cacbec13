import { z } from 'zod';
import { PictureSchema } from './picture.js';
import type { Reply } from './types.js';

/** A platform-neutral reply as stored in Redis (the outbox, a send job); validated when read back. */
export const ReplySchema: z.ZodType<Reply> = z.object({
  text: z.string(),
  choices: z.array(z.object({ id: z.string(), label: z.string() })).exactOptional(),
  multi: z.boolean().exactOptional(),
  kind: z.enum(['info', 'question', 'safety', 'error']),
  document: z.object({ filename: z.string(), mimeType: z.string(), content: z.string() }).exactOptional(),
  form: z.object({ title: z.string(), label: z.string() }).exactOptional(),
  picture: PictureSchema.exactOptional(),
});

const TimerSchema = z.object({
  /** When the timer is due (epoch ms). */
  at: z.number(),
  /** The flow it starts. */
  flow: z.string(),
});

/** A one-shot timer a flow armed (a follow-up, a re-check, a prompt put off while the user was busy). */
export type Timer = z.infer<typeof TimerSchema>;

const OutboxEntrySchema = z.object({
  /** Deduplication id of the delivery: the occurrence it belongs to (`day.2026-11-22`, `t.contact-followup.<at>`). */
  id: z.string(),
  /** When the scheduled turn produced it. */
  at: z.number(),
  replies: z.array(ReplySchema),
});

/** Messages a scheduled turn produced, offered to the sender again until they age out. */
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;

/** Everything the scheduler needs to know about one user, kept inside their (encrypted) state. */
export const ScheduleStateSchema = z.object({
  /** When the recurring settings last changed; no daily occurrence at or before it is sent. */
  anchor: z.number().optional(),
  /** The planned instant of the last daily occurrence that was handled (sent, or put off). */
  lastDay: z.number().optional(),
  /** When the user last wrote or pressed something themselves. */
  lastActive: z.number().optional(),
  /** When Steady last said it is an automated program (src/engine/honesty.ts). */
  disclosedAt: z.number().optional(),
  /** Milliseconds of conversation since then, gaps under an hour counted in full (src/engine/honesty.ts). */
  usedMs: z.number().optional(),
  /** When the one "we missed you" note went out; nothing recurring follows until the user writes again. */
  nudgedAt: z.number().optional(),
  /** One-shot timers by name; arming one again replaces it. */
  timers: z.record(z.string(), TimerSchema).optional(),
  /** Deliveries of scheduled turns, re-offered after a crash; the sender drops ids it has seen. */
  outbox: z.array(OutboxEntrySchema).optional(),
  /** The next due time as last handed to the due index; a turn that changes it tells the index again. */
  planned: z.number().nullable().optional(),
  /** Where proactive messages go: the platform and address of the user's direct chat. */
  reach: z.object({ platform: z.string(), address: z.string() }).optional(),
});

/** The scheduler's part of a user's state. */
export type ScheduleState = z.infer<typeof ScheduleStateSchema>;
