// The public face of Steady's core: everything adapters/ may import from src/, and nothing more.
// The layering test (.dependency-cruiser.js) holds adapters to this file.

// === Events, replies and the adapter contract
export type {
  Adapter,
  Choice,
  Clock,
  InboundEvent,
  Input,
  Reply,
  SendRate,
  SendResult,
  TurnHandler,
  TurnOutcome,
  ReplyReceipt,
} from './core/types.js';
export { systemClock } from './core/types.js';

// === Pictures: replies may carry a chart as data; adapters that can send images draw it
export type { Picture } from './core/picture.js';
export { renderPicture } from './picture/index.js';

// === Errors
export { assertNever, ErrorCode, SteadyError } from './core/errors.js';

// === Configuration and logging
export type { Config } from './core/config.js';
export { loadConfig } from './core/config.js';
export type { Logger } from './ops/logger.js';

// === Work in progress, for a graceful stop
export type { InFlight } from './ops/in-flight.js';
export { createInFlight } from './ops/in-flight.js';

// === Flows, for adapters that build platform commands from them
export type { Flow, FlowRegistry } from './flow/schema.js';
export type { CommandEntry } from './engine/commands.js';
export { commandList } from './engine/commands.js';

// === Catalogs: each adapter declares the words it says and binds them at construction
export type { Catalogs, MessageSpec, NamedSpec, Texts } from './core/catalog.js';
export { bindTexts, defineMessages } from './core/catalog.js';

// === Status views
export type { UserSummary } from './coach/summary.js';
