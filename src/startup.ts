/**
 * What starting the server and running a command share: the configuration read (a clear error,
 * never a stack trace), DATA_DIR claimed, the database opened and migrated, the store, the mail
 * transport. Only main.ts and commands.ts use these.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { RulesFileError, type WatchedRules, watchRules } from "./access/rules-file.ts";
import { DIST_WEB } from "./app.ts";
import { type Config, ConfigError, loadConfig } from "./config/config.ts";
import { lockDataDir, prepareDataDir } from "./config/data-dir.ts";
import { resolveDataEncryptionKeys } from "./config/secret.ts";
import { type DashboardFiles, type DashboardSource, loadDashboardFiles } from "./dashboard/routes.ts";
import type { Logger } from "./http/log.ts";
import { fileTransport, type MailTransport, printingLinks, smtpTransport } from "./mail/transport.ts";
import { loadMigrations, type Migration, migrate } from "./platform/db/migrate.ts";
import { connectPostgres } from "./platform/db/postgres.ts";
import type { Database } from "./platform/db/sql.ts";
import { UnavailableError } from "./platform/errors.ts";
import { createSealer, SealedError } from "./platform/sealed.ts";
import { createMemoryStore } from "./platform/store/memory.ts";
import { connectRedisStore } from "./platform/store/redis.ts";
import type { Store } from "./platform/store/store.ts";
import { loadUpstreamSettings, type UpstreamSetting, UpstreamSettingsError } from "./upstream/settings.ts";
import { knownEventTypes } from "./users/events.ts";

export function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    console.error(`datta-dashboard: configuration error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

/** The signing keys were sealed under another DATA_ENCRYPTION_KEY: say which setting to fix. */
export function sealedKeyError(error: unknown): unknown {
  if (!(error instanceof SealedError)) return error;
  return new ConfigError(
    "DATA_ENCRYPTION_KEY",
    "does not open the signing keys in the database (they were sealed with another key); set the key they were sealed with, first or later in the list",
  );
}

export function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    return exitOnConfigError(error);
  }
}

/** SIGN_IN_PROVIDERS, checked: a malformed entry stops the start with one line naming it. */
export function readUpstreamSettings(): UpstreamSetting[] {
  try {
    return loadUpstreamSettings(process.env);
  } catch (error) {
    return exitOnConfigError(
      error instanceof UpstreamSettingsError ? new ConfigError("SIGN_IN_PROVIDERS", error.message) : error,
    );
  }
}

/** ACCESS_RULES, read and watched: a bad file stops the start with one line naming its line. */
export function readAccessRules(logger: Logger): WatchedRules | undefined {
  const path = process.env.ACCESS_RULES?.trim();
  if (!path) return undefined;
  try {
    return watchRules(path, logger);
  } catch (error) {
    return exitOnConfigError(error instanceof RulesFileError ? new ConfigError("ACCESS_RULES", error.message) : error);
  }
}

export async function openDatabase(
  config: Config,
  logger: Logger,
  migrations: Migration[],
  bundled: Bundled,
): Promise<Database> {
  if (config.databaseUrl) return connectPostgres(config.databaseUrl);
  // PGlite is loaded only for the embedded database: a process on Postgres does not hold it.
  const [{ openPglite }, { cachedSeed }] = await Promise.all([
    import("./platform/db/pglite.ts"),
    import("./platform/db/seed.ts"),
  ]);
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
export function openMailTransport(config: Config): MailTransport {
  const host = new URL(config.publicUrl).hostname;
  if (config.smtpUrl) return smtpTransport(config.smtpUrl, config.mailFrom, host);
  const files = fileTransport(join(config.dataDir, "outbox"), config.mailFrom, host);
  // In development the links are printed too (the contract's one exception to "no token in a log").
  return config.nodeEnv === "development" ? printingLinks(files, (line) => console.error(line)) : files;
}

/** How people reach a listener: an any-address bind is reached as localhost; IPv6 in brackets. */
export function urlOf(hostname: string, port: number): string {
  const host = hostname === "0.0.0.0" || hostname === "::" ? "localhost" : hostname;
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

export async function openStore(config: Config, logger: Logger): Promise<Store> {
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
export async function migrateWhenReachable(db: Database, migrations: Migration[], logger: Logger): Promise<void> {
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
export async function dashboardSource(config: Config, bundled: Bundled): Promise<DashboardSource> {
  if (bundled.web) return { files: bundled.web };
  return config.nodeEnv === "production" ? { files: await loadDashboardFiles(DIST_WEB) } : { dir: DIST_WEB };
}

/** DATA_DIR made private when it is used, and held by this process alone when the database is in it. */
export async function claimDataDir(config: Config): Promise<void> {
  if (usesDataDir(config)) await prepareDataDir(config.dataDir).catch(exitOnConfigError);
  if (!config.databaseUrl) await lockDataDir(config.dataDir).catch(exitOnConfigError);
}

/** Opens what a command needs: configuration, DATA_DIR, the database migrated. */
export async function openForCommand(bundled: Bundled, logger: Logger) {
  const config = readConfig();
  await claimDataDir(config);
  const sealer = createSealer((await resolveDataEncryptionKeys(config)).keys);
  const migrations = bundled.migrations ?? (await loadMigrations());
  const db = await openDatabase(config, logger, migrations, bundled);
  await migrateWhenReachable(db, migrations, logger);
  return { config, db, sealer };
}

/**
 * Every event type the features record is a row of `event_types` (each feature's migration adds its
 * own): a feature whose migration is missing would fail at its first event, so the server does not
 * start.
 */
export async function checkEventTypes(db: Database, declared: readonly string[]): Promise<void> {
  const known = await knownEventTypes(db.sql);
  const missing = declared.filter((type) => !known.has(type));
  if (missing.length > 0) {
    throw new Error(`event types with no row in event_types (a feature's migration is missing): ${missing.join(", ")}`);
  }
}
