/**
 * The keys that sign what this server vouches for, shared by every feature that signs: Ed25519
 * (EdDSA: forward auth's identity assertions, access tokens) and RSA (RS256: ID tokens, which every
 * OpenID client can verify). Kept in the database so that every replica signs with the same keys;
 * the private halves sealed under DATA_ENCRYPTION_KEY, never logged or sent. Each algorithm has a
 * ring of its own (its current key, the next, the previous); `keys rotate` turns both at once.
 *
 * Rotation without a gap: a new key is written with an activation time in the future. Every
 * replica re-reads the keys every REFRESH_SECONDS, so each publishes the new key in its JWKS before
 * any signs with it, and all switch at the same moment (activates_at). The key it replaces stays
 * published for PREVIOUS_KEY_GRACE_SECONDS more: longer than any assertion it signed can live.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
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

/** The algorithms the keyring holds a ring of. */
export const KEY_ALGS = ["EdDSA", "RS256"] as const;
export type KeyAlg = (typeof KEY_ALGS)[number];

/** A public key as a JWKS lists it (RFC 8037 for Ed25519, RFC 7518 for RSA). */
export type PublicJwk = { use: "sig"; kid: string } & (
  | { kty: "OKP"; crv: "Ed25519"; alg: "EdDSA"; x: string }
  | { kty: "RSA"; alg: "RS256"; n: string; e: string }
);

export interface SigningKey {
  kid: string;
  alg: KeyAlg;
  privateKey: KeyObject;
}

export interface Keyring {
  /** The key that signs now with `alg` (EdDSA by default): the latest one whose activation has passed. */
  current(alg?: KeyAlg): SigningKey;
  /** The public keys to publish: pending ones, the current one, and the previous while in grace. */
  jwks(): PublicJwk[];
  /**
   * The keys a signer may use now: each algorithm's current key first, then the previous one while
   * in grace (to verify what it signed); never a pending key.
   */
  usable(): SigningKey[];
  /** A fingerprint of what `usable()` answers: it changes when a key activates or retires. */
  generation(): string;
  /** Reads the keys again (also done every REFRESH_SECONDS by itself). */
  refresh(): Promise<void>;
  stop(): void;
}

interface KeyRow {
  [column: string]: unknown;
  kid: string;
  alg: KeyAlg;
  private_key: string;
  activates_at: Date | string;
}

interface LoadedKey extends SigningKey {
  publicJwk: PublicJwk;
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
const generate = promisify(generateKeyPair);

/** The public half as a JWKS lists it, and its kid: the JWK thumbprint (RFC 7638). */
function publicJwkOf(alg: KeyAlg, privateKey: KeyObject): PublicJwk {
  const jwk = createPublicKey(privateKey).export({ format: "jwk" });
  const required = alg === "EdDSA" ? { crv: "Ed25519", kty: "OKP", x: jwk.x } : { e: jwk.e, kty: "RSA", n: jwk.n };
  const kid = createHash("sha256").update(JSON.stringify(required)).digest("base64url");
  return alg === "EdDSA"
    ? { kty: "OKP", crv: "Ed25519", alg, use: "sig", kid, x: jwk.x as string }
    : { kty: "RSA", alg, use: "sig", kid, n: jwk.n as string, e: jwk.e as string };
}

const sealContext = (kid: string): string => `signing_key:${kid}`;

async function insertKey(sql: Sql, sealer: Sealer, alg: KeyAlg, activatesAt: number): Promise<string> {
  const { privateKey } = alg === "EdDSA" ? await generate("ed25519") : await generate("rsa", { modulusLength: 2048 });
  const jwk = publicJwkOf(alg, privateKey);
  const sealed = sealer.seal(privateKey.export({ format: "der", type: "pkcs8" }), sealContext(jwk.kid));
  await sql`
    insert into signing_keys (kid, alg, public_x, private_key, activates_at)
    values (${jwk.kid}, ${alg}, ${jwk.kty === "OKP" ? jwk.x : null}, ${sealed}, ${new Date(activatesAt * 1000)})
  `;
  return jwk.kid;
}

/**
 * The first key of each algorithm, once, whoever starts first; the others wait for the lock and
 * find it. A ring added to a keyring already in use (the RSA key an upgrade brings) is dated at the
 * oldest key's activation, so a replica of the version before, which knows no algorithms, never
 * takes it for its newest key.
 */
async function ensureKeys(sql: Sql, sealer: Sealer, now: number): Promise<void> {
  const have = async (tx: Sql) =>
    new Set((await tx<{ alg: KeyAlg }>`select distinct alg from signing_keys`).map((row) => row.alg));
  if ((await have(sql)).size === KEY_ALGS.length) return;
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${KEYS_LOCK})`;
    const found = await have(tx);
    const [oldest] = await tx<{ at: Date | string | null }>`select min(activates_at) as at from signing_keys`;
    const since = oldest?.at ? Math.min(now, toSeconds(oldest.at) - 1) : now;
    for (const alg of KEY_ALGS) if (!found.has(alg)) await insertKey(tx, sealer, alg, since);
  });
}

/**
 * `keys rotate`: a new key of each algorithm that activates after `activateInSeconds`; keys no
 * longer published (superseded in their ring and past their grace) are deleted. Answers the new
 * kids and when they activate.
 */
export async function rotateKeys(
  sql: Sql,
  sealer: Sealer,
  { activateInSeconds = DEFAULT_ACTIVATION_DELAY_SECONDS, now = wallClock() } = {},
): Promise<{ kids: Record<KeyAlg, string>; activatesAt: number; deleted: number }> {
  const activatesAt = now + Math.max(0, Math.floor(activateInSeconds));
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${KEYS_LOCK})`;
    const kids = {} as Record<KeyAlg, string>;
    for (const alg of KEY_ALGS) kids[alg] = await insertKey(tx, sealer, alg, activatesAt);
    // Superseded: a later key of the same algorithm activated more than the grace ago.
    const deleted = await tx`
      delete from signing_keys old
      where exists (
        select 1 from signing_keys newer
        where newer.alg = old.alg
          and newer.activates_at > old.activates_at
          and newer.activates_at <= ${new Date((now - PREVIOUS_KEY_GRACE_SECONDS) * 1000)}
      )
      returning kid
    `;
    return { kids, activatesAt, deleted: deleted.length };
  });
}

