import { z } from 'zod';

// A picture travels as the data it is drawn from, not as image bytes: it stays small in the stored outbox of a
// scheduled message, and each adapter draws it (src/picture/) or shows its text form where images cannot go.

/** How a logged contact went, as the chart colours it; `pending` is a contact not rated yet. */
export const CHART_OUTCOMES = ['good', 'mixed', 'bad', 'no_reply', 'pending'] as const;
/** One of {@link CHART_OUTCOMES}. */
export type ChartOutcome = (typeof CHART_OUTCOMES)[number];

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const ChartDaySchema = z.object({
  /** The local calendar date. */
  date: IsoDate,
  /** The day's mood score, 1 to 5, when the user gave one. */
  mood: z.number().int().min(1).max(5).exactOptional(),
  /** The day's check-in: done (or a journal entry), or only skipped. */
  checkin: z.enum(['done', 'skip']).exactOptional(),
  /** The contacts logged that day, in time order. */
  contacts: z.array(z.enum(CHART_OUTCOMES)),
});

/** One day of the progress chart. */
export type ChartDay = z.infer<typeof ChartDaySchema>;

const OutcomeWords = z.object({
  good: z.string(),
  mixed: z.string(),
  bad: z.string(),
  no_reply: z.string(),
  pending: z.string(),
});

/** The progress chart's data and the words drawn on it (from the content data, never from code). */
export const ProgressChartSchema = z.object({
  kind: z.literal('progress'),
  /** BCP 47 tag the dates on the axis are written in. */
  locale: z.string(),
  title: z.string(),
  /** Oldest first, one entry per day of the range, today last. */
  days: z.array(ChartDaySchema).min(1),
  labels: z.object({
    mood: z.string(),
    checkins: z.string(),
    contacts: z.string(),
    done: z.string(),
    skip: z.string(),
    outcomes: OutcomeWords,
  }),
});

/** What the progress chart is drawn from. */
export type ProgressChart = z.infer<typeof ProgressChartSchema>;

/** A chart attached to a reply; platforms without images show `alt` and `sparkline` instead. */
export const PictureSchema = z.object({
  /** What the chart shows, in words: the image's alternative text. */
  alt: z.string(),
  /** The same series as short lines of text (one per row), for the terminal and text-only chats. */
  sparkline: z.string(),
  chart: ProgressChartSchema,
});

/** A chart attached to a reply. */
export type Picture = z.infer<typeof PictureSchema>;
