import { Elysia, t } from "elysia";
import { ErrorSchema, READ_SECURITY } from "../http/schemas.ts";
import type { UserAuth } from "../kit.ts";
import { JWKS_MAX_AGE_SECONDS, type Keyring } from "../platform/keys/keyring.ts";
import type { UserRecord } from "../users/repository.ts";
import type { AssertionSigner } from "./assertion.ts";

export interface ForwardAuthDeps {
  auth: UserAuth;
  keyring: Keyring;
  assertions: AssertionSigner;
}

/**
 * A header value as it is when it is printable ASCII; otherwise percent-encoded UTF-8 (usernames
 * may be written in any alphabet, header values may not). Usernames and e-mail addresses never
 * contain "%" unencoded... except an e-mail may: services that need exact values read the signed
 * assertion, whose claims are JSON.
 */
const headerValue = (value: string): string => (/^[\x20-\x7e]*$/.test(value) ? value : encodeURIComponent(value));

const IDENTITY_HEADERS = [
  ["X-Auth-User-Id", "The stable user id (a UUID fixed at sign-up)"],
  ["X-Auth-User-Name", "The username"],
  ["X-Auth-User-Email", "The e-mail address"],
  ["X-Auth-User-Role", "user or admin"],
  ["X-Auth-Session-Id", "The session (sid)"],
  ["X-Auth-Assertion", "A JWT signed EdDSA, 60 s, to verify with /.well-known/jwks.json"],
] as const;

const JwksSchema = t.Object({
  keys: t.Array(
    t.Union([
      t.Object({
        kty: t.Literal("OKP"),
        crv: t.Literal("Ed25519"),
        alg: t.Literal("EdDSA"),
        use: t.Literal("sig"),
        kid: t.String(),
        x: t.String({ description: "The public key, base64url (RFC 8037)" }),
      }),
      t.Object({
        kty: t.Literal("RSA"),
        alg: t.Literal("RS256"),
        use: t.Literal("sig"),
        kid: t.String(),
        n: t.String({ description: "The modulus, base64url (RFC 7518)" }),
        e: t.String({ description: "The exponent, base64url" }),
      }),
    ]),
  ),
});

/**
 * Forward auth for reverse proxies (nginx auth_request, Traefik forwardAuth, Caddy forward_auth):
 * they ask GET /api/auth/verify before passing a request on; a 200 carries who it is, as headers
 * and as a signed assertion that services verify with GET /.well-known/jwks.json.
 */
export function forwardAuthRoutes({ auth, keyring, assertions }: ForwardAuthDeps) {
  return new Elysia({ tags: ["forward-auth"] })
    .use(auth)
    .get(
      "/api/auth/verify",
      ({ session, set }) => {
        const user: UserRecord = session.user;
        const sid = session.claims.sid;
        set.headers["x-auth-user-id"] = user.stable_id;
        set.headers["x-auth-user-name"] = headerValue(user.username);
        set.headers["x-auth-user-email"] = headerValue(user.email);
        set.headers["x-auth-user-role"] = user.role;
        set.headers["x-auth-session-id"] = sid;
        set.headers["x-auth-assertion"] = assertions.sign({
          sub: user.stable_id,
          name: user.username,
          email: user.email,
          role: user.role,
          sid,
        });
        // Elysia adds what `set` holds (the identity, a renewal's cookies) to this empty answer.
        return new Response(null);
      },
      {
        forwardedAuth: true,
        // The answer is documented by hand: an empty 200 whose content is its headers (a response
        // schema would make the OpenAPI plugin describe a body, and drop these).
        detail: {
          responses: {
            200: {
              description: "Empty body; who is asking, in the headers",
              headers: Object.fromEntries(
                IDENTITY_HEADERS.map(([name, description]) => [name, { description, schema: { type: "string" } }]),
              ),
            },
            ...Object.fromEntries(
              [401, 403, 503].map((code) => [
                code,
                { description: ErrorSchema.description, content: { "application/json": { schema: ErrorSchema } } },
              ]),
            ),
          },
          summary: "Forward auth: who is asking (for nginx auth_request, Traefik, Caddy)",
          description:
            "200 with X-Auth-User-Id (the stable user id), X-Auth-User-Name, X-Auth-User-Email, X-Auth-User-Role, X-Auth-Session-Id and X-Auth-Assertion (a JWT signed EdDSA, 60 s, verifiable with /.well-known/jwks.json). The original method comes from X-Forwarded-Method or X-Original-Method (the strictest when both): for a cookie and an unsafe method, X-CSRF-TOKEN must match (else 403). An implicit refresh sets cookies for the proxy to relay. Header values that are not printable ASCII are percent-encoded UTF-8.",
          security: READ_SECURITY,
        },
      },
    )
    .get(
      "/.well-known/jwks.json",
      ({ set }) => {
        set.headers["cache-control"] = `public, max-age=${JWKS_MAX_AGE_SECONDS}`;
        return { keys: keyring.jwks() };
      },
      {
        response: { 200: JwksSchema },
        detail: {
          summary: "The public keys that sign identity assertions and tokens (JWKS)",
          description:
            "Ed25519 (EdDSA: identity assertions, access tokens) and RSA (RS256: ID tokens). For each: the current key, a key about to take over, and the previous key while what it signed may still be alive.",
        },
      },
    );
}
