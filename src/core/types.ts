import type { Picture } from './picture.js';

/** How urgent a message is: acting now, thinking of harm, or hurting. */
export type SafetyTier = 'imminent' | 'serious' | 'distress';

// === Inbound: what an adapter hands the engine

/** What the user did, independent of the platform it came from. */
export type Input =
  | { kind: 'text'; text: string }
  /** A button press: `token` is the opaque id the engine put on the choice. */
  | { kind: 'choice'; token: string }
  /** A slash command without the slash, lower case, e.g. `start`; `args` is the rest of the line. */
  | { kind: 'command'; command: string; args: string }
  /**
   * Something the bot cannot read (a sticker, a photo, a voice note); `text` is the words that came with it
   * (a caption, a file message's text), which are screened for safety before anything else is said.
   */
  | { kind: 'unsupported'; text?: string }
  /**
   * A message the user changed after sending it, with its new words: screened for safety like any text (a crisis
   * answer comes first), and otherwise left alone, since the original was already answered.
   */
  | { kind: 'edited'; text: string }
  /** The scheduler woke this user: whatever of theirs is due now (a daily prompt, a follow-up) runs. */
  | { kind: 'due' }
  /** The platform refused a delivery because the user blocked the bot; nothing is sent back. */
  | { kind: 'signal'; signal: 'unreachable' };

/** One delivery from a platform: the input plus who sent it and where to answer. */
export type InboundEvent = Input & {
  /** The platform's own delivery id (an update or event id), so redeliveries are recognised. */
  id: string;
  /** Short platform tag such as `console`; only adapters know what it means. */
  platform: string;
  /** The raw platform user id. It is turned into a pseudonymous key at once and never stored or logged. */
  userId: string;
  /** Opaque to the core: where the adapter should send replies (a chat id, a channel id...). */
  address: string;
  /** BCP 47 language tag when the platform tells us. */
  locale?: string;
  /** IANA time zone when the platform tells us (from its user profile); used until the user picks one. */
  timezone?: string;
  /** Epoch milliseconds when the platform received it. */
  at: number;
};

/** Commands the engine answers itself, before any flow: no flow may claim one. In menu order. */
export const BUILTIN_COMMANDS = ['start', 'menu', 'help', 'cancel'] as const;

// === Outbound: what the engine hands back

/** One button or menu entry; `id` is an opaque token that comes back as a `choice` input. */
export interface Choice {
  id: string;
  label: string;
}

/** A platform-neutral message; adapters reflow it to their own limits. Text is plain text, never markup. */
export interface Reply {
  text: string;
  /** Buttons to offer; absent when the message is informational. */
  choices?: Choice[];
  /** When true, several choices may be picked before the `done` choice. */
  multi?: boolean;
  kind: 'info' | 'question' | 'safety' | 'error';
  /** A file to attach (the data export). */
  document?: { filename: string; mimeType: string; content: string };
  /** A chart to show with the text (which then reads as its caption); adapters draw it or show its text form. */
  picture?: Picture;
  /** The question wants a long free-text answer; platforms with forms (modal dialogs) may offer one. */
  form?: { title: string; label: string };
}

/** A side effect `advance` asks for; the engine runs it only after the new state is committed. */
export type Effect =
  | { type: 'reply'; reply: Reply }
  /** The profile changed; adapters with a status view (an app home tab) refresh it. */
  | { type: 'profileChanged'; keys: string[] }
  /** Delete every key of the user, after this turn's reply is sent. */
  | { type: 'forget' }
  /** Send the user everything stored about them as a document. */
  | { type: 'export' }
  /** Remove Steady's own messages from the chat this turn came from, where the platform allows it (`/erase`). */
  | { type: 'erase' }
  /** `/link`: make a one-time code, join the chat to the user whose code was typed, or undo this chat's links. */
  | LinkEffect
  /** The safety layer judged the message at `tier`; the engine counts it (never the text) once the turn commits. */
  | { type: 'safety'; tier: SafetyTier }
  /** The journey reached, answered or left a step of a flow; counted once the turn commits, ids from the flow files only. */
  | { type: 'step'; flow: string; step: string; outcome: StepOutcome };

