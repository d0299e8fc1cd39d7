/**
 * Secrets kept at rest (signing keys, later TOTP secrets) are sealed with AES-256-GCM under
 * DATA_ENCRYPTION_KEY: the first key of the list seals, every key of it opens, so keys rotate by
 * putting a new one first and dropping the old once nothing sealed by it is left.
 *
 *   sealed = "v1." key id "." nonce "." ciphertext+tag     (base64url parts)
 *
 * Each key is stretched with HKDF-SHA256 into the AES key; the key id (8 bytes of a hash of the
 * derived key, never the key) says which key opens a value. `context` is bound to the value as
 * associated data: a sealed value copied to another row (another context) does not open.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";

export interface Sealer {
  seal(plaintext: Uint8Array | string, context: string): string;
  /** Throws SealedError when no key opens it, it was altered, or it belongs to another context. */
  open(sealed: string, context: string): Buffer;
  /**
   * Keys for another use (signing cookies), one from each DATA_ENCRYPTION_KEY, the sealing key's
   * first: what one signs, the others accept until its key leaves the list.
   */
  derive(purpose: string): Buffer[];
}

export class SealedError extends Error {
  override name = "SealedError";
}

const VERSION = "v1";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

interface DerivedKey {
  id: string;
  key: Buffer;
}

function derive(secret: string): DerivedKey {
  const key = Buffer.from(hkdfSync("sha256", secret, "datta-dashboard", "data encryption v1", 32));
  const id = createHash("sha256").update(key).digest().subarray(0, 8).toString("base64url");
  return { id, key };
}

/** The id of the key that sealed `sealed` (kept beside a ciphertext, to find what a rotation must re-seal). */
export function sealedKeyId(sealed: string): string {
  return sealed.split(".")[1] ?? "";
}

/** `keys`: the DATA_ENCRYPTION_KEY list, the sealing key first. */
export function createSealer(keys: readonly string[]): Sealer {
  if (keys.length === 0) throw new Error("at least one data encryption key is needed");
  const derived = keys.map(derive);
  const sealing = derived[0] as DerivedKey;
  const byId = new Map(derived.map((k) => [k.id, k.key]));

  return {
    derive: (purpose) =>
      keys.map((secret) => Buffer.from(hkdfSync("sha256", secret, "datta-dashboard", `derived: ${purpose}`, 32))),
    seal(plaintext, context) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv("aes-256-gcm", sealing.key, nonce, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
      return [VERSION, sealing.id, nonce.toString("base64url"), body.toString("base64url")].join(".");
    },

    open(sealed, context) {
      const [version, id, nonceText, bodyText, ...rest] = sealed.split(".");
      const key = id === undefined ? undefined : byId.get(id);
      if (version !== VERSION || rest.length > 0 || nonceText === undefined || bodyText === undefined) {
        throw new SealedError("not a sealed value");
      }
      if (!key) throw new SealedError("sealed with a key that is not in DATA_ENCRYPTION_KEY");
      const nonce = Buffer.from(nonceText, "base64url");
      const body = Buffer.from(bodyText, "base64url");
      if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) throw new SealedError("not a sealed value");
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(context));
        decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
        return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
      } catch {
        throw new SealedError("the sealed value was altered or belongs elsewhere");
      }
    },
  };
}
