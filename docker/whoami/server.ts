/**
 * whoami: the sample service that signs in through Datta Dashboard. nginx asks the dashboard's
 * GET /api/auth/verify before passing a request here (auth_request), so this service has no auth
 * code of its own: it reads who is asking from the headers nginx sets, and, because it could be
 * reached without nginx, trusts only what the signed assertion (X-Auth-Assertion) says after
 * verifying it against the dashboard's JWKS with `jose`: the EdDSA signature, `iss`, `aud`, `exp`.
 *
 *   JWKS_URL   where the public keys are (default http://127.0.0.1:3000/.well-known/jwks.json)
 *   ISSUER     the dashboard's PUBLIC_URL (default http://localhost:3000)
 *   AUDIENCE   FORWARD_AUTH_AUDIENCE (default datta-services)
 *   HOST, PORT where to listen (default 127.0.0.1:4000)
 *
 * Run it with `bun docker/whoami/server.ts`, or from the single binary as `datta-dashboard whoami`
 * (compose.yaml does that, so the image carries one executable).
 *
 * GET /whoami/ (and any path under it) answers an HTML page (or JSON when asked for it) with the
 * verified identity, and in JSON whether an Authorization or Cookie header reached it (the proxy
 * should remove both); 401 when there is no assertion or it does not verify, except under
 * /whoami/public/, which the sample access rules open to anyone. GET /whoami/health answers 200.
 */
import { createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from "jose";

export interface WhoamiOptions {
  /** The dashboard's public keys (createRemoteJWKSet: fetched, cached, re-fetched for an unknown kid). */
  keys: JWTVerifyGetKey;
  issuer: string;
  audience: string;
}

export interface VerifiedIdentity {
  sub: string;
  name: string;
  email: string;
  role: string;
  sid: string;
  /** The user's groups (the assertion's `groups` claim). */
  groups: string;
  kid: string;
  expires_at: string;
}

const IDENTITY_HEADERS = [
  "x-auth-user-id",
  "x-auth-user-name",
  "x-auth-user-email",
  "x-auth-user-role",
  "x-auth-user-groups",
  "x-auth-session-id",
] as const;

const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}

/** A public path (the access rules let anyone through, and nobody is named): says so. */
function publicPage(request: Request, path: string): Response {
  if ((request.headers.get("accept") ?? "").includes("application/json")) return json(200, { identity: null, path });
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>whoami: a public page</title></head>
<body><main><h1>A public page</h1>
<p>The access rules let anyone reach ${escapeHtml(path)}: nginx passed no identity on.</p>
<p><a href="/whoami/">Who am I?</a></p></main></body>
</html>`;
  return new Response(html, { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}

function page(identity: VerifiedIdentity, headers: Record<string, string | null>): Response {
  const rows = Object.entries(identity)
    .map(([key, value]) => `<tr><th scope="row">${escapeHtml(key)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join("");
  const sent = Object.entries(headers)
    .map(([key, value]) => `<tr><th scope="row">${escapeHtml(key)}</th><td>${escapeHtml(value ?? "")}</td></tr>`)
    .join("");
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>whoami: ${escapeHtml(identity.name)}</title></head>
<body>
<main>
<h1>Signed in as ${escapeHtml(identity.name)}</h1>
<p>This sample service has no sign-in of its own: nginx asked Datta Dashboard who you are, and the
signed assertion below verified against its public keys.</p>
<table><caption>The verified assertion</caption><tbody>${rows}</tbody></table>
<table><caption>The headers nginx passed on</caption><tbody>${sent}</tbody></table>
<p><a href="/">Back to the dashboard</a></p>
</main>
</body>
</html>`;
  return new Response(html, {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
    },
  });
}

/** The service as a fetch handler (tests run it in-process; `import.meta.main` below serves it). */
export function createWhoami({ keys, issuer, audience }: WhoamiOptions) {
  return async (request: Request): Promise<Response> => {
    const { pathname } = new URL(request.url);
    if (pathname === "/whoami/health") return json(200, { status: "ok" });
    if (pathname !== "/whoami" && !pathname.startsWith("/whoami/")) return json(404, { error: "not found" });

    const assertion = request.headers.get("x-auth-assertion");
    // Under /whoami/public/ the sample rules (docker/access/rules.yaml) let anyone through.
    if (!assertion && pathname.startsWith("/whoami/public/")) return publicPage(request, pathname);
    if (!assertion) return json(401, { error: "no identity assertion" });
    let payload: JWTPayload;
    let kid: string | undefined;
    try {
      const verified = await jwtVerify(assertion, keys, { issuer, audience, algorithms: ["EdDSA"] });
      payload = verified.payload;
      kid = verified.protectedHeader.kid;
    } catch {
      // One answer whatever failed (signature, key, issuer, audience, expiry): nothing to learn.
      return json(401, { error: "the identity assertion does not verify" });
    }
    const claim = (name: string): string => (typeof payload[name] === "string" ? (payload[name] as string) : "");
    const identity: VerifiedIdentity = {
      sub: claim("sub"),
      name: claim("name"),
      email: claim("email"),
      role: claim("role"),
      sid: claim("sid"),
      groups: Array.isArray(payload.groups) ? payload.groups.filter((g) => typeof g === "string").join(",") : "",
      kid: kid ?? "",
      expires_at: new Date((payload.exp ?? 0) * 1000).toISOString(),
    };
    const headers = Object.fromEntries(IDENTITY_HEADERS.map((name) => [name, request.headers.get(name)]));
    if ((request.headers.get("accept") ?? "").includes("application/json")) {
      // Whether the user's own credentials came along too (never their values): the proxy in front
      // is meant to remove both, so that this service holds nothing it could sign in with elsewhere.
      const credentials = {
        authorization: request.headers.has("authorization"),
        cookie: request.headers.has("cookie"),
      };
      return json(200, { identity, headers, credentials, path: pathname });
    }
    return page(identity, headers);
  };
}

/** Serves the sample service as its environment says (see the top of this file). */
export function serveWhoami(env: Record<string, string | undefined> = process.env) {
  const jwksUrl = new URL(env.JWKS_URL || "http://127.0.0.1:3000/.well-known/jwks.json");
  const handler = createWhoami({
    keys: createRemoteJWKSet(jwksUrl, { cooldownDuration: 5_000, cacheMaxAge: 300_000 }),
    issuer: env.ISSUER || "http://localhost:3000",
    audience: env.AUDIENCE || "datta-services",
  });
  const server = Bun.serve({
    hostname: env.HOST || "127.0.0.1",
    port: Number(env.PORT) || 4000,
    fetch: handler,
  });
  console.log(JSON.stringify({ msg: "whoami listening", url: server.url.href, jwks: jwksUrl.href }));
  const stop = () => {
    void server.stop().then(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  return server;
}

// `bun docker/whoami/server.ts`; the container image runs it as `datta-dashboard whoami`.
if (import.meta.main) serveWhoami();
