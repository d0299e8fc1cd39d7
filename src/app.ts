import { Elysia } from "elysia";
import { join } from "node:path";
import packageJson from "../package.json" with { type: "json" };
import type { CookieSettings } from "./session/transport.ts";
import type { PasswordHasher } from "./account/password.ts";
import { createLoginLimiter, LOGIN_LIMITS, type LoginLimits } from "./platform/rate-limit.ts";
import type { TokenService } from "./session/tokens.ts";
import type { Database } from "./platform/db/sql.ts";
import { readJsonBody } from "./http/body.ts";
import { clientIp } from "./http/client-ip.ts";
import { errorHandler } from "./http/errors.ts";
import { requestLog, silentLogger, type Logger } from "./http/log.ts";
import { securityHeaders } from "./http/security-headers.ts";
import { docsRoutes } from "./docs/routes.ts";
import { healthRoutes } from "./health/routes.ts";
import { sessionRoutes } from "./sign-in/routes.ts";
import { userRoutes } from "./account/routes.ts";
import { webRoutes } from "./dashboard/routes.ts";
import type { Store } from "./platform/store/store.ts";
import { createUserRepository, type RequestMeta } from "./account/repository.ts";

export interface AppDeps {
  db: Database;
  store: Store;
  tokens: TokenService;
  passwords: PasswordHasher;
  cookies: CookieSettings;
  /** Take the client IP from X-Forwarded-For (behind our own nginx only). */
  trustProxy?: boolean;
  /** Login/token rate limits; the contract's by default (tests shrink them). */
  loginLimits?: LoginLimits;
  /** Prefix for rate-limit counter keys, so apps sharing a store (tests) count apart. */
  counterPrefix?: string;
  logger?: Logger;
  /** The built dashboard; defaults to dist/web. */
  webDir?: string;
  /** Keep index.html in memory (production). */
  cacheIndex?: boolean;
  /** How long each dependency may take to answer /api/ready (ms). */
  readyTimeoutMs?: number;
}

let instances = 0;

/**
 * Builds the whole HTTP app without listening: tests call app.handle(request); main.ts listens.
 * Async because the static-file plugin reads the dashboard's directory while it is set up.
 */
export async function createApp(deps: AppDeps) {
  const logger = deps.logger ?? silentLogger;
  const users = createUserRepository(deps.db.sql);
  const limiter = createLoginLimiter(deps.store, deps.loginLimits ?? LOGIN_LIMITS, deps.counterPrefix);
  const trustProxy = deps.trustProxy ?? false;
  const requestMeta = (request: Request, socketIp: string | null): RequestMeta => ({
    ip: clientIp(request, socketIp, trustProxy),
    userAgent: request.headers.get("user-agent"),
  });
  const routeDeps = { ...deps, users, blocklist: deps.store, limiter, requestMeta };
  const seed = `app-${++instances}`;

  return new Elysia()
    .use(requestLog(logger))
    .use(securityHeaders)
    .use(errorHandler(logger))
    // Every body goes through this parser (64 KiB, 415, 400); routes with a body also say
    // parse: "json", which documents their content type and is never reached.
    .onParse(({ request, contentType }) => readJsonBody(request, contentType))
    .use(docsRoutes(packageJson.version))
    .use(healthRoutes(deps))
    .use(userRoutes(routeDeps, seed))
    .use(sessionRoutes(routeDeps, seed))
    .use(await webRoutes({ dir: deps.webDir ?? join(import.meta.dir, "..", "dist", "web"), cacheIndex: deps.cacheIndex ?? false }));
}

export type App = Awaited<ReturnType<typeof createApp>>;
