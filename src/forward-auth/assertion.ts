/**
 * Identity assertions: compact JWS signed EdDSA (Ed25519) with the keyring's current key, for the
 * services behind the proxy to verify offline against /.well-known/jwks.json.
 *
 *   header  {"alg":"EdDSA","typ":"JWT","kid":…}
 *   claims  iss (PUBLIC_URL), aud (FORWARD_AUTH_AUDIENCE), sub (the stable user id), name, email,
 *           role, groups, sid, iat, exp = iat + 60 s
 *
 * The signature is node:crypto's Ed25519 (synchronous, no promise per request); the encoding is
 * the few lines of RFC 7515 compact serialisation. Services verify with any JOSE library (the
 * tests and the sample service use `jose`).
 *
 * Forward auth asks for an assertion on every request to every service, so one is signed per
 * session at most every REUSE_SECONDS and handed out again meanwhile: it still has at least
 * 60 - REUSE_SECONDS seconds to live, and anything it says (the identity, the key) changing makes a
 * new one at once. A session that ends is refused before its assertion is looked up.
 */
import { sign } from "node:crypto";
import { ASSERTION_TTL_SECONDS, type Keyring } from "../platform/keys/keyring.ts";

export interface Identity {
  /** The stable user id. */
  sub: string;
  name: string;
  email: string;
  role: string;
  /** The names of the user's groups, sorted. */
  groups: readonly string[];
  sid: string;
}

export interface AssertionClaims extends Identity {
  iss: string;
  aud: string;
  iat: number;
  exp: number;
}

export interface AssertionSigner {
  sign(identity: Identity): string;
}

export interface AssertionOptions {
  keyring: Keyring;
  issuer: string;
  audience: string;
  /** Seconds since the epoch; injectable for tests. */
  now?: () => number;
}

const segment = (value: object): string => Buffer.from(JSON.stringify(value)).toString("base64url");

/** An assertion is handed out again for this long after it was signed (it lives 60 s). */
export const REUSE_SECONDS = 20;
/** Past this many sessions held, the cache starts over (it only saves signatures). */
const MAX_CACHED = 50_000;

interface Cached {
  /** What the assertion says and which key signed it: any change means a new one. */
  said: string;
  iat: number;
  token: string;
}

export function createAssertionSigner({ keyring, issuer, audience, now }: AssertionOptions): AssertionSigner {
  const clock = now ?? (() => Math.floor(Date.now() / 1000));
  /** The header is the same for every assertion of a key. */
  const headers = new Map<string, string>();
  const headerOf = (kid: string): string => {
    let header = headers.get(kid);
    if (header === undefined) {
      header = segment({ alg: "EdDSA", typ: "JWT", kid });
      headers.set(kid, header);
    }
    return header;
  };

  const cache = new Map<string, Cached>();

  return {
    sign({ sub, name, email, role, groups, sid }) {
      const key = keyring.current();
      const iat = clock();
      const said = `${key.kid}\n${sub}\n${name}\n${email}\n${role}\n${groups.join(",")}`;
      const held = cache.get(sid);
      if (held && held.said === said && iat - held.iat <= REUSE_SECONDS && iat >= held.iat) return held.token;
      const claims: AssertionClaims = {
        iss: issuer,
        aud: audience,
        sub,
        name,
        email,
        role,
        groups,
        sid,
        iat,
        exp: iat + ASSERTION_TTL_SECONDS,
      };
      const input = `${headerOf(key.kid)}.${segment(claims)}`;
      const token = `${input}.${sign(null, Buffer.from(input), key.privateKey).toString("base64url")}`;
      if (cache.size >= MAX_CACHED) cache.clear();
      cache.set(sid, { said, iat, token });
      return token;
    },
  };
}
