/**
 * The baselines: a bare Bun.serve handler doing what an authenticated request must do, with no
 * framework. Verify the JWT (a synchronous HMAC-SHA256, as the server does), then the blocklist
 * check on Redis (one EXISTS over the token's jti and its session's sid) and the SELECT by the
 * token's subject, in parallel (as the server does), answer. Also: the update statement, forward
 * auth (the same, then one Ed25519 signature over the identity assertion, answered in headers), and
 * the dashboard's files as in-memory responses.
 *
 * The drivers are chosen by the environment, so one handler measures each driver on its own:
 *   PG_CLIENT=bun | postgres.js       (Bun.sql, or the postgres npm package)
 *   REDIS_CLIENT=bun | bun-pipelined | node-redis
 *     (Bun's RedisClient as the server configures it, auto-pipelining off; the same with Bun's
 *     default auto-pipelining; or the redis npm package)
 * bun + bun is the native floor; postgres.js + node-redis is the npm-driver baseline.
 */
import { createHmac, generateKeyPairSync, sign, timingSafeEqual } from "node:crypto";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const port = Number(env("PORT"));
const secret = env("JWT_SECRET_KEY");
// The same pool size as the server (src/platform/db/postgres.ts): 2 x cores + 1.
const poolSize = 2 * navigator.hardwareConcurrency + 1;

