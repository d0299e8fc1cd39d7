/**
 * The process: read the configuration, connect, migrate, listen, shut down. The only module that
 * touches process.env, the network listener or signals.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createPasswordHasher } from "./account/password.ts";
import { adminEmailRoles } from "./admin/admin-emails.ts";
import { createAdminRepository } from "./admin/repository.ts";
import { createApp, DIST_WEB } from "./app.ts";
import { CONFIG_HELP, type Config, ConfigError, loadConfig, MIN_SECRET_BYTES } from "./config/config.ts";
import { keepPrivate, lockDataDir, prepareDataDir } from "./config/data-dir.ts";
import { resolveDataEncryptionKeys, resolveJwtSecret } from "./config/secret.ts";
import { type DashboardFiles, type DashboardSource, loadDashboardFiles } from "./dashboard/routes.ts";
import { createKeyring, DEFAULT_ACTIVATION_DELAY_SECONDS, rotateKeys } from "./forward-auth/keys.ts";
import { createLogger, type Logger } from "./http/log.ts";
import { createMailWorker } from "./mail/outbox.ts";
import { fileTransport, type MailTransport, printingLinks, smtpTransport } from "./mail/transport.ts";
import { instrumentSql } from "./metrics/instrument.ts";
import { metricsHandler } from "./metrics/server.ts";
import { loadMigrations, type Migration, migrate } from "./platform/db/migrate.ts";
import { openPglite } from "./platform/db/pglite.ts";
import { connectPostgres } from "./platform/db/postgres.ts";
import { cachedSeed } from "./platform/db/seed.ts";
import type { Database } from "./platform/db/sql.ts";
import { UnavailableError } from "./platform/errors.ts";
import { createSealer, SealedError } from "./platform/sealed.ts";
import { createMemoryStore } from "./platform/store/memory.ts";
import { connectRedisStore } from "./platform/store/redis.ts";
import type { Store } from "./platform/store/store.ts";
import { createTokenService } from "./session/tokens.ts";

/** Bun's own limit, a backstop above the API's 64 KiB so that the API answers 413 in its shape. */
const SERVER_BODY_LIMIT = 1024 * 1024;
const SHUTDOWN_DEADLINE_MS = 10_000;

