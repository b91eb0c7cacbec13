import type { Adapter, Clock, Config, Logger, UserSummary } from '../../src/index.js';
import type { FlowRegistry } from '../../src/index.js';
import type { HttpRoutes } from '../http/server.js';

/** What every platform adapter is built from; `main.ts` assembles it once. */
export interface AdapterDeps {
  config: Config;
  logger: Logger;
  clock: Clock;
  /** The app's HTTP routes, for webhook-style platforms. */
  http: HttpRoutes;
  /** Where a user of this platform stands (for status views), by raw platform user id. */
  summary(platform: string, userId: string): Promise<UserSummary>;
  /** The loaded flows and catalogs: adapters bind their words from the catalogs and build command menus from the flows. */
  registry: FlowRegistry;
  /** Where an adapter keeps secrets it is given at run time (Slack installations); sealed, beside the sessions. */
  secrets?: SecretStore;
  /** The safety screen for text read outside a conversation (the Discord community watch): serious, and whom to call. */
  screen?: (text: string) => { serious: boolean; supportLines: string };
  /** The day's general prompt for a date (`YYYY-MM-DD`), for a community's daily reflection post. */
  dailyReflection?: (date: string) => string;
}

/** A few named secrets (a workspace's bot token), sealed with the data secret; in Redis when sessions are. */
export interface SecretStore {
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/** Builds one platform's adapter, or `undefined` when its settings are not present. */
export type AdapterFactory = (deps: AdapterDeps) => Adapter | undefined;
