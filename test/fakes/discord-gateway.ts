import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

// The gateway half of the local Discord, speaking what @discordjs/ws 1.2 sends: it connects to
// `<url>?v=10&encoding=json` (no `compress`: zlib-sync is not installed, so frames are plain JSON text),
// waits for HELLO, sends IDENTIFY (or RESUME), heartbeats, and expects READY before it counts as connected.

/** A gateway op the client sent, as recorded. */
export interface GatewayOp {
  op: number;
  d: unknown;
}

/** The gateway and its controls. */
export interface FakeGateway {
  /** Every op any client sent, in order. */
  received: GatewayOp[];
  /** Sends a dispatch (op 0) to every identified connection; throws when none is connected. */
  dispatch(t: string, d: unknown): void;
  /** Connections that identified and got READY. */
  readyCount(): number;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

/** What READY tells the client. */
export interface GatewayIdentity {
  token: string;
  applicationId: string;
  botUser: object;
  guildId: string;
  url: () => string;
  /** The heartbeat interval HELLO announces (Discord's is about 41 s). */
  heartbeatMs: number;
}

// Close codes from Discord's documentation.
const CLOSE = { decodeError: 4002, authFailed: 4004, invalidVersion: 4012 } as const;

/** Creates the gateway; the HTTP server hands it upgrade requests. */
export function createFakeGateway(identity: GatewayIdentity): FakeGateway {
  const wss = new WebSocketServer({ noServer: true });
  const received: GatewayOp[] = [];
  const ready = new Set<WebSocket>();
  let seq = 0;
  let sessions = 0;
  const send = (ws: WebSocket, payload: object): void => ws.send(JSON.stringify(payload));
  const dispatchTo = (ws: WebSocket, t: string, d: unknown): void => send(ws, { op: 0, t, s: ++seq, d });

  function onIdentify(ws: WebSocket, d: { token?: unknown }): void {
    if (d.token !== identity.token) return ws.close(CLOSE.authFailed, 'Authentication failed.');
    sessions += 1;
    const guilds = [{ id: identity.guildId, unavailable: true }];
    dispatchTo(ws, 'READY', {
      v: 10,
      user: identity.botUser,
      guilds,
      session_id: `session-${sessions}`,
      resume_gateway_url: identity.url(),
      shard: [0, 1],
      application: { id: identity.applicationId, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      user_settings: {},
      geo_ordered_rtc_regions: [],
      auth_session_id_hash: 'fake',
      _trace: ['fake-gateway'],
    });
    dispatchTo(ws, 'GUILD_CREATE', guildCreate(identity.guildId));
    ready.add(ws);
  }

  function onConnection(ws: WebSocket): void {
    send(ws, { op: 10, d: { heartbeat_interval: identity.heartbeatMs, _trace: ['fake-gateway'] }, s: null, t: null });
    ws.on('close', () => ready.delete(ws));
    ws.on('message', (data, isBinary) => {
      let payload: { op?: unknown; d?: unknown };
      try {
        payload = JSON.parse(isBinary ? '' : String(data)) as typeof payload;
      } catch {
        return ws.close(CLOSE.decodeError, 'Error while decoding payload.');
      }
      const op = typeof payload.op === 'number' ? payload.op : -1;
      received.push({ op, d: payload.d });
      if (op === 1) send(ws, { op: 11, d: null, s: null, t: null });
      else if (op === 2) onIdentify(ws, (payload.d ?? {}) as { token?: unknown });
      else if (op === 6) {
        dispatchTo(ws, 'RESUMED', {});
        ready.add(ws);
      }
    });
  }

  return {
    received,
    dispatch(t, d) {
      if (ready.size === 0) throw new Error(`no gateway connection to dispatch ${t} to`);
      for (const ws of ready) dispatchTo(ws, t, d);
    },
    readyCount: () => ready.size,
    handleUpgrade(req, socket, head) {
      const query = new URL(req.url ?? '/', 'ws://localhost').searchParams;
      wss.handleUpgrade(req, socket, head, (ws) => {
        // Discord closes a connection that asks for another version or encoding, or for compression it was not built for.
        if (query.get('v') !== '10') return ws.close(CLOSE.invalidVersion, 'Invalid API version.');
        if (query.get('encoding') !== 'json' || query.has('compress'))
          return ws.close(CLOSE.decodeError, 'Unsupported encoding.');
        onConnection(ws);
      });
    },
    close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

function guildCreate(id: string): object {
  return {
    id,
    name: 'Steady support',
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: '1000000000000000001',
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 1,
    default_message_notifications: 1,
    explicit_content_filter: 2,
    roles: [],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: '2026-01-05T10:00:00.000000+00:00',
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [],
    channels: [],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    application_command_counts: {},
  };
}