function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    console.error(`datta-dashboard: configuration error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

/** The signing keys were sealed under another DATA_ENCRYPTION_KEY: say which setting to fix. */
function sealedKeyError(error: unknown): unknown {
  if (!(error instanceof SealedError)) return error;
  return new ConfigError(
    "DATA_ENCRYPTION_KEY",
    "does not open the signing keys in the database (they were sealed with another key); set the key they were sealed with, first or later in the list",
  );
}

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    return exitOnConfigError(error);
  }
}

async function openDatabase(
  config: Config,
  logger: Logger,
  migrations: Migration[],
  bundled: Bundled,
): Promise<Database> {
  if (config.databaseUrl) return connectPostgres(config.databaseUrl);
  const dir = join(config.dataDir, "pgdata");
  const first = !existsSync(join(dir, "PG_VERSION"));
  logger.info("using the embedded database (PGlite)", { dir, ...(first && { first_start: true }) });
  // A first start loads the prepared data directory (the binary's, or the one cached from source).
  const seed = first ? await (bundled.pgdataSeed?.() ?? cachedSeed(migrations)) : undefined;
  return openPglite(dir, { seed });
}

/** DATA_DIR is used for the embedded database and generated secrets; checked before either. */
function usesDataDir(config: Config): boolean {
  return (
    config.databaseUrl === undefined ||
    config.jwtSecret === undefined ||
    config.dataEncryptionKeys === undefined ||
    config.smtpUrl === undefined
  );
}

/** SMTP when SMTP_URL is set; otherwise .eml files in DATA_DIR/outbox. */
function openMailTransport(config: Config): MailTransport {
  const host = new URL(config.publicUrl).hostname;
  if (config.smtpUrl) return smtpTransport(config.smtpUrl, config.mailFrom, host);
  const files = fileTransport(join(config.dataDir, "outbox"), config.mailFrom, host);
  // In development the links are printed too (the contract's one exception to "no token in a log").
  return config.nodeEnv === "development" ? printingLinks(files, (line) => console.error(line)) : files;
}

/** How people reach a listener: an any-address bind is reached as localhost; IPv6 in brackets. */
function urlOf(hostname: string, port: number): string {
  const host = hostname === "0.0.0.0" || hostname === "::" ? "localhost" : hostname;
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

async function openStore(config: Config, logger: Logger): Promise<Store> {
  if (config.redisUrl) {
    return connectRedisStore(config.redisUrl, {
      keyPrefix: config.redisKeyPrefix,
      onStateChange: (state, detail) =>
        state === "down"
          ? logger.error("redis unreachable; protected routes answer 503", { detail })
          : logger.info("redis connected"),
    });
  }
  logger.warn(
    "using the in-process store: revocations are not shared, so run a single process only (set REDIS_URL to scale)",
  );
  return createMemoryStore();
}

/** Migrations wait for the database for a while (it may still be starting), then give up. */
async function migrateWhenReachable(db: Database, migrations: Migration[], logger: Logger): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (let attempt = 1; ; attempt++) {
    try {
      const applied = await migrate(db.sql, migrations);
      if (applied.length) logger.info("migrations applied", { versions: applied.join(",") });
      return;
    } catch (error) {
      if (!(error instanceof UnavailableError) || Date.now() > deadline) throw error;
      logger.warn("database not reachable yet; retrying", { attempt });
      await Bun.sleep(Math.min(250 * attempt, 2000));
    }
  }
}

/** What the single binary carries inside itself; from source, these come from sql/ and dist/web. */
export interface Bundled {
  migrations?: Migration[];
  web?: DashboardFiles;
  /** The embedded database's seed made at build time (platform/db/seed.ts), read when needed. */
  pgdataSeed?: () => Promise<Uint8Array<ArrayBuffer>>;
}

/** The binary's own files; from source, dist/web held in memory in production, read per request otherwise. */
async function dashboardSource(config: Config, bundled: Bundled): Promise<DashboardSource> {
  if (bundled.web) return { files: bundled.web };
  return config.nodeEnv === "production" ? { files: await loadDashboardFiles(DIST_WEB) } : { dir: DIST_WEB };
}

function printHelp(): void {
  const width = Math.max(...CONFIG_HELP.map(([name]) => name.length));
  console.log(`Datta Dashboard: the dashboard and its auth API in one process.

Usage: datta-dashboard [--help] [--healthcheck]
       datta-dashboard keys rotate [--activate-in SECONDS]
       datta-dashboard admin grant|revoke EMAIL
       datta-dashboard whoami

  --help         this text
  --healthcheck  exit 0 when the server on PORT answers /api/health (for container health checks)
  whoami         (the binary only) the sample service behind forward auth, docker/whoami: JWKS_URL,
                 ISSUER, AUDIENCE, HOST, PORT
  admin grant    give the account with this e-mail the admin role (revoke: take it back; never the last)
  keys rotate    a new key for identity assertions, used by every replica from --activate-in
                 seconds on (default ${DEFAULT_ACTIVATION_DELAY_SECONDS}: every replica publishes it first); the old key stays
                 published until no assertion it signed can be alive

Configuration, from the environment (and .env):
${CONFIG_HELP.map(([name, fallback, meaning]) => `  ${name.padEnd(width)}  ${meaning} [${fallback}]`).join("\n")}`);
}

/** --healthcheck: the server on PORT answers /api/health within 2 s. */
async function healthcheck(): Promise<number> {
  const port = Number(process.env.PORT) || 3000;
  try {
    const response = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2000) });
    return response.ok ? 0 : 1;
  } catch {
    return 1;
  }
}

/** DATA_DIR made private when it is used, and held by this process alone when the database is in it. */
async function claimDataDir(config: Config): Promise<void> {
  if (usesDataDir(config)) await prepareDataDir(config.dataDir).catch(exitOnConfigError);
  if (!config.databaseUrl) await lockDataDir(config.dataDir).catch(exitOnConfigError);
}

/** Opens what a command needs: configuration, DATA_DIR, the database migrated. */
async function openForCommand(bundled: Bundled, logger: Logger) {
  const config = readConfig();
  await claimDataDir(config);
  const sealer = createSealer((await resolveDataEncryptionKeys(config)).keys);
  const migrations = bundled.migrations ?? (await loadMigrations());
  const db = await openDatabase(config, logger, migrations, bundled);
  await migrateWhenReachable(db, migrations, logger);
  return { config, db, sealer };
}

/** `keys rotate [--activate-in SECONDS]`. */
async function keysCommand(args: string[], bundled: Bundled): Promise<number> {
  const at = args.indexOf("--activate-in");
  const activateIn = at >= 0 ? Number(args[at + 1]) : DEFAULT_ACTIVATION_DELAY_SECONDS;
  if (args[0] !== "rotate" || !Number.isSafeInteger(activateIn) || activateIn < 0) {
    console.error("usage: datta-dashboard keys rotate [--activate-in SECONDS]");
    return 2;
  }
  const logger = createLogger();
  const { db, sealer } = await openForCommand(bundled, logger);
  try {
    const { kid, activatesAt, deleted } = await rotateKeys(db.sql, sealer, { activateInSeconds: activateIn });
    logger.info("signing key rotated", {
      kid,
      activates_at: new Date(activatesAt * 1000).toISOString(),
      retired_keys_deleted: deleted,
    });
    return 0;
  } finally {
    await db.close();
  }
}

/** `admin grant EMAIL` / `admin revoke EMAIL`: the role, against the server's own database. */
async function adminCommand(args: string[], bundled: Bundled): Promise<number> {
  const [verb, email] = args;
  if ((verb !== "grant" && verb !== "revoke") || !email) {
    console.error("usage: datta-dashboard admin grant|revoke EMAIL");
    return 2;
  }
  const logger = createLogger();
  const { db } = await openForCommand(bundled, logger);
  try {
    const admin = createAdminRepository(db.sql);
    const [user] = await db.sql<{ id: string | number | bigint; stable_id: string; email: string; role: string }>`
      select id, stable_id, email, role from users where lower(email) = lower(${email.trim()})
    `;
    if (!user) {
      console.error(`No account uses ${email.trim()}.`);
      return 1;
    }
    const role = verb === "grant" ? "admin" : "user";
    const changed = await admin.setRole("command line", { ...user, id: String(user.id) }, role, {
      ip: null,
      userAgent: null,
    });
    if (changed === "last_admin") {
      console.error("That is the last admin: make another admin first.");
      return 1;
    }
    logger.info(verb === "grant" ? "admin role granted" : "admin role revoked", { uid: user.stable_id });
    return 0;
  } finally {
    await db.close();
  }
}

export async function main(bundled: Bundled = {}): Promise<void> {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    printHelp();
    return;
  }
  if (process.argv.includes("--healthcheck")) process.exit(await healthcheck());
  const args = process.argv.slice(2);
  if (args[0] === "keys") {
    process.umask(0o077);
    process.exit(await keysCommand(args.slice(1), bundled));
  }
  if (args[0] === "admin") {
    process.umask(0o077);
    process.exit(await adminCommand(args.slice(1), bundled));
  }

  const startedAt = performance.now();
  // Whatever this process creates (the embedded database, keys, mail files) is its own alone.
  process.umask(0o077);
  const config = readConfig();
  const logger = createLogger();
  await claimDataDir(config);

  const { secret, source } = await resolveJwtSecret(config);
  const sealer = createSealer((await resolveDataEncryptionKeys(config)).keys);
  if (new TextEncoder().encode(secret).length < MIN_SECRET_BYTES) {
    logger.warn(`JWT_SECRET_KEY is shorter than ${MIN_SECRET_BYTES} bytes; production refuses this`);
  }

  const tokens = createTokenService({
    secret,
    ttlSeconds: config.accessTokenTtlSeconds,
    sessionMaxAgeSeconds: config.sessionMaxAgeSeconds,
  });
  const migrations = bundled.migrations ?? (await loadMigrations());
  const [db, store] = await Promise.all([openDatabase(config, logger, migrations, bundled), openStore(config, logger)]);
  await migrateWhenReachable(db, migrations, logger);
  if (db.kind === "pglite") await keepPrivate(join(config.dataDir, "pgdata"), "PG_VERSION");

  const keyring = await createKeyring({
    sql: db.sql,
    sealer,
    onRefreshError: (error) =>
      logger.error("signing keys could not be re-read; signing with the ones held", {
        detail: error instanceof Error ? error.name : "error",
      }),
  }).catch((error: unknown) => exitOnConfigError(sealedKeyError(error)));

  // ADMIN_EMAILS: accounts that exist already are brought in line now (the role for a confirmed
  // listed address, none for an unconfirmed one); others when they confirm a listed address.
  await adminEmailRoles(config.adminEmails)
    .reconcile(db.sql)
    .then(({ granted, withdrawn }) => {
      if (granted || withdrawn) logger.info("ADMIN_EMAILS applied", { granted, withdrawn });
    })
    .catch((error: unknown) =>
      logger.warn("ADMIN_EMAILS not applied yet (database unavailable)", {
        detail: error instanceof Error ? error.name : "error",
      }),
    );
  const app = await createApp({
    db,
    store,
    forwardAuth: { keyring, issuer: config.publicUrl, audience: config.forwardAuthAudience },
    email: { publicUrl: config.publicUrl, requireVerifiedEmail: config.requireVerifiedEmail },
    sealer,
    adminEmails: config.adminEmails,
    tokens,
    passwords: createPasswordHasher(),
    cookies: { secure: config.cookieSecure },
    trustProxy: config.trustProxy,
    web: await dashboardSource(config, bundled),
    logger,
  });
  // Every replica sends what the outbox holds; rows sent a week ago go once a day.
  const mailTransport = openMailTransport(config);
  const mail = createMailWorker({
    // Counted like the routes' statements: its database errors show in /metrics too.
    sql: instrumentSql(db.sql, app.metrics),
    sealer,
    transport: mailTransport,
    logger,
    onSendFailure: app.metrics.mailFailed,
  });
  app.metrics.watch({ outboxBacklog: mail.backlog });
  mail.start();
  const pruning = setInterval(() => void mail.prune().catch(() => {}), 86_400_000);
  pruning.unref();

  app.listen({ hostname: config.host, port: config.port, maxRequestBodySize: SERVER_BODY_LIMIT });
  const bound = { hostname: app.server?.hostname ?? config.host, port: app.server?.port ?? config.port };
  // Prometheus scrapes GET /metrics here, on a port of its own (never the public one).
  const metricsServer =
    config.metricsPort === undefined
      ? undefined
      : Bun.serve({ hostname: config.host, port: config.metricsPort, fetch: metricsHandler(app.metrics.registry) });

  logger.info("listening", {
    address: `${bound.hostname.includes(":") ? `[${bound.hostname}]` : bound.hostname}:${bound.port}`,
    url: urlOf(bound.hostname, bound.port),
    env: config.nodeEnv,
    database: db.kind,
    store: store.kind,
    mail: mailTransport.kind,
    secret: source,
    metrics: metricsServer ? `${urlOf(bound.hostname, metricsServer.port ?? 0)}/metrics` : undefined,
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
    metricsServer?.stop(true);
    await app.settled(); // and what they started without waiting for it
    keyring.stop();
    clearInterval(pruning);
    await mail.stop(); // a send in progress settles its row (or its lease gives it back later)
    mailTransport.close();
    await Promise.allSettled([db.close(), store.close()]);
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

export function fail(error: unknown): never {
  console.error(`datta-dashboard: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

if (import.meta.main) await main().catch(fail);
