import { ButtonStyle, ComponentType, Routes, type REST } from 'discord.js';
import { z } from 'zod';
import type { Clock, Logger } from '../../src/index.js';
import type { SecretStore } from '../shared/deps.js';
import type { DiscordTexts } from './texts.js';

// The daily reflection post a server may opt into (`/steady-admin reflection`): once a day, the day's general
// prompt (the same for everyone, nothing personal) in a channel, with a button that opens a private chat, where
// `/steady today` takes it further.

/** The day's general prompt for a date (`YYYY-MM-DD`): its reflection, the same for everyone that day. */
export type DailyReflection = (date: string) => string;

// The servers that chose a channel, so the daily round knows where to look without listing keys.
const INDEX = 'discord-reflection-guilds';
const Index = z.array(z.string());
const Choice = z.object({ channel: z.string(), postedOn: z.string().optional() });
// A round every ten minutes posts at most once per server and day (UTC), at the first round after 09:00.
const ROUND_MS = 10 * 60_000;
const POST_HOUR_UTC = 9;

/** What the reflection posts work with. */
export interface ReflectionDeps {
  rest: REST;
  secrets: SecretStore;
  texts: DiscordTexts;
  clock: Clock;
  reflection: DailyReflection;
  logger: Pick<Logger, 'warn'>;
}

/** The daily reflection posts of one adapter. */
export interface Reflections {
  /** Sets or clears a server's channel; a newly chosen channel gets today's post at once. */
  choose(guild: string, channel: string | undefined): Promise<void>;
  /** Posts today's reflection wherever it is due; what the timer runs. */
  round(): Promise<void>;
  /** Starts the rounds; returns what stops them. */
  start(): () => void;
}

/** Builds the reflection posts. */
export function createReflections(deps: ReflectionDeps): Reflections {
  const { secrets, clock } = deps;
  const key = (guild: string): string => `discord-reflection:${guild}`;
  const today = (): string => new Date(clock.now()).toISOString().slice(0, 10);
  const guilds = async (): Promise<string[]> => Index.parse(JSON.parse((await secrets.get(INDEX)) ?? '[]'));

  async function post(guild: string, force: boolean): Promise<void> {
    const stored = await secrets.get(key(guild));
    if (stored === undefined) return;
    const choice = Choice.parse(JSON.parse(stored));
    const date = today();
    if (choice.postedOn === date || (!force && new Date(clock.now()).getUTCHours() < POST_HOUR_UTC)) return;
    // Marked first: a failed post is not repeated all day, a double post is worse than a missed one.
    await secrets.set(key(guild), JSON.stringify({ ...choice, postedOn: date }));
    const content = `${deps.reflection(date)}\n\n${deps.texts.text('reflectionInvite')}`;
    const button = {
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      custom_id: 'dm',
      label: deps.texts.text('dmOfferLabel'),
    };
    await deps.rest.post(Routes.channelMessages(choice.channel), {
      body: {
        content,
        components: [{ type: ComponentType.ActionRow, components: [button] }],
        allowed_mentions: { parse: [] },
      },
    });
  }

  async function round(): Promise<void> {
    for (const guild of await guilds()) {
      await post(guild, false).catch((error: unknown) =>
        deps.logger.warn(
          { platform: 'discord', err: error instanceof Error ? error.name : 'unknown' },
          'reflection post failed',
        ),
      );
    }
  }

  return {
    round,
    async choose(guild, channel) {
      const others = (await guilds()).filter((g) => g !== guild);
      if (channel === undefined) {
        await secrets.delete(key(guild));
        await secrets.set(INDEX, JSON.stringify(others));
        return;
      }
      // The same channel chosen again keeps the day it was last posted in, so nobody gets today's post twice.
      const before = await secrets.get(key(guild));
      const postedOn = before === undefined ? undefined : Choice.parse(JSON.parse(before)).postedOn;
      const same = before !== undefined && Choice.parse(JSON.parse(before)).channel === channel;
      await secrets.set(key(guild), JSON.stringify(same && postedOn ? { channel, postedOn } : { channel }));
      await secrets.set(INDEX, JSON.stringify([...others, guild]));
      await post(guild, true);
    },
    start() {
      const timer = setInterval(() => void round(), ROUND_MS);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
