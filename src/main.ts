/**
 * The process: read the configuration, connect, migrate, listen, shut down. The only module that
 * touches process.env, the network listener or signals.
 */
import { join } from "node:path";
import { createApp } from "./app.ts";
import { createPasswordHasher } from "./auth/password.ts";
import { createTokenService } from "./auth/tokens.ts";
import { ConfigError, loadConfig, MIN_SECRET_BYTES, type Config } from "./config.ts";
import { loadMigrations, migrate } from "./db/migrate.ts";
import { openPglite } from "./db/pglite.ts";
import { connectPostgres } from "./db/postgres.ts";
import type { Database } from "./db/sql.ts";
import { createLogger, type Logger } from "./http/log.ts";
import { resolveJwtSecret } from "./secret.ts";
import { createMemoryStore } from "./store/memory.ts";
import { connectRedisStore } from "./store/redis.ts";
import type { Store } from "./store/store.ts";

/** Bun's own limit, a backstop above the API's 64 KiB so that the API answers 413 in its shape. */
const SERVER_BODY_LIMIT = 1024 * 1024;
const SHUTDOWN_DEADLINE_MS = 10_000;

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`datta-dashboard: configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  if (config.databaseUrl) return connectPostgres(config.databaseUrl);
  const dir = join(config.dataDir, "pgdata");
  logger.info("using the embedded database (PGlite)", { dir });
  return openPglite(dir);
}

async function openStore(config: Config, logger: Logger): Promise<Store> {
  if (config.redisUrl) {
    return connectRedisStore(config.redisUrl, {
      onStateChange: (state, detail) =>
        state === "down" ? logger.error("redis unreachable; protected routes answer 503", { detail }) : logger.info("redis connected"),
    });
  }
  logger.warn("using the in-process store: revocations are not shared, so run a single process only (set REDIS_URL to scale)");
  return createMemoryStore();
}

/** Migrations wait for the database for a while (it may still be starting), then give up. */
async function migrateWhenReachable(db: Database, logger: Logger): Promise<void> {
  const migrations = await loadMigrations();
  const deadline = Date.now() + 30_000;
  for (let attempt = 1; ; attempt++) {
    try {
      const applied = await migrate(db.sql, migrations);
      if (applied.length) logger.info("migrations applied", { versions: applied.join(",") });
      return;
    } catch (error) {
      const unavailable = error instanceof Error && error.name === "UnavailableError";
      if (!unavailable || Date.now() > deadline) throw error;
      logger.warn("database not reachable yet; retrying", { attempt });
      await Bun.sleep(Math.min(250 * attempt, 2000));
    }
  }
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = readConfig();
  const logger = createLogger();

  const { secret, source } = await resolveJwtSecret(config);
  if (new TextEncoder().encode(secret).length < MIN_SECRET_BYTES) {
    logger.warn(`JWT_SECRET_KEY is shorter than ${MIN_SECRET_BYTES} bytes; production refuses this`);
  }

  const [db, store, tokens] = await Promise.all([
    openDatabase(config, logger),
    openStore(config, logger),
    createTokenService({
      secret,
      ttlSeconds: config.accessTokenTtlSeconds,
      sessionMaxAgeSeconds: config.sessionMaxAgeSeconds,
    }),
  ]);
  await migrateWhenReachable(db, logger);

  const app = await createApp({
    db,
    store,
    tokens,
    passwords: createPasswordHasher(),
    cookies: { secure: config.cookieSecure },
    trustProxy: config.trustProxy,
    cacheIndex: config.nodeEnv === "production",
    logger,
  });
  app.listen({ port: config.port, maxRequestBodySize: SERVER_BODY_LIMIT });

  logger.info("listening", {
    url: `http://localhost:${app.server?.port ?? config.port}`,
    env: config.nodeEnv,
    database: db.kind,
    store: store.kind,
    secret: source,
    startup_ms: Math.round(performance.now() - startedAt),
  });

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    setTimeout(() => {
      logger.error("shutdown deadline passed; exiting");
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    await app.stop(); // stop accepting; requests in flight finish
    await Promise.allSettled([db.close(), store.close()]);
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

await main().catch((error: unknown) => {
  console.error(`datta-dashboard: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