type Query = (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>;
/** How many of these keys exist, in one round trip. */
type Exists = (keys: string[]) => Promise<number>;

async function postgresClient(): Promise<Query> {
  if (process.env.PG_CLIENT === "postgres.js") {
    const { default: postgres } = await import("postgres");
    const sql = postgres(env("DATABASE_URL"), { max: poolSize, onnotice: () => {} });
    return async (text, params) => (await sql.unsafe(text, params as never[], { prepare: true })) as never;
  }
  const sql = new Bun.SQL(env("DATABASE_URL"), { max: poolSize });
  return (text, params) => sql.unsafe(text, params);
}

async function redisClient(): Promise<Exists> {
  if (process.env.REDIS_CLIENT === "node-redis") {
    const { createClient } = await import("redis");
    const redis = createClient({ url: env("REDIS_URL") });
    await redis.connect();
    return (keys) => redis.exists(keys);
  }
  const redis = new Bun.RedisClient(env("REDIS_URL"), {
    enableAutoPipelining: process.env.REDIS_CLIENT === "bun-pipelined",
  });
  await redis.connect();
  return async (keys) => Number(await redis.send("EXISTS", keys));
}

const query = await postgresClient();
const exists = await redisClient();
const { privateKey } = generateKeyPairSync("ed25519");
const assertionHeader = Buffer.from(JSON.stringify({ alg: "EdDSA", typ: "JWT", kid: "bench" })).toString("base64url");

const unauthorized = () => Response.json({ success: false, msg: "Authentication required." }, { status: 401 });

interface Claims {
  sub: string;
  jti: string;
  sid: string;
  csrf: string;
}

function claimsOf(request: Request): Claims | null {
  const token = /(?:^|;\s*)access_token_cookie=([^;]+)/.exec(request.headers.get("cookie") ?? "")?.[1];
  if (!token) return null;
  const [header, payload, signature] = token.split(".");
  if (!header || !payload || !signature) return null;
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
  return claims.exp > Date.now() / 1000 ? claims : null;
}

/** The blocklist check (the token and its session) and the user's row, in parallel. */
async function userOf(claims: Claims | null): Promise<Record<string, unknown> | null> {
  if (!claims) return null;
  const [revoked, rows] = await Promise.all([
    exists([`datta:revoked:${claims.jti}`, `datta:ended:${claims.sid}`]),
    query(SELECT_USER, [claims.sub]),
  ]);
  return revoked > 0 ? null : (rows[0] ?? null);
}

const SELECT_USER =
  "select id, public_id, stable_id, username, email, role, created_at from users where public_id = $1";
// The same statement as the server: the change and its activity event together.
const UPDATE_USER = `
  with updated as (
    update users set username = $1, updated_at = now() where id = $2 returning *
  ), logged as (
    insert into user_events (user_id, type, ip, user_agent) select id, 'profile_updated', null, null from updated
  )
  select public_id, username, email, role, created_at from updated`;

const html = await Bun.file(env("WEB_INDEX")).text();
const js = await Bun.file(env("WEB_JS")).arrayBuffer();

async function plugin(name: string) {
  if (name === "language") return (await import("../src/http/language.ts")).languagePlugin("en");
  if (name === "headers") return (await import("../src/http/security-headers.ts")).securityHeaders({ https: false });
  if (name === "errors") {
    const { silentLogger } = await import("../src/http/log.ts");
    return (await import("../src/http/errors.ts")).errorHandler(silentLogger);
  }
  if (name === "log") {
    const { createLogger, requestLog } = await import("../src/http/log.ts");
    const { createMetrics } = await import("../src/metrics/metrics.ts");
    return requestLog(createLogger(), createMetrics().request);
  }
  throw new Error(`FLOOR_PLUGINS: no plugin ${name}`);
}

async function me(request: Request): Promise<Response> {
  const user = await userOf(claimsOf(request));
  if (!user) return unauthorized();
  const { id: _, stable_id: __, ...body } = user;
  return Response.json({ success: true, user: body });
}

/**
 * FLOOR_CONTRACT=1: the bare-Bun /me answered under the contract the server's native routes keep
 * (src/http/native.ts, the server's own code): the request's language scope, the request id, the
 * security headers and no-store, the log line through the server's logger and the observation
 * through its histogram. Between this and the floor: what the contract costs; between this and the
 * server: what the server's session path costs.
 */
async function withContract(handler: (request: Request) => Promise<Response>) {
  const { serveNatively } = await import("../src/http/native.ts");
  const { createLogger } = await import("../src/http/log.ts");
  const { createMetrics } = await import("../src/metrics/metrics.ts");
  const contract = { logger: createLogger(), onAnswered: createMetrics().request, fallbackLanguage: "en" as const };
  const served = serveNatively([{ path: "/api/users/me", handler }], { ...contract, https: false });
  return served["/api/users/me"]?.GET ?? handler;
}
const meRoute = process.env.FLOOR_CONTRACT ? await withContract(me) : me;

// FLOOR_FRAMEWORK=elysia: the same /me handler in a bare Elysia app (no plugin, no hook, no schema),
// so what the framework alone costs reads apart from what the server's contract costs.
if (process.env.FLOOR_FRAMEWORK === "elysia") {
  const { Elysia } = await import("elysia");
  // FLOOR_PLUGINS=language,log,headers,errors: the server's own plugins of those names added, one
  // piece of the contract at a time.
  let app = new Elysia();
  for (const name of (process.env.FLOOR_PLUGINS ?? "").split(",").filter(Boolean)) app = app.use(await plugin(name));
  app
    .get("/", () => new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } }))
    .get("/api/users/me", ({ request }) => me(request))
    .listen({ port, hostname: "127.0.0.1" });
} else
  Bun.serve({
    port,
    hostname: "127.0.0.1",
    routes: {
      "/": new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } }),
      [env("WEB_JS_PATH")]: new Response(js, { headers: { "content-type": "text/javascript; charset=utf-8" } }),
      "/api/users/me": { GET: meRoute },
      "/api/auth/verify": {
        async GET(request) {
          const claims = claimsOf(request);
          const user = await userOf(claims);
          if (!claims || !user) return unauthorized();
          const iat = Math.floor(Date.now() / 1000);
          const payload = Buffer.from(
            JSON.stringify({
              iss: "http://127.0.0.1",
              aud: "datta-services",
              sub: user.stable_id,
              name: user.username,
              email: user.email,
              role: user.role,
              sid: claims.sid,
              iat,
              exp: iat + 60,
            }),
          ).toString("base64url");
          const input = `${assertionHeader}.${payload}`;
          const assertion = `${input}.${sign(null, Buffer.from(input), privateKey).toString("base64url")}`;
          return new Response(null, {
            headers: {
              "x-auth-user-id": String(user.stable_id),
              "x-auth-user-name": String(user.username),
              "x-auth-user-email": String(user.email),
              "x-auth-user-role": String(user.role),
              "x-auth-session-id": claims.sid,
              "x-auth-assertion": assertion,
            },
          });
        },
      },
      "/api/users/update": {
        async PUT(request) {
          // The same I/O as the server: the session's two lookups, then one UPDATE + event by id.
          const claims = claimsOf(request);
          if (!claims || request.headers.get("x-csrf-token") !== claims.csrf) return unauthorized();
          const body = (await request.json()) as { username: string };
          const current = await userOf(claims);
          if (!current) return unauthorized();
          const [user] = await query(UPDATE_USER, [body.username, current.id]);
          return Response.json({ success: true, msg: "Profile updated.", user });
        },
      },
    },
    fetch: () => new Response("Not found", { status: 404 }),
  });
console.log(`baseline listening on ${port}`);

// Stopped by SIGTERM through exit, so a profiler's file (bench/profile.ts --floor) is written.
process.on("SIGTERM", () => process.exit(0));
