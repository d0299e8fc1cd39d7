import { existsSync, readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { extname, join, relative } from "node:path";
import { staticPlugin } from "@elysiajs/static";
import { Elysia } from "elysia";
import { notFound } from "../http/errors.ts";
import { DASHBOARD_CSP } from "../http/security-headers.ts";

/** The built dashboard's files by path ("index.html", "assets/main-1a2b3c4d.js"), held in memory. */
export type DashboardFiles = ReadonlyMap<string, Uint8Array<ArrayBuffer>>;

/**
 * Where the dashboard comes from: a directory read per request (development: rebuilds show at
 * once), or files held in memory (production, and the single binary, which never writes them
 * anywhere: a directory others can write to would let them serve their own script to every user).
 */
export type DashboardSource = { dir: string } | { files: DashboardFiles };

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Datta Dashboard</title></head>
<body><h1>Datta Dashboard</h1><p>The API is running, but the dashboard has not been built: run <code>bun run build:web</code>.</p></body></html>`;

const YEAR = 365 * 24 * 3600;
/** The names carry a content hash: a changed file is a new URL, so a year is safe. */
const IMMUTABLE = `public, max-age=${YEAR}, immutable`;

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

/** Every file of a built dashboard directory, read into memory once. */
export async function loadDashboardFiles(dir: string): Promise<DashboardFiles> {
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  if (!existsSync(dir)) return files;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path).split("\\").join("/"), await Bun.file(path).bytes());
  }
  return files;
}

/**
 * The dashboard: hashed assets under /assets (cached for a year, immutable), and index.html for
 * every other GET outside /api that names no file (deep links survive a reload; never cached).
 * A path with an extension that is not there is 404; unknown /api paths get the JSON 404.
 */
export async function dashboardRoutes(source: DashboardSource) {
  const app = new Elysia({ name: "web" });
  let page: () => string;

  if ("files" in source) {
    const index = source.files.get("index.html");
    const html = index ? new TextDecoder().decode(index) : NOT_BUILT;
    page = () => html;
    app.get(
      "/assets/*",
      ({ params }) => {
        const name = params["*"];
        const body = source.files.get(`assets/${name}`);
        if (!body) return new Response("Not found", { status: 404 });
        return new Response(body, {
          headers: { "content-type": TYPES[extname(name)] ?? "application/octet-stream", "cache-control": IMMUTABLE },
        });
      },
      { detail: { hide: true } },
    );
  } else {
    const indexPath = join(source.dir, "index.html");
    const assets = join(source.dir, "assets");
    page = () => (existsSync(indexPath) ? readFileSync(indexPath, "utf8") : NOT_BUILT);
    if (existsSync(assets)) {
      app.use(
        await staticPlugin({
          assets,
          prefix: "/assets",
          indexHTML: false,
          // No ETags: there is nothing to revalidate, and the plugin then sends exactly these headers.
          etag: false,
          headers: { "cache-control": IMMUTABLE },
          silent: true,
          detail: { hide: true },
        }),
      );
    }
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
    return page();
  });
}
