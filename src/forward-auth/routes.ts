import { Elysia, t } from "elysia";
import { clientIp } from "../http/client-ip.ts";
import { errorResponse } from "../http/errors.ts";
import type { NativeRoute } from "../http/native.ts";
import { escapeHtml, plainPage } from "../http/page.ts";
import { ErrorSchema, READ_SECURITY } from "../http/schemas.ts";
import type { AccessPolicy, ForwardedRequest, UserAuth } from "../kit.ts";
import { JWKS_MAX_AGE_SECONDS, type Keyring } from "../platform/keys/keyring.ts";
import { forwardedMethod } from "../session/transport.ts";
import type { UserRecord } from "../users/repository.ts";
import type { AssertionSigner } from "./assertion.ts";
import { FORWARD_AUTH_MESSAGES as MESSAGES } from "./messages.ts";

export interface ForwardAuthDeps {
  auth: UserAuth;
  keyring: Keyring;
  assertions: AssertionSigner;
  access: AccessPolicy;
  /** TRUST_PROXY: X-Forwarded-Host names the host only when a proxy sets it. */
  trustProxy: boolean;
}

/**
 * What the proxy asks about: the host (X-Forwarded-Host only behind a trusted proxy; else Host, which
 * nginx sets to the request's), the path (X-Forwarded-Uri, X-Original-URI or X-Original-URL), the
 * method (the strictest of X-Forwarded-Method and X-Original-Method), the client's address. Each is
 * read from the request when the access rules first ask for it: with no rules, none is.
 */
export function forwardedRequest(request: Request, ip: () => string | null, trustProxy: boolean): ForwardedRequest {
  const headers = request.headers;
  let target: { host: string; path: string } | undefined;
  const where = () => {
    if (target) return target;
    const original = URL.parse(headers.get("x-original-url") ?? "");
    const named = (trustProxy ? headers.get("x-forwarded-host") : null) ?? headers.get("host") ?? "";
    const host = (named.split(",")[0] ?? "").trim().toLowerCase().replace(/:\d+$/, "");
    const uri =
      headers.get("x-forwarded-uri") ??
      headers.get("x-original-uri") ??
      (original ? original.pathname + original.search : "/");
    target = { host, path: uri.startsWith("/") ? uri : "/" };
    return target;
  };
  let address: string | null | undefined;
  return {
    get host() {
      return where().host;
    },
    get path() {
      return where().path;
    },
    get method() {
      return forwardedMethod(request);
    },
    get ip() {
      if (address === undefined) address = ip();
      return address;
    },
  };
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
  ["X-Auth-User-Groups", "The names of the user's groups, sorted, separated by commas"],
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
 * GET /api/auth/verify, asked by the proxy before every request to every service behind it: served
 * by Bun's router (http/native.ts); the same handler answers the route in the Elysia app, which
 * documents it.
 */
export const verifyRoute = ({
  auth,
  assertions,
  access,
  trustProxy,
}: Omit<ForwardAuthDeps, "keyring">): NativeRoute<Response> => ({
  path: "/api/auth/verify",
  handler: async (request, set, server) => {
    const asked = forwardedRequest(
      request,
      () => clientIp(request, server?.requestIP(request)?.address ?? null, trustProxy),
      trustProxy,
    );
    // Before any session is read: a path anyone may reach, or nobody.
    const first = access.decide(asked, null);
    if (first.answer === "bypass") return new Response(null);
    if (first.answer === "deny") return errorResponse(403, MESSAGES.notAllowed);
    // 401 (or 403 for a bad CSRF value) as always when nobody is signed in.
    const { session } = await auth.authenticate({ request, set }, forwardedMethod(request));
    const user: UserRecord = session.user;
    const verdict = access.decide(asked, {
      email: user.email,
      groups: user.groups,
      twoFactors: session.claims.mfa === true,
    });
    if (verdict.answer === "bypass") return new Response(null);
    if (verdict.answer === "deny") return errorResponse(403, MESSAGES.notAllowed);
    if (verdict.answer === "step_up") return errorResponse(401, MESSAGES.secondFactorNeeded, { "x-auth-step-up": "1" });
    const sid = session.claims.sid;
    set.headers["x-auth-user-id"] = user.stable_id;
    set.headers["x-auth-user-name"] = headerValue(user.username);
    set.headers["x-auth-user-email"] = headerValue(user.email);
    set.headers["x-auth-user-role"] = user.role;
    set.headers["x-auth-user-groups"] = user.groups.join(",");
    set.headers["x-auth-session-id"] = sid;
    set.headers["x-auth-assertion"] = assertions.sign({
      sub: user.stable_id,
      name: user.username,
      email: user.email,
      role: user.role,
      groups: user.groups,
      sid,
    });
    // What `set` holds (the identity, a renewal's cookies) is added to this empty answer.
    return new Response(null);
  },
});

/**
 * Forward auth for reverse proxies (nginx auth_request, Traefik forwardAuth, Caddy forward_auth):
 * they ask GET /api/auth/verify before passing a request on; a 200 carries who it is, as headers
 * and as a signed assertion that services verify with GET /.well-known/jwks.json.
 */
export function forwardAuthRoutes(deps: ForwardAuthDeps) {
  const { keyring } = deps;
  const verify = verifyRoute(deps);
  return (
    new Elysia({ tags: ["forward-auth"] })
      .get("/api/auth/verify", ({ request, server, set }) => verify.handler(request, set, server ?? null), {
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
            "With ACCESS_RULES, the first rule that matches the host, path, method and client network decides (README: access rules): `bypass` answers 200 with no identity and reads no session; `deny` 403; `signed_in` as below; `two_factor` 401 with X-Auth-Step-Up: 1 for a session proven by one factor; a rule naming groups or users asks a sign-in of nobody, and is passed over for someone it does not name. 200 with X-Auth-User-Id (the stable user id), X-Auth-User-Name, X-Auth-User-Email, X-Auth-User-Role, X-Auth-User-Groups, X-Auth-Session-Id and X-Auth-Assertion (a JWT signed EdDSA, 60 s, verifiable with /.well-known/jwks.json). The original method comes from X-Forwarded-Method or X-Original-Method (the strictest when both): for a cookie and an unsafe method, X-CSRF-TOKEN must match (else 403). An implicit refresh sets cookies for the proxy to relay. Header values that are not printable ASCII are percent-encoded UTF-8.",
          security: READ_SECURITY,
        },
      })
      // The page nginx's error_page shows for a 403 of verify (auth_request keeps verify's own body).
      .get(
        "/api/auth/forbidden",
        () =>
          new Response(
            plainPage(
              MESSAGES.forbiddenTitle,
              `<p>${escapeHtml(MESSAGES.notAllowed)} ${escapeHtml(MESSAGES.forbiddenHelp)}</p>
<p><a href="/">${escapeHtml(MESSAGES.toDashboard)}</a></p>`,
            ),
            { status: 403, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } },
          ),
        { detail: { hide: true } },
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
      )
  );
}