/** What `/link` and `/unlink` ask of the links once the turn has committed. */
export type LinkEffect =
  { type: 'link'; op: 'issue' } | { type: 'link'; op: 'join'; code: string } | { type: 'link'; op: 'unlink' };

/**
 * What happened at a flow step: the journey `entered` it, the user `answered` its question, or `left` the
 * journey while it waited there (a command, /cancel, a crisis answer or an edited flow took them elsewhere).
 */
export type StepOutcome = 'entered' | 'answered' | 'left';

// === The engine as adapters see it

/**
 * How an adapter reports the delivery of an applied turn's replies, so a redelivery of the event sends only
 * what never got through and nothing twice. Neither call throws.
 */
export interface ReplyReceipt {
  /** The first `count` of the outcome's replies reached the platform (call after each). */
  sent(count: number): Promise<void>;
  /**
   * Sending stopped before every reply went out; a redelivery may send the rest at once. `inDoubt`: the next reply
   * may have reached the platform (its answer was lost), so it is not sent again.
   */
  unsent(inDoubt: boolean): Promise<void>;
}

/** What one turn came to; adapters send `replies` in order and report them on `receipt` when there is one. */
export type TurnOutcome =
  /**
   * `refreshStatus` is set when the user's profile changed or a journey ended, so status views (an app home tab)
   * redraw. `resumed`: a redelivery of an applied turn whose replies were not all sent; these are the rest. `erase`
   * asks the adapter to delete Steady's own messages in this chat before it sends `replies`, and to say what it
   * could not remove.
   */
  | {
      status: 'ok';
      replies: Reply[];
      refreshStatus?: boolean;
      receipt?: ReplyReceipt;
      resumed?: boolean;
      erase?: boolean;
    }
  /** The platform delivered this event before; it was applied once already, so nothing is sent. */
  | { status: 'duplicate'; replies: [] }
  /** The store is down or slow: nothing was written, `replies` asks the user to try again shortly. */
  | { status: 'unavailable'; replies: Reply[] }
  /** Too many turns queued for this user, or every retry lost a race: nothing was written. */
  | { status: 'busy'; replies: Reply[] }
  /** A bug in a flow or action: the journey was reset and the user told so. */
  | { status: 'failed'; replies: Reply[] };

/** Handles one inbound event: the whole turn (queue, load, advance, commit, effects). */
export type TurnHandler = (event: InboundEvent) => Promise<TurnOutcome>;

/** How fast proactive sends may go out to one platform: at most `max` deliveries per `durationMs`. */
export interface SendRate {
  max: number;
  durationMs: number;
}

/** A platform connection: turns platform events into {@link InboundEvent}s and sends replies back. */
export interface Adapter {
  readonly platform: string;
  /**
   * Steady's budget for proactive sends on this platform, which the send queue holds every process to. Set
   * below the platform's published limit, so interactive replies, which share the bot token, still have room.
   */
  readonly sendRate: SendRate;
  /**
   * Starts receiving; every event goes to `handle`, and the adapter sends the outcome's replies. `signal` aborts
   * an attempt that took too long (start is then called again) or a start-up that was told to stop.
   */
  start(handle: TurnHandler, signal?: AbortSignal): Promise<void>;
  /** Stops taking new events and resolves once in-flight turns are answered. */
  stop(): Promise<void>;
  /**
   * Sends replies outside a turn (scheduled prompts). A blocked user or a rate limit is a result, so the
   * send queue can pause the user or wait; any other failure rejects.
   */
  send(address: string, replies: Reply[]): Promise<SendResult>;
}

/** How a send outside a turn ended. */
export type SendResult =
  | { status: 'sent' }
  /** The platform refused because the user blocked the bot or is gone (`reason` is the platform's own code). */
  | { status: 'unreachable'; reason: string }
  /**
   * The platform asked to slow down; try the same send again after `retryAfterMs`. A burst of several
   * messages stops at the refused one, so a retry may repeat the ones before it.
   */
  | { status: 'rateLimited'; retryAfterMs: number };

/** The time source; injected everywhere so tests can move time. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };
