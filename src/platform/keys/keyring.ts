/**
 * The Ed25519 keys that sign what this server vouches for (forward auth's identity assertions),
 * shared by every feature that signs, kept in the database so that every replica signs
 * with the same key; the private half sealed under DATA_ENCRYPTION_KEY, never logged or sent.
 *
 * Rotation without a gap: a new key is written with an activation time in the future. Every
 * replica re-reads the keys every REFRESH_SECONDS, so each publishes the new key in its JWKS before
 * any signs with it, and all switch at the same moment (activates_at). The key it replaces stays
 * published for PREVIOUS_KEY_GRACE_SECONDS more: longer than any assertion it signed can live.
 */
import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import type { Sql } from "../db/sql.ts";
import type { Sealer } from "../sealed.ts";

/** How long an assertion lives (the contract: exp = iat + 60 s). */
export const ASSERTION_TTL_SECONDS = 60;
/** How often each replica re-reads the keys. */
export const REFRESH_SECONDS = 15;
/** How long a service may keep the JWKS (its Cache-Control max-age). */
export const JWKS_MAX_AGE_SECONDS = 300;
/**
 * A rotated-in key activates this long after `keys rotate`: every replica publishes it first, and
 * a service that keeps the JWKS as long as it may (and does not fetch it again for an unknown
 * `kid`, as jose does) has it too before anything is signed with it.
 */
export const DEFAULT_ACTIVATION_DELAY_SECONDS = JWKS_MAX_AGE_SECONDS + 2 * REFRESH_SECONDS + 30;
/** After its successor activates, a key stays published while a replica may still sign with it or
 * an assertion it signed may still be alive (one refresh, one lifetime, and a minute of clock skew). */
export const PREVIOUS_KEY_GRACE_SECONDS = REFRESH_SECONDS + ASSERTION_TTL_SECONDS + 60;

/** Fixed but arbitrary: replicas starting at once create one first key between them. */
const KEYS_LOCK = 7_364_214_005;

/** A public key as a JWKS lists it (RFC 8037). */
export interface PublicJwk {
  kty: "OKP";
  crv: "Ed25519";
  alg: "EdDSA";
  use: "sig";
  kid: string;
  x: string;
}

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

export interface Keyring {
  /** The key that signs now: the latest one whose activation has passed. */
  current(): SigningKey;
  /** The public keys to publish: pending ones, the current one, and the previous while in grace. */
  jwks(): PublicJwk[];
  /** Reads the keys again (also done every REFRESH_SECONDS by itself). */
  refresh(): Promise<void>;
  stop(): void;
}

interface KeyRow {
  [column: string]: unknown;
  kid: string;
  public_x: string;
  private_key: string;
  activates_at: Date | string;
}

interface LoadedKey extends SigningKey {
  publicX: string;
  /** Seconds since the epoch. */
  activatesAt: number;
}

export interface KeyringOptions {
  sql: Sql;
  sealer: Sealer;
  /** Seconds since the epoch; injectable for tests. */
  now?: () => number;
  /** Re-read the keys by itself (default true; tests refresh by hand). */
  autoRefresh?: boolean;
  onRefreshError?: (error: unknown) => void;
}

const wallClock = (): number => Math.floor(Date.now() / 1000);
const toSeconds = (value: Date | string): number => Math.floor(new Date(value).getTime() / 1000);

/** The JWK thumbprint (RFC 7638) of an Ed25519 public key: its kid. */
function thumbprint(x: string): string {
  return createHash("sha256").update(`{"crv":"Ed25519","kty":"OKP","x":"${x}"}`).digest("base64url");
}

const sealContext = (kid: string): string => `signing_key:${kid}`;

/** A new key pair, sealed for the database. */
function newKey(sealer: Sealer): { kid: string; publicX: string; sealed: string } {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const publicX = publicKey.export({ format: "jwk" }).x as string;
  const kid = thumbprint(publicX);
  const sealed = sealer.seal(privateKey.export({ format: "der", type: "pkcs8" }), sealContext(kid));
  return { kid, publicX, sealed };
}

async function insertKey(sql: Sql, sealer: Sealer, activatesAt: number): Promise<string> {
  const { kid, publicX, sealed } = newKey(sealer);
  await sql`
    insert into signing_keys (kid, public_x, private_key, activates_at)
    values (${kid}, ${publicX}, ${sealed}, ${new Date(activatesAt * 1000)})
  `;
  return kid;
}

/** The first key, once, whoever starts first; the others wait for the lock and find it. */
async function ensureKey(sql: Sql, sealer: Sealer, now: number): Promise<void> {
  const [any] = await sql`select 1 from signing_keys limit 1`;
  if (any) return;
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${KEYS_LOCK})`;
    const [found] = await tx`select 1 from signing_keys limit 1`;
    if (!found) await insertKey(tx, sealer, now);
  });
}

/**
 * `keys rotate`: a new key that activates after `activateInSeconds`; keys no longer published
 * (superseded and past their grace) are deleted. Answers the new kid and when it activates.
 */
export async function rotateKeys(
  sql: Sql,
  sealer: Sealer,
  { activateInSeconds = DEFAULT_ACTIVATION_DELAY_SECONDS, now = wallClock() } = {},
): Promise<{ kid: string; activatesAt: number; deleted: number }> {
  const activatesAt = now + Math.max(0, Math.floor(activateInSeconds));
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${KEYS_LOCK})`;
    const kid = await insertKey(tx, sealer, activatesAt);
    // Superseded: a later key activated more than the grace ago.
    const deleted = await tx`
      delete from signing_keys old
      where exists (
        select 1 from signing_keys newer
        where newer.activates_at > old.activates_at
          and newer.activates_at <= ${new Date((now - PREVIOUS_KEY_GRACE_SECONDS) * 1000)}
      )
      returning kid
    `;
    return { kid, activatesAt, deleted: deleted.length };
  });
}

export async function createKeyring(options: KeyringOptions): Promise<Keyring> {
  const { sql, sealer } = options;
  const now = options.now ?? wallClock;
  await ensureKey(sql, sealer, now());

  /** Newest activation first (of two in the same second, the one written later). */
  let keys: LoadedKey[] = [];
  const opened = new Map<string, LoadedKey>();
  const load = async () => {
    const rows = await sql<KeyRow>`
      select kid, public_x, private_key, activates_at from signing_keys order by activates_at desc, created_at desc
    `;
    keys = rows.map((row) => {
      const known = opened.get(row.kid);
      if (known) return known;
      const der = sealer.open(row.private_key, sealContext(row.kid));
      const key = {
        kid: row.kid,
        publicX: row.public_x,
        privateKey: createPrivateKey({ key: der, format: "der", type: "pkcs8" }),
        activatesAt: toSeconds(row.activates_at),
      };
      opened.set(row.kid, key);
      return key;
    });
  };
  await load();

  let timer: ReturnType<typeof setInterval> | undefined;
  if (options.autoRefresh ?? true) {
    timer = setInterval(() => {
      load().catch((error: unknown) => options.onRefreshError?.(error));
    }, REFRESH_SECONDS * 1000);
    timer.unref();
  }

  /** Index of the current key in `keys`: the newest already active (else the oldest pending). */
  const currentIndex = (t: number): number => {
    const index = keys.findIndex((key) => key.activatesAt <= t);
    return index >= 0 ? index : keys.length - 1;
  };

  return {
    current() {
      const key = keys[currentIndex(now())];
      if (!key) throw new Error("no signing key");
      return key;
    },
    jwks() {
      const t = now();
      const index = currentIndex(t);
      const current = keys[index];
      const published = keys.filter(
        (_key, i) =>
          i <= index ||
          (i === index + 1 && current !== undefined && t < current.activatesAt + PREVIOUS_KEY_GRACE_SECONDS),
      );
      return published.map((key) => ({
        kty: "OKP",
        crv: "Ed25519",
        alg: "EdDSA",
        use: "sig",
        kid: key.kid,
        x: key.publicX,
      }));
    },
    refresh: load,
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
