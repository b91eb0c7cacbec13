import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

// The Slack side of the wire: signed requests as Slack sends them to an app's Request URL, and
// payload builders that start from the real payloads in test/fixtures/slack/.

const FIXTURES = new URL('../fixtures/slack/', import.meta.url);

/** A fixture file's JSON (a fresh copy each time). */
export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Record<string, unknown>;
}

/** A fixture file's raw text (the slash command's form body). */
export function fixtureText(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

/** Slack's `v0` signature: HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret. */
export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** How to send one request; by default correctly signed, now. */
export interface PostOptions {
  secret: string;
  /** Seconds since the epoch for `X-Slack-Request-Timestamp`. */
  timestamp?: number;
  /** Overrides the computed signature (forgeries). */
  signature?: string;
  retryNum?: number;
}

/** What the app answered. */
export interface AppAnswer {
  status: number;
  body: string;
}

const CONTENT_TYPES = { json: 'application/json', form: 'application/x-www-form-urlencoded', text: 'text/plain' };

/** POSTs a body to the app the way Slack does: JSON for events, a form for interactions and commands. */
export async function postToApp(
  url: string,
  body: string,
  contentType: 'json' | 'form' | 'text',
  options: PostOptions,
): Promise<AppAnswer> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': CONTENT_TYPES[contentType],
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': options.signature ?? signature(options.secret, timestamp, body),
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, body: await response.text() };
}

/** The form body of an interaction (`payload=<json>`). */
export function interactionForm(payload: object): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A `message.im` event from `user` in `channel`, with `text` as Slack encodes it. */
export function messageEvent(user: string, channel: string, text: string, eventId: string): Record<string, unknown> {
  const envelope = fixture('message-im.json');
  const event = envelope.event as Record<string, unknown>;
  Object.assign(event, { user, channel, text, ts: `${Date.now() / 1000}`, event_ts: `${Date.now() / 1000}` });
  delete event.blocks;
  return { ...envelope, event_id: eventId, event };
}

/** A `file_share` message (a photo) from `user`. */
export function fileEvent(user: string, channel: string, eventId: string): Record<string, unknown> {
  const envelope = fixture('message-file-share.json');
  Object.assign(envelope.event as Record<string, unknown>, { user, channel });
  return { ...envelope, event_id: eventId };
}

/** `app_home_opened` for `user`. */
export function homeOpenedEvent(user: string, eventId: string): Record<string, unknown> {
  const envelope = fixture('app-home-opened.json');
  Object.assign(envelope.event as Record<string, unknown>, { user });
  return { ...envelope, event_id: eventId };
}

/** A slash command's form body: `/steady <text>` typed by `user` in `channel`. */
export function slashCommandForm(user: string, channel: string, text: string, triggerId: string): string {
  const form = new URLSearchParams(fixtureText('slash-command.txt'));
  form.set('user_id', user);
  form.set('channel_id', channel);
  form.set('channel_name', channel.startsWith('D') ? 'directmessage' : 'general');
  form.set('text', text);
  form.set('trigger_id', triggerId);
  return form.toString();
}

/** A button in a posted message, as Slack hands it back. */
export interface PressedButton {
  action_id: string;
  value?: string;
  text: { type: 'plain_text'; text: string };
}

/** `block_actions` for pressing `button` in the message `ts` of `channel` (or in App Home without a channel). */
export function buttonPress(
  user: string,
  button: PressedButton,
  actionTs: string,
  where: { channel: string; ts: string; blocks: unknown[] } | 'home',
): Record<string, unknown> {
  const payload = fixture(where === 'home' ? 'block-actions-home.json' : 'block-actions.json');
  payload.user = { id: user, username: 'someone', name: 'someone', team_id: 'T0TEAM01' };
  payload.trigger_id = `trig-${actionTs}`;
  payload.actions = [{ ...button, block_id: 'b1', type: 'button', action_ts: actionTs }];
  if (where !== 'home') {
    payload.channel = { id: where.channel, name: 'directmessage' };
    payload.container = { type: 'message', message_ts: where.ts, channel_id: where.channel, is_ephemeral: false };
    payload.message = { ...(payload.message as object), ts: where.ts, blocks: where.blocks };
  }
  return payload;
}

/** `view_submission` of the long-answer form with `value` typed into it. */
export function formSubmission(user: string, viewId: string, channel: string, value: string): Record<string, unknown> {
  const payload = fixture('view-submission.json');
  payload.user = { id: user, username: 'someone', name: 'someone', team_id: 'T0TEAM01' };
  const view = payload.view as Record<string, unknown>;
  Object.assign(view, {
    id: viewId,
    private_metadata: channel,
    state: { values: { answer: { text: { type: 'plain_text_input', value } } } },
  });
  return payload;
}
