/**
 * CPU per request, in process: the app on real Postgres and Redis (a database of its own: its
 * signing keys are sealed with this script's key), driven through app.handle with 50 requests in
 * flight, no HTTP and no wrk on the same cores, so small changes show through this machine's noise.
 * Prints the process's CPU time (user + system, drivers included) per request for each of 5 rounds
 * and their median.
 *
 *   DATABASE_URL=postgres://.../datta_cpu REDIS_URL=... bun bench/cpu.ts [path] [requests per round]
 *   DATABASE_URL=... REDIS_URL=... bun bench/cpu.ts oidc [requests per round]
 *
 * `oidc`: /api/users/me, then the provider's userinfo, introspection and refresh grant (a quarter
 * of the requests: each signs an RS256 ID token), for a first-party client the user signed in to.
 */

import { createApp } from "../src/app.ts";
import { checkClientInput, createClientRepository } from "../src/oidc/clients.ts";
import { loadMigrations, migrate } from "../src/platform/db/migrate.ts";
import { connectPostgres } from "../src/platform/db/postgres.ts";
import { createKeyring } from "../src/platform/keys/keyring.ts";
import { createSealer } from "../src/platform/sealed.ts";
import { connectRedisStore } from "../src/platform/store/redis.ts";
import { createTokenService } from "../src/session/tokens.ts";
import { createPasswordHasher } from "../src/users/password.ts";
import { signedInToClient } from "./oidc.ts";

const path = process.argv[2] ?? "/api/auth/verify";
const total = Number(process.argv[3] ?? (path === "oidc" ? 4_000 : 20_000));
const db = connectPostgres(process.env.DATABASE_URL as string);
await migrate(db.sql, await loadMigrations());
const store = await connectRedisStore(process.env.REDIS_URL as string, { keyPrefix: `cpu:${crypto.randomUUID()}:` });
const sealer = createSealer(["cpu-bench-data-encryption-key-0123456789"]);
const keyring = await createKeyring({ sql: db.sql, sealer, autoRefresh: false }).catch(() => {
  throw new Error("this database's signing keys were sealed with another key: use a database of its own");
});
const app = await createApp({
  db,
  store,
  tokens: createTokenService({
    secret: "cpu-bench-secret-0123456789abcdef",
    ttlSeconds: 900,
    sessionMaxAgeSeconds: 43200,
  }),
  passwords: createPasswordHasher(),
  cookies: { secure: false },
  forwardAuth: { keyring, issuer: "http://127.0.0.1", audience: "datta-services" },
  email: { publicUrl: "http://127.0.0.1" },
  sealer: createSealer(["cpu-bench-data-key-0123456789abcdef"]),
  web: { files: new Map([["index.html", new TextEncoder().encode("<!doctype html>")]]) },
});
const email = `cpu.${crypto.randomUUID().slice(0, 8)}@example.com`;
const body = JSON.stringify({ username: "cpu_user", email, password: "correct horse battery staple" });
const json = { "content-type": "application/json" };
await app.handle(new Request("http://127.0.0.1/api/users/signup", { method: "POST", headers: json, body }));
const login = await app.handle(
  new Request("http://127.0.0.1/api/users/login", { method: "POST", headers: json, body }),
);
const cookie = login.headers
  .getSetCookie()
  .map((c) => c.split(";")[0])
  .join("; ");

/** `n` requests made by `make`, 50 in flight; each must answer 200. */
const run = async (make: () => Request, n: number) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (next++ < n) {
        const res = await app.handle(make());
        if (res.status !== 200) throw new Error(`${new URL(make().url).pathname}: ${res.status}`);
        await res.arrayBuffer();
      }
    }),
  );
};

/** CPU per request (µs) over 5 rounds of `n`, after a warm-up: printed, and the median returned. */
async function measure(name: string, make: () => Request, n: number): Promise<number> {
  await run(make, Math.ceil(n / 4)); // warm up
  const perRequest: number[] = [];
  for (let i = 0; i < 5; i++) {
    Bun.gc(true);
    const cpu = process.cpuUsage();
    await run(make, n);
    const used = process.cpuUsage(cpu);
    perRequest.push((used.user + used.system) / n);
  }
  const sorted = [...perRequest].sort((a, b) => a - b);
  const rounds = perRequest.map((v) => v.toFixed(0)).join(" / ");
  console.log(`${name.padEnd(36)} median ${sorted[2]?.toFixed(1)} µs of CPU per request (rounds ${rounds}; ${n} each)`);
  return sorted[2] as number;
}

const get = (to: string, headers: Record<string, string>) => () => new Request(`http://127.0.0.1${to}`, { headers });
if (path === "oidc") {
  const checked = checkClientInput({
    name: "Bench",
    type: "confidential",
    redirect_uris: ["http://127.0.0.1:9/callback"],
    first_party: true,
  });
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  const registered = await createClientRepository(db.sql).create("command line", checked.settings, {
    ip: null,
    userAgent: null,
  });
  const fetcher = (input: string | URL, init?: RequestInit) => app.handle(new Request(input, init));
  const oidc = await signedInToClient(
    "http://127.0.0.1",
    registered.client.client_id,
    registered.secret ?? "",
    cookie,
    {
      fetch: fetcher,
    },
  );
  const { accessToken, refreshToken } = await oidc.tokens();
  const form = (to: string, text: string) => () =>
    new Request(`http://127.0.0.1${to}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: oidc.basic },
      body: text,
    });
  const me = await measure("GET /api/users/me", get("/api/users/me", { cookie }), total);
  const userinfo = await measure("GET /oidc/me", get("/oidc/me", { authorization: `Bearer ${accessToken}` }), total);
  const introspection = await measure(
    "POST /oidc/token/introspection",
    form("/oidc/token/introspection", `token=${accessToken}`),
    total,
  );
  await measure(
    "POST /oidc/token (refresh)",
    form("/oidc/token", `grant_type=refresh_token&refresh_token=${refreshToken}`),
    total / 4,
  );
  console.log(
    `userinfo ${(me / userinfo).toFixed(2)}x and introspection ${(me / introspection).toFixed(2)}x the rate /me's CPU allows`,
  );
} else {
  await measure(path, get(path, { cookie }), total);
}
await Promise.all([db.close(), store.close()]);
process.exit(0);
