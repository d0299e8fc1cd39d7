/**
 * CPU per request, in process: the app on real Postgres and Redis (a database of its own: its
 * signing keys are sealed with this script's key), driven through app.handle with 50 requests in
 * flight, no HTTP and no wrk on the same cores, so small changes show through this machine's noise.
 * Prints the process's CPU time (user + system, drivers included) per request for each of 5 rounds
 * and their median.
 *
 *   DATABASE_URL=postgres://.../datta_cpu REDIS_URL=... bun bench/cpu.ts [path] [requests per round]
 */

import { createApp } from "../src/app.ts";
import { loadMigrations, migrate } from "../src/platform/db/migrate.ts";
import { connectPostgres } from "../src/platform/db/postgres.ts";
import { createKeyring } from "../src/platform/keys/keyring.ts";
import { createSealer } from "../src/platform/sealed.ts";
import { connectRedisStore } from "../src/platform/store/redis.ts";
import { createTokenService } from "../src/session/tokens.ts";
import { createPasswordHasher } from "../src/users/password.ts";

const path = process.argv[2] ?? "/api/auth/verify";
const total = Number(process.argv[3] ?? 20_000);
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

const run = async (n: number) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (next++ < n) {
        const res = await app.handle(new Request(`http://127.0.0.1${path}`, { headers: { cookie } }));
        if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
        await res.arrayBuffer();
      }
    }),
  );
};
await run(5_000); // warm up
const perRequest: number[] = [];
for (let i = 0; i < 5; i++) {
  Bun.gc(true);
  const cpu = process.cpuUsage();
  await run(total);
  const used = process.cpuUsage(cpu);
  perRequest.push((used.user + used.system) / total);
  console.log(`round ${i + 1}: ${perRequest.at(-1)?.toFixed(1)} us of CPU per request`);
}
const sorted = [...perRequest].sort((a, b) => a - b);
console.log(`${path}: median ${sorted[2]?.toFixed(1)} us of CPU per request (${total} requests x 5 rounds)`);
await Promise.all([db.close(), store.close()]);
process.exit(0);
