/**
 * `bun bench/drivers.ts`: each driver on its own, with no HTTP in the way. For Postgres (Bun.sql,
 * postgres.js) the server's SELECT by public id; for Redis (RedisClient with and without its
 * auto-pipelining, node-redis) the blocklist
 * GET. 50 calls in flight, as under wrk -c50; rounds interleaved, order rotated. Prints calls per
 * second and the client's own CPU time per call (user + system), which is the driver's cost and
 * reads true on a loaded machine where wall-clock throughput does not.
 *
 *   bun bench/drivers.ts [--rounds 5] [--calls 40000]
 */
import postgres from "postgres";
import { createClient } from "redis";

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const ROUNDS = arg("rounds", 5);
const CALLS = arg("calls", 40_000);
const IN_FLIGHT = 50;
const POOL = 2 * navigator.hardwareConcurrency + 1;
const databaseUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";

const SELECT = "select $1::text as public_id, 'bench_user' as username, now() as created_at";

const bunSql = new Bun.SQL(databaseUrl, { max: POOL });
const pg = postgres(databaseUrl, { max: POOL, onnotice: () => {} });
const bunRedis = new Bun.RedisClient(redisUrl);
await bunRedis.connect();
const bunRedisUnpipelined = new Bun.RedisClient(redisUrl, { enableAutoPipelining: false });
await bunRedisUnpipelined.connect();
const nodeRedis = createClient({ url: redisUrl });
await nodeRedis.connect();

const drivers: Record<string, (i: number) => Promise<unknown>> = {
  "Bun.sql": (i) => bunSql.unsafe(SELECT, [`id-${i % 100}`]),
  "postgres.js": (i) => pg.unsafe(SELECT, [`id-${i % 100}`], { prepare: true }),
  RedisClient: (i) => bunRedis.get(`datta:bench:${i % 100}`),
  "RedisClient, no auto-pipelining": (i) => bunRedisUnpipelined.get(`datta:bench:${i % 100}`),
  "node-redis": (i) => nodeRedis.get(`datta:bench:${i % 100}`),
};

async function run(call: (i: number) => Promise<unknown>): Promise<{ rate: number; cpuUs: number }> {
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < CALLS) await call(next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { rate: CALLS / seconds, cpuUs: (used.user + used.system) / CALLS };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const names = Object.keys(drivers);
const results = new Map(names.map((name) => [name, [] as Array<{ rate: number; cpuUs: number }>]));
for (const name of names) await run(drivers[name] as never); // warm-up: connections, prepared statements
for (let round = 0; round < ROUNDS; round++) {
  for (let i = 0; i < names.length; i++) {
    const name = names[(i + round) % names.length] as string;
    results.get(name)?.push(await run(drivers[name] as never));
  }
}

console.log(`${ROUNDS} rounds of ${CALLS} calls, ${IN_FLIGHT} in flight, pool ${POOL}; medians\n`);
console.log("| driver | calls/s | client CPU µs per call | calls/s per round |");
console.log("|---|---|---|---|");
for (const name of names) {
  const runs = results.get(name) ?? [];
  console.log(
    `| ${name} | ${median(runs.map((r) => r.rate)).toFixed(0)} | ${median(runs.map((r) => r.cpuUs)).toFixed(1)} | ${runs.map((r) => r.rate.toFixed(0)).join(" / ")} |`,
  );
}
await Promise.all([bunSql.close(), pg.end(), nodeRedis.close()]);
bunRedis.close();
bunRedisUnpipelined.close();
