/**
 * The process: read the configuration, connect, migrate, listen, shut down. The only module that
 * touches process.env, the network listener or signals.
 */
import { join } from "node:path";
import { adminEmailRoles } from "./admin/admin-emails.ts";
import { type App, createApp } from "./app.ts";
import {
  adminCommand,
  clientsCommandLine,
  groupsCommandLine,
  healthcheck,
  keysCommand,
  printHelp,
  rulesCommandLine,
} from "./commands.ts";
import { type Config, MIN_SECRET_BYTES } from "./config/config.ts";
import { keepPrivate } from "./config/data-dir.ts";
import { resolveDataEncryptionKeys, resolveJwtSecret } from "./config/secret.ts";
import { createLogger, type Logger } from "./http/log.ts";
import { createMailWorker } from "./mail/outbox.ts";
import { instrumentSql } from "./metrics/instrument.ts";
import { metricsHandler } from "./metrics/server.ts";
import { loadMigrations } from "./platform/db/migrate.ts";
import type { Database } from "./platform/db/sql.ts";
import { createKeyring } from "./platform/keys/keyring.ts";
import { createSealer, type Sealer } from "./platform/sealed.ts";
import { createTokenService } from "./session/tokens.ts";
import {
  type Bundled,
  checkEventTypes,
  claimDataDir,
  dashboardSource,
  exitOnConfigError,
  migrateWhenReachable,
  openDatabase,
  openMailTransport,
  openStore,
  readAccessRules,
  readConfig,
  readUpstreamSettings,
  sealedKeyError,
  urlOf,
} from "./startup.ts";
import { upstreamsOf } from "./upstream/providers.ts";
import { createPasswordHasher } from "./users/password.ts";

export type { Bundled } from "./startup.ts";

/** Bun's own limit, a backstop above the API's 64 KiB so that the API answers 413 in its shape. */
const SERVER_BODY_LIMIT = 1024 * 1024;
const SHUTDOWN_DEADLINE_MS = 10_000;

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
  if (args[0] === "clients") {
    process.umask(0o077);
    process.exit(await clientsCommandLine(args.slice(1), bundled));
  }
  if (args[0] === "groups") {
    process.umask(0o077);
    process.exit(await groupsCommandLine(args.slice(1), bundled));
  }
  if (args[0] === "rules") {
    process.umask(0o077);
    process.exit(await rulesCommandLine(args.slice(1), bundled));
  }
  if (args.length > 0) {
    // A command (or option) this binary does not know is a mistake to say, not a reason to serve.
    console.error(`datta-dashboard: unknown command ${JSON.stringify(args[0])}\n`);
    printHelp(console.error);
    process.exit(2);
  }
  await serve(bundled);
}

/** Connected, migrated and checked: what the app is built on. */
async function openServices(config: Config, logger: Logger, bundled: Bundled) {
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
  await applyAdminEmails(config, db, logger);
  return { db, store, tokens, sealer, keyring, secretSource: source };
}

/**
 * ADMIN_EMAILS: accounts that exist already are brought in line now (the role for a confirmed
 * listed address, none for an unconfirmed one); others when they confirm a listed address.
 */
async function applyAdminEmails(config: Config, db: Database, logger: Logger): Promise<void> {
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
}

/** The server: the app on PORT, the mail worker, /metrics on METRICS_PORT; stopped on SIGTERM/SIGINT. */
async function serve(bundled: Bundled): Promise<void> {
  const startedAt = performance.now();
  // Whatever this process creates (the embedded database, keys, mail files) is its own alone.
  process.umask(0o077);
  const config = readConfig();
  const upstreamSettings = readUpstreamSettings();
  const logger = createLogger();
  const accessRules = readAccessRules(logger);
  await claimDataDir(config);
  const services = await openServices(config, logger, bundled);
  const { db, store, tokens, sealer, keyring } = services;
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
    defaultLanguage: config.defaultLanguage,
    web: await dashboardSource(config, bundled),
    logger,
    upstreams: upstreamsOf(upstreamSettings, { logger }),
    accessRules,
  });
  await checkEventTypes(db, app.eventTypes);
  const worker = startMail(config, app, db, sealer, logger);
  for (const job of app.background) job.start();

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
    mail: worker.transport.kind,
    secret: services.secretSource,
    metrics: metricsServer ? `${urlOf(bound.hostname, metricsServer.port ?? 0)}/metrics` : undefined,
    startup_ms: Math.round(performance.now() - startedAt),
  });
  stopOnSignals(logger, async () => {
    await app.stop(); // stop accepting; requests in flight finish
    accessRules?.stop();
    metricsServer?.stop(true);
    await app.settled(); // and what they started without waiting for it
    keyring.stop();
    await Promise.all([worker.stop(), ...app.background.map((job) => job.stop())]);
    await Promise.allSettled([db.close(), store.close()]);
  });
}

/** Every replica sends what the outbox holds; rows sent a week ago go once a day. */
function startMail(config: Config, app: App, db: Database, sealer: Sealer, logger: Logger) {
  const transport = openMailTransport(config);
  const mail = createMailWorker({
    // Counted like the routes' statements: its database errors show in /metrics too.
    sql: instrumentSql(db.sql, app.metrics),
    sealer,
    transport,
    logger,
    onSendFailure: app.metrics.mailFailed,
  });
  app.metrics.watch({ outboxBacklog: mail.backlog });
  mail.start();
  const pruning = setInterval(() => void mail.prune().catch(() => {}), 86_400_000);
  pruning.unref();
  return {
    transport,
    async stop() {
      clearInterval(pruning);
      await mail.stop(); // a send in progress settles its row (or its lease gives it back later)
      transport.close();
    },
  };
}

/** SIGTERM/SIGINT: `stop` once, within SHUTDOWN_DEADLINE_MS, then exit. */
function stopOnSignals(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    setTimeout(() => {
      logger.error("shutdown deadline passed; exiting");
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    await stop();
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
