import type { SecretStore } from '../../adapters/shared/deps.js';
import type { StoreSetup } from './store.js';

/**
 * Named secrets beside the sessions: in Redis, sealed with the data key (AES-256-GCM, the key name bound in) and
 * without a TTL, since an installation lasts until it is removed; in memory without Redis.
 */
export function createSecretStore(setup: StoreSetup): SecretStore {
  if (setup.redis === undefined) {
    const values = new Map<string, string>();
    return {
      get: async (name) => values.get(name),
      set: async (name, value) => void values.set(name, value),
      delete: async (name) => void values.delete(name),
    };
  }
  const { client, crypto } = setup.redis;
  const key = (name: string): string => `steady:secret:${name}`;
  return {
    async get(name) {
      const sealed = await client.get(key(name));
      return sealed === null ? undefined : crypto.decrypt(sealed, key(name));
    },
    async set(name, value) {
      await client.set(key(name), crypto.encrypt(value, key(name)));
    },
    async delete(name) {
      await client.del(key(name));
    },
  };
}
