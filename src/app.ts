import { Elysia } from "elysia";
import { join } from "node:path";
import type { CookieSettings } from "./auth/cookies.ts";
import type { PasswordHasher } from "./auth/password.ts";
import type { TokenService } from "./auth/tokens.ts";
import type { Database } from "./db/sql.ts";
import { readJsonBody } from "./http/body.ts";
import { errorHandler } from "./http/errors.ts";
import { requestLog, silentLogger, type Logger } from "./http/log.ts";
import { healthRoutes } from "./routes/health.ts";
import { userRoutes } from "./routes/users.ts";
import { webRoutes } from "./routes/web.ts";
import type { Store } from "./store/store.ts";
import { createUserRepository } from "./users/repository.ts";

export interface AppDeps {
  db: Database;
  store: Store;
  tokens: TokenService;
  passwords: PasswordHasher;
  cookies: CookieSettings;
  logger?: Logger;
  /** The built dashboard; defaults to web/. */
  webDir?: string;
}

let instances = 0;

/** Builds the whole HTTP app without listening: tests call app.handle(request); main.ts listens. */
export function createApp(deps: AppDeps) {
  const logger = deps.logger ?? silentLogger;
  const users = createUserRepository(deps.db.sql);
  const seed = `app-${++instances}`;

  return new Elysia()
    .use(requestLog(logger))
    .use(errorHandler(logger))
    .onParse(({ request, contentType }) => readJsonBody(request, contentType))
    .use(healthRoutes)
    .use(userRoutes({ ...deps, users, blocklist: deps.store }, seed))
    .use(webRoutes(deps.webDir ?? join(import.meta.dir, "..", "web")));
}

export type App = ReturnType<typeof createApp>;
