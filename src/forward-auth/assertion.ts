/**
 * Identity assertions: compact JWS signed EdDSA (Ed25519) with the keyring's current key, for the
 * services behind the proxy to verify offline against /.well-known/jwks.json.
 *
 *   header  {"alg":"EdDSA","typ":"JWT","kid":…}
 *   claims  iss (PUBLIC_URL), aud (FORWARD_AUTH_AUDIENCE), sub (the stable user id), name, email,
 *           role, sid, iat, exp = iat + 60 s
 *
 * The signature is node:crypto's Ed25519 (synchronous, no promise per request); the encoding is
 * the few lines of RFC 7515 compact serialisation. Services verify with any JOSE library (the
 * tests and the sample service use `jose`).
 */
import { sign } from "node:crypto";
import { ASSERTION_TTL_SECONDS, type Keyring } from "./keys.ts";

export interface Identity {
  /** The stable user id. */
  sub: string;
  name: string;
  email: string;
  role: string;
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

  return {
    sign({ sub, name, email, role, sid }) {
      const key = keyring.current();
      const iat = clock();
      const claims: AssertionClaims = {
        iss: issuer,
        aud: audience,
        sub,
        name,
        email,
        role,
        sid,
        iat,
        exp: iat + ASSERTION_TTL_SECONDS,
      };
      const input = `${headerOf(key.kid)}.${segment(claims)}`;
      return `${input}.${sign(null, Buffer.from(input), key.privateKey).toString("base64url")}`;
    },
  };
}