/** One algorithm's keys, newest activation first: which signs at `t`, and which are published. */
function ringOf(keys: LoadedKey[], t: number) {
  const found = keys.findIndex((key) => key.activatesAt <= t);
  const index = found >= 0 ? found : keys.length - 1;
  const current = keys[index];
  const previous = keys[index + 1];
  const inGrace =
    current !== undefined && previous !== undefined && t < current.activatesAt + PREVIOUS_KEY_GRACE_SECONDS;
  return {
    current,
    /** Pending keys, the current one, and the previous while in grace. */
    published: keys.slice(0, index + 1 + (inGrace ? 1 : 0)),
    /** The current key, then the previous while in grace. */
    usable: [current, ...(inGrace ? [previous] : [])].filter((key) => key !== undefined),
  };
}

export async function createKeyring(options: KeyringOptions): Promise<Keyring> {
  const { sql, sealer } = options;
  const now = options.now ?? wallClock;
  await ensureKeys(sql, sealer, now());

  /** Each algorithm's keys, newest activation first (of two in the same second, the one written later). */
  let rings = new Map<KeyAlg, LoadedKey[]>();
  const opened = new Map<string, LoadedKey>();
  const load = async () => {
    const rows = await sql<KeyRow>`
      select kid, alg, private_key, activates_at from signing_keys order by activates_at desc, created_at desc
    `;
    const next = new Map<KeyAlg, LoadedKey[]>(KEY_ALGS.map((alg) => [alg, []]));
    for (const row of rows) {
      let key = opened.get(row.kid);
      if (!key) {
        const der = sealer.open(row.private_key, sealContext(row.kid));
        const privateKey = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
        key = {
          kid: row.kid,
          alg: row.alg,
          privateKey,
          publicJwk: publicJwkOf(row.alg, privateKey),
          activatesAt: toSeconds(row.activates_at),
        };
        opened.set(row.kid, key);
      }
      next.get(row.alg)?.push(key);
    }
    rings = next;
  };
  await load();

  let timer: ReturnType<typeof setInterval> | undefined;
  if (options.autoRefresh ?? true) {
    timer = setInterval(() => {
      load().catch((error: unknown) => options.onRefreshError?.(error));
    }, REFRESH_SECONDS * 1000);
    timer.unref();
  }
  const each = () => KEY_ALGS.map((alg) => ringOf(rings.get(alg) ?? [], now()));
  const usable = (): SigningKey[] => each().flatMap((ring) => ring.usable);

  return {
    current(alg = "EdDSA") {
      const key = ringOf(rings.get(alg) ?? [], now()).current;
      if (!key) throw new Error(`no ${alg} signing key`);
      return key;
    },
    jwks: () => each().flatMap((ring) => ring.published.map((key) => key.publicJwk)),
    usable,
    generation: () =>
      usable()
        .map((key) => key.kid)
        .join(","),
    refresh: load,
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
