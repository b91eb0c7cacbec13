import { createHmac } from 'node:crypto';
import type { SecretStore } from '../../adapters/shared/deps.js';
import { deriveKey } from '../session/crypto.js';
import type { StoreSetup } from './store.js';

/** The Redis key of the secret `name`: a keyed hash, so no workspace id appears in a key name. */
export function secretKey(secret: string, name: string): string {
  const key = deriveKey(secret, 'steady/secret-name/v1');
  return `steady:secret:${createHmac('sha256', key).update(name, 'utf8').digest('base64url').slice(0, 22)}`;
}

/**
 * Named secrets beside the sessions: in Redis under a keyed hash of the name, sealed with the data key (AES-256-GCM,
 * the key name bound in), without a TTL since an installation lasts until it is removed; in memory without Redis.
 */
export function createSecretStore(setup: Pick<StoreSetup, 'redis' | 'secret'>): SecretStore {
  if (setup.redis === undefined) {
    const values = new Map<string, string>();
    return {
      get: async (name) => values.get(name),
      set: async (name, value) => void values.set(name, value),
      delete: async (name) => void values.delete(name),
    };
  }
  const { client, crypto } = setup.redis;
  const key = (name: string): string => secretKey(setup.secret, name);
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
