/**
 * The ceiling: a bare Bun.serve handler doing what an authenticated request must do, with no
 * framework. Verify the JWT (WebCrypto HMAC), one Redis GET for the blocklist, one SELECT by the
 * token's subject, answer. The same drivers (postgres.js, node-redis) and the same database as
 * the server, so the ratio measures everything the server adds. Also: the update statement, and
 * the dashboard's files as static responses.
 */
import postgres from "postgres";
import { createClient } from "redis";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const port = Number(env("PORT"));
const encoder = new TextEncoder();
const key = await crypto.subtle.importKey(
  "raw",
  encoder.encode(env("JWT_SECRET_KEY")),
  { name: "HMAC", hash: "SHA-256" },
  false,
  ["verify"],
);
// The same pool size as the server (src/platform/db/postgres.ts): 2 x cores + 1.
const sql = postgres(env("DATABASE_URL"), { max: 2 * navigator.hardwareConcurrency + 1, onnotice: () => {} });
const redis = createClient({ url: env("REDIS_URL") });
await redis.connect();

const unauthorized = () => Response.json({ success: false, msg: "Authentication required." }, { status: 401 });

async function claimsOf(request: Request): Promise<{ sub: string; jti: string; csrf: string } | null> {
  const token = /(?:^|;\s*)access_token_cookie=([^;]+)/.exec(request.headers.get("cookie") ?? "")?.[1];
  if (!token) return null;
  const [header, payload, signature] = token.split(".");
  if (!header || !payload || !signature) return null;
  const valid = await crypto.subtle.verify(
    "HMAC",
    key,
    Buffer.from(signature, "base64url"),
    encoder.encode(`${header}.${payload}`),
  );
  if (!valid) return null;
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
  if (claims.exp <= Date.now() / 1000) return null;
  if (await redis.get(`datta:revoked:${claims.jti}`)) return null;
  return claims;
}

const html = await Bun.file(env("WEB_INDEX")).text();
const js = await Bun.file(env("WEB_JS")).arrayBuffer();

Bun.serve({
  port,
  hostname: "127.0.0.1",
  routes: {
    "/": new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } }),
    [env("WEB_JS_PATH")]: new Response(js, { headers: { "content-type": "text/javascript; charset=utf-8" } }),
    "/api/users/me": {
      async GET(request) {
        const claims = await claimsOf(request);
        if (!claims) return unauthorized();
        const [user] =
          await sql`select public_id, username, email, role, created_at from users where public_id = ${claims.sub}`;
        return user ? Response.json({ success: true, user }) : unauthorized();
      },
    },
    "/api/users/update": {
      async PUT(request) {
        const claims = await claimsOf(request);
        if (!claims || request.headers.get("x-csrf-token") !== claims.csrf) return unauthorized();
        const body = (await request.json()) as { username: string };
        // The same statement as the server: the change and its activity event together.
        const [user] = await sql`
          with updated as (
            update users set username = ${body.username}, updated_at = now() where public_id = ${claims.sub} returning *
          ), logged as (
            insert into user_events (user_id, type, ip, user_agent) select id, 'profile_updated', null, null from updated
          )
          select public_id, username, email, role, created_at from updated`;
        return Response.json({ success: true, msg: "Profile updated.", user });
      },
    },
  },
  fetch: () => new Response("Not found", { status: 404 }),
});
console.log(`baseline listening on ${port}`);
