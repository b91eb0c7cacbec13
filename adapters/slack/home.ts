import type { types } from '@slack/bolt';
import { DateTime } from 'luxon';
import type { UserSummary } from '../../src/index.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { HOME_JOURNEYS, HOME_START, type HomeJourney, type SlackTexts } from './texts.js';
import { HOME_PREFIX } from './to-inbound.js';

type Block = types.KnownBlock;
type HomeKey = Parameters<SlackTexts['text']>[0] & `home.${string}`;
type Say = (key: Exclude<HomeKey, 'home.streak'>) => string;

/**
 * The App Home tab for one user: the last assessment's headline, the check-in streak, the next daily
 * check-in (shown in the viewer's own time by Slack), and a button per journey. Only the user sees it.
 */
export function homeView(summary: UserSummary, now: number, texts: SlackTexts): types.HomeView {
  // Chrome words are escaped like everything else: they are data and may one day contain `<` or `&`.
  const say: Say = (key) => escapeMrkdwn(texts.text(key));
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: texts.text('home.title') } },
    context(say('home.intro')),
  ];
  if (!summary.onboarded) {
    blocks.push(section(say('home.notStarted')), journeyButtons([HOME_START], texts), context(say('home.privacy')));
    return { type: 'home', blocks };
  }
  blocks.push(
    section(assessmentLine(summary, say)),
    section(escapeMrkdwn(texts.text('home.streak', { count: summary.streak }))),
    section(checkinLine(summary, now, say)),
    { type: 'divider' },
    section(`*${say('home.startHeading')}*`),
    journeyButtons(
      HOME_JOURNEYS.filter((journey) => !(journey.contact && summary.contactBlocked)),
      texts,
    ),
    context(say('home.privacy')),
  );
  return { type: 'home', blocks };
}

function assessmentLine(summary: UserSummary, say: Say): string {
  if (!summary.assessment) return `*${say('home.assessment')}:* ${say('home.noAssessment')}`;
  const { at, headline } = summary.assessment;
  const day = DateTime.fromMillis(at, { zone: 'utc' }).toISODate() ?? '';
  return `*${say('home.assessment')}:* ${slackDate(at, '{date_short_pretty}', day)}\n${escapeMrkdwn(headline)}`;
}

function checkinLine(summary: UserSummary, now: number, say: Say): string {
  if (summary.paused) return say('home.paused');
  if (!summary.dailyPrompt) return say('home.noCheckin');
  const { time, timezone } = summary.dailyPrompt;
  const next = nextOccurrence(time, timezone, now);
  const plain = escapeMrkdwn(`${time} (${timezone})`);
  return `*${say('home.nextCheckin')}:* ${next === undefined ? plain : slackDate(next, '{date_short_pretty} {time}', plain)}`;
}

/** Epoch ms of the next `HH:MM` in `timezone` after `now`; `undefined` for a bad time or zone. */
export function nextOccurrence(time: string, timezone: string, now: number): number | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) return undefined;
  const today = DateTime.fromMillis(now, { zone: timezone }).set({
    hour: Number(match[1]),
    minute: Number(match[2]),
    second: 0,
    millisecond: 0,
  });
  if (!today.isValid) return undefined;
  const next = today.toMillis() > now ? today : today.plus({ days: 1 });
  return next.toMillis();
}

// Slack renders `<!date^…>` in each viewer's own time zone; the text after `|` is shown where it cannot.
function slackDate(ms: number, format: string, fallback: string): string {
  return `<!date^${Math.floor(ms / 1000)}^${format}|${fallback}>`;
}

function journeyButtons(journeys: readonly HomeJourney[], texts: SlackTexts): Block {
  return {
    type: 'actions',
    elements: journeys.map((journey): types.Button => ({
      type: 'button',
      action_id: `${HOME_PREFIX}${journey.command}`,
      text: { type: 'plain_text', text: texts.text(journey.label), emoji: true },
    })),
  };
}

function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function context(text: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}
