import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { ErrorCode, SteadyError } from '../core/errors.js';

/** Encrypts user content before it reaches a store, binding each blob to the key it is stored under. */
export interface DataCrypto {
  /** Encrypts `plaintext`; `aad` (the storage key name) must be given again to decrypt. */
  encrypt(plaintext: string, aad: string): string;
  /** Decrypts a blob from {@link DataCrypto.encrypt}; throws `STEADY_DECRYPT` if the secret or `aad` differ. */
  decrypt(blob: string, aad: string): string;
  /** As {@link DataCrypto.encrypt}, for bytes (a compressed payload). */
  encryptBytes(plain: Buffer, aad: string): string;
  /** As {@link DataCrypto.decrypt}, giving the bytes that were encrypted. */
  decryptBytes(blob: string, aad: string): Buffer;
  /** As {@link DataCrypto.encryptBytes}, as raw bytes (for a store that keeps bytes): a quarter smaller than base64. */
  seal(plain: Buffer, aad: string): Buffer;
  /** Decrypts a blob from {@link DataCrypto.seal}, or a `v1.` text blob given as its bytes. */
  open(blob: Buffer, aad: string): Buffer;
  /** A short keyed name for `text` (HMAC-SHA256, 16 base64url characters): a field named after something private. */
  name(text: string): string;
}

/** Shortest secret accepted: 32 characters, the length of 24 random bytes in base64. */
export const MIN_SECRET_LENGTH = 32;

// The prefix names the key and format, so a later secret rotation can tell old blobs from new ones.
const VERSION = 'v1';
// A raw blob starts with this byte, then the nonce, the ciphertext and the tag; a text blob starts with 'v'.
const RAW_V1 = 0x01;
const ALGORITHM = 'aes-256-gcm';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** A fresh random secret (32 bytes, base64url) for `STEADY_SECRET`-style settings. */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Derives a 32-byte key for one purpose (`info`) from the shared secret with HKDF-SHA256. */
export function deriveKey(secret: string, info: string): Buffer {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new SteadyError(
      ErrorCode.Config,
      `The secret is ${secret.length} characters long; at least ${MIN_SECRET_LENGTH} are required. ` +
        'Generate one with generateSecret() (32 random bytes, base64url).',
    );
  }
  // No salt: the secret is already high-entropy, and `info` separates the keys of each purpose.
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), info, 32));
}

/** AES-256-GCM with a random 12-byte nonce; blobs look like `v1.<nonce>.<ciphertext+tag>` (base64url). */
export function createDataCrypto(secret: string): DataCrypto {
  const key = deriveKey(secret, 'steady/data/v1');
  const nameKey = deriveKey(secret, 'steady/name/v1');
  const encryptBytes = (plain: Buffer, aad: string): string => {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return `${VERSION}.${nonce.toString('base64url')}.${body.toString('base64url')}`;
  };
  const seal = (plain: Buffer, aad: string): Buffer => {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    return Buffer.concat([Buffer.of(RAW_V1), nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  };
  const decryptBytes = (blob: string, aad: string): Buffer => {
    const { nonce, body } = splitBlob(blob, aad);
    return decryptParts(nonce, body, aad);
  };
  const decryptParts = (nonce: Buffer, body: Buffer, aad: string): Buffer => {
    try {
      const decipher = createDecipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
    } catch (error) {
      throw new SteadyError(
        ErrorCode.Decrypt,
        `Could not decrypt the data stored under '${aad}': it was written with another secret or under another key.`,
        { cause: error },
      );
    }
  };
  const open = (blob: Buffer, aad: string): Buffer => {
    if (blob[0] !== RAW_V1) return decryptBytes(blob.toString('latin1'), aad);
    if (blob.length < 1 + NONCE_BYTES + TAG_BYTES) {
      throw new SteadyError(ErrorCode.Decrypt, `The encrypted blob stored under '${aad}' is truncated or damaged.`);
    }
    return decryptParts(blob.subarray(1, 1 + NONCE_BYTES), blob.subarray(1 + NONCE_BYTES), aad);
  };
  return {
    encrypt: (plaintext, aad) => encryptBytes(Buffer.from(plaintext, 'utf8'), aad),
    decrypt: (blob, aad) => decryptBytes(blob, aad).toString('utf8'),
    encryptBytes,
    decryptBytes,
    seal,
    open,
    name: (text) => createHmac('sha256', nameKey).update(text, 'utf8').digest('base64url').slice(0, 16),
  };
}

function splitBlob(blob: string, aad: string): { nonce: Buffer; body: Buffer } {
  const [version, nonce, body, ...rest] = blob.split('.');
  if (version !== VERSION || nonce === undefined || body === undefined || rest.length > 0) {
    throw new SteadyError(
      ErrorCode.Decrypt,
      `The data stored under '${aad}' is not a '${VERSION}' encrypted blob; it was written by another version or is damaged.`,
    );
  }
  const nonceBytes = Buffer.from(nonce, 'base64url');
  const bodyBytes = Buffer.from(body, 'base64url');
  if (nonceBytes.length !== NONCE_BYTES || bodyBytes.length < TAG_BYTES) {
    throw new SteadyError(ErrorCode.Decrypt, `The encrypted blob stored under '${aad}' is truncated or damaged.`);
  }
  return { nonce: nonceBytes, body: bodyBytes };
}
