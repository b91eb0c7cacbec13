import { Routes, type REST } from 'discord.js';
import { z } from 'zod';
import type { Logger } from '../../src/index.js';
import type { SecretStore } from '../shared/deps.js';
import type { DiscordTexts } from './texts.js';
import type { Reflections } from './reflection.js';

// A support community on Discord, opted into by a server's admins with `/steady-admin` (needs Discord's
// message-content intent, `DISCORD_COMMUNITY=on`): a crisis watch on chosen channels, and a daily reflection post
// (reflection.ts). A message there that the
// safety screen judges serious gets no public reply: its author gets a private message with support lines and
// an offer to talk, and the moderators' channel a short alert with a link, never the text.

/** The admin-only command; a member needs Manage Server to see or use it. */
export const ADMIN_COMMAND = 'steady-admin';
// Discord permission bits: Administrator and Manage Server.
const ADMIN_BITS = (1n << 3n) | (1n << 5n);

/** What the safety screen says of one message: serious or worse, and the support lines to send its author. */
export type Screen = (text: string) => { serious: boolean; supportLines: string };

/** One server's choices; nothing is watched until an admin says so. */
const GuildSettings = z.object({ watch: z.array(z.string()).default([]), alerts: z.string().optional() });
type GuildSettings = z.infer<typeof GuildSettings>;

const Option = z.object({ name: z.string(), value: z.union([z.string(), z.boolean()]).optional() });
const AdminInteraction = z.object({
  id: z.string(),
  token: z.string(),
  guild_id: z.string().optional(),
  member: z.object({ permissions: z.string() }).optional(),
  data: z.object({
    name: z.literal(ADMIN_COMMAND),
    options: z.array(z.object({ name: z.string(), options: z.array(Option).optional() })).optional(),
  }),
});
const GuildMessage = z.object({
  id: z.string(),
  channel_id: z.string(),
  guild_id: z.string(),
  content: z.string(),
  author: z.object({ id: z.string(), bot: z.boolean().optional() }),
  webhook_id: z.string().optional(),
});

/** What the community features work with. */
export interface CommunityDeps {
  rest: REST;
  secrets: SecretStore;
  screen: Screen;
  texts: DiscordTexts;
  logger: Pick<Logger, 'info' | 'warn'>;
  /** The daily reflection posts, when the operator gave the day's prompts. */
  reflections?: Reflections;
}

/** The community features of one adapter. */
export interface Community {
  /** True when the interaction is `/steady-admin`; it is then answered here. */
  onAdmin(payload: unknown): Promise<boolean>;
  /** A message in a server channel: screened when its channel is watched, else ignored unread. */
  onGuildMessage(payload: unknown): Promise<void>;
}

/** Builds the community features. */
export function createCommunity(deps: CommunityDeps): Community {
  const { rest, secrets, texts } = deps;
  const load = async (guild: string): Promise<GuildSettings> =>
    GuildSettings.parse(JSON.parse((await secrets.get(`discord-guild:${guild}`)) ?? '{}'));
  const save = (guild: string, settings: GuildSettings): Promise<void> =>
    secrets.set(`discord-guild:${guild}`, JSON.stringify(settings));
  const reply = (it: { id: string; token: string }, content: string): Promise<unknown> =>
    rest.post(Routes.interactionCallback(it.id, it.token), {
      body: { type: 4, data: { content, flags: 64, allowed_mentions: { parse: [] } } },
      auth: false,
    });

  async function onAdmin(payload: unknown): Promise<boolean> {
    const parsed = AdminInteraction.safeParse(payload);
    if (!parsed.success) return false;
    const it = parsed.data;
    // Discord hides the command from members without the permission; the bits are checked again here.
    const allowed = it.member !== undefined && (BigInt(it.member.permissions) & ADMIN_BITS) !== 0n;
    if (it.guild_id === undefined || !allowed) {
      await reply(it, texts.text('adminOnly'));
      return true;
    }
    const sub = it.data.options?.[0];
    const values = new Map((sub?.options ?? []).map((o) => [o.name, o.value]));
    const settings = await load(it.guild_id);
    const channel = typeof values.get('channel') === 'string' ? String(values.get('channel')) : undefined;
    if (sub?.name === 'watch' && channel !== undefined) {
      const on = values.get('on') !== false;
      const watch = settings.watch.filter((c) => c !== channel);
      await save(it.guild_id, { ...settings, watch: on ? [...watch, channel] : watch });
      await reply(it, texts.text(on ? 'watchOn' : 'watchOff', { channel: `<#${channel}>` }));
    } else if (sub?.name === 'reflection' && channel !== undefined && deps.reflections) {
      const on = values.get('on') !== false;
      await deps.reflections.choose(it.guild_id, on ? channel : undefined);
      await reply(it, texts.text(on ? 'reflectionOn' : 'reflectionOff', { channel: `<#${channel}>` }));
    } else if (sub?.name === 'alerts' && channel !== undefined) {
      await save(it.guild_id, { ...settings, alerts: channel });
      await reply(it, texts.text('alertsSet', { channel: `<#${channel}>` }));
    } else {
      const watched = settings.watch.map((c) => `<#${c}>`).join(', ');
      await reply(
        it,
        texts.text('watchStatus', { channels: watched, alerts: settings.alerts ? `<#${settings.alerts}>` : '' }),
      );
    }
    return true;
  }

  async function onGuildMessage(payload: unknown): Promise<void> {
    const parsed = GuildMessage.safeParse(payload);
    if (!parsed.success || parsed.data.author.bot === true || parsed.data.webhook_id !== undefined) return;
    const m = parsed.data;
    const settings = await load(m.guild_id);
    if (!settings.watch.includes(m.channel_id)) return;
    const judged = deps.screen(m.content);
    if (!judged.serious) return;
    deps.logger.info({ platform: 'discord' }, 'community watch: a serious message; author and moderators told');
    const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: m.author.id } })) as { id: string };
    await rest
      .post(Routes.channelMessages(dm.id), {
        body: { content: texts.text('watchDm', { lines: judged.supportLines }), allowed_mentions: { parse: [] } },
      })
      .catch(() => deps.logger.warn({ platform: 'discord' }, 'community watch: the author takes no DMs'));
    if (settings.alerts === undefined) return;
    const link = `https://discord.com/channels/${m.guild_id}/${m.channel_id}/${m.id}`;
    await rest.post(Routes.channelMessages(settings.alerts), {
      body: {
        content: texts.text('watchAlert', { channel: `<#${m.channel_id}>`, link }),
        allowed_mentions: { parse: [] },
      },
    });
  }

  return { onAdmin, onGuildMessage };
}
