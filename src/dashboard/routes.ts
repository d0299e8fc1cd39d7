import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { staticPlugin } from "@elysiajs/static";
import { Elysia } from "elysia";
import { notFound } from "../http/errors.ts";
import { DASHBOARD_CSP } from "../http/security-headers.ts";

export interface DashboardOptions {
  /** The built dashboard (web/build.ts writes dist/web). */
  dir: string;
  /** Keep index.html in memory (production); otherwise read it per request, so rebuilds show. */
  cacheIndex: boolean;
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Datta Dashboard</title></head>
<body><h1>Datta Dashboard</h1><p>The API is running, but the dashboard has not been built: run <code>bun run build:web</code>.</p></body></html>`;

const YEAR = 365 * 24 * 3600;

/**
 * The dashboard: hashed assets under /assets (cached for a year, immutable), and index.html for
 * every other GET outside /api that names no file (deep links survive a reload; never cached).
 * A path with an extension that is not there is 404; unknown /api paths get the JSON 404.
 */
export async function dashboardRoutes(options: DashboardOptions) {
  const indexPath = join(options.dir, "index.html");
  const assets = join(options.dir, "assets");
  const readIndex = () => (existsSync(indexPath) ? readFileSync(indexPath, "utf8") : NOT_BUILT);
  const cached = options.cacheIndex ? readIndex() : null;

  const app = new Elysia({ name: "web", seed: options.dir });
  if (existsSync(assets)) {
    app.use(
      await staticPlugin({
        assets,
        prefix: "/assets",
        alwaysStatic: options.cacheIndex,
        indexHTML: false,
        // The names carry a content hash: a changed file is a new URL, so a year is safe, and
        // there is nothing to revalidate (no ETags; the plugin then sends exactly these headers).
        etag: false,
        headers: { "cache-control": `public, max-age=${YEAR}, immutable` },
        silent: true,
        detail: { hide: true },
      }),
    );
  }
  return app.get("/*", ({ path, set }) => {
    if (path === "/api" || path.startsWith("/api/")) return notFound();
    const last = path.slice(path.lastIndexOf("/") + 1);
    if (last.includes(".")) {
      set.status = 404;
      return "Not found";
    }
    set.headers["cache-control"] = "no-cache";
    set.headers["content-type"] = "text/html; charset=utf-8";
    set.headers["content-security-policy"] = DASHBOARD_CSP;
    return cached ?? readIndex();
  });
}
