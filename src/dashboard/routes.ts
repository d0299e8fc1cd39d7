import { existsSync, readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { extname, join, relative } from "node:path";
import { staticPlugin } from "@elysiajs/static";
import { Elysia } from "elysia";
import { notFound } from "../http/errors.ts";
import { DASHBOARD_CSP } from "../http/security-headers.ts";
import { chooseEncoding, type Encoding, encodedName, isEncodedName } from "./encoding.ts";

/**
 * The built dashboard's files by path ("index.html", "assets/main-1a2b3c4d.js"), held in memory,
 * with their precompressed forms ("assets/main-1a2b3c4d.js.br", "...js.gz") when the build made them.
 */
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

/** The page: never cached (it names the current assets), under the dashboard's CSP. */
const PAGE_HEADERS = {
  "cache-control": "no-cache",
  "content-type": "text/html; charset=utf-8",
  "content-security-policy": DASHBOARD_CSP,
};

type FileHandler = (request: Request) => Response;

/**
 * One file's handler: its bytes in each coding the build made, every header worked out once, so
 * a request costs a header read and a Response. `Vary` tells caches that the body depends on
 * Accept-Encoding.
 */
function fileHandler(
  files: DashboardFiles,
  name: string,
  identity: Uint8Array<ArrayBuffer>,
  headers: Record<string, string>,
): FileHandler {
  const forms = new Map<Encoding, { body: Uint8Array<ArrayBuffer>; headers: Record<string, string> }>();
  for (const encoding of ["br", "gzip"] as const) {
    const body = files.get(encodedName(name, encoding));
    if (body)
      forms.set(encoding, { body, headers: { ...headers, vary: "accept-encoding", "content-encoding": encoding } });
  }
  const plain = { ...headers, ...(forms.size > 0 && { vary: "accept-encoding" }) };
  return (request) => {
    const encoding = forms.size > 0 ? chooseEncoding(request.headers.get("accept-encoding")) : null;
    const form = encoding ? forms.get(encoding) : undefined;
    return form ? new Response(form.body, { headers: form.headers }) : new Response(identity, { headers: plain });
  };
}

/**
 * Handlers for the page ("/") and every asset ("/assets/main-1a2b3c4d.js") of a dashboard held
 * in memory, by URL path. `extra` headers go on every response: the security headers, since Bun's
 * router serves these same handlers without the app's hooks.
 */
function fileHandlers(files: DashboardFiles, extra: Record<string, string>): Map<string, FileHandler> {
  const handlers = new Map<string, FileHandler>();
  const page = files.get("index.html") ?? new TextEncoder().encode(NOT_BUILT);
  handlers.set("/", fileHandler(files, "index.html", page, { ...extra, ...PAGE_HEADERS }));
  for (const [name, body] of files) {
    if (!name.startsWith("assets/") || isEncodedName(name)) continue;
    const type = TYPES[extname(name)] ?? "application/octet-stream";
    handlers.set(
      `/${name}`,
      fileHandler(files, name, body, { ...extra, "content-type": type, "cache-control": IMMUTABLE }),
    );
  }
  return handlers;
}

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

type NativeRoutes = Record<string, { GET: FileHandler; HEAD: FileHandler }>;

/**
 * The dashboard: hashed assets under /assets (cached for a year, immutable), and index.html for
 * every other GET outside /api that names no file (deep links survive a reload; never cached).
 * A path with an extension that is not there is 404; unknown /api paths get the JSON 404.
 *
 * `plugin` holds the routes for the app. `native` holds the same file handlers for Bun's own
 * router (Elysia passes `serve.routes` through), when the files are held in memory: they then skip
 * the framework's per-request hooks, the request log among them, and are served at about the speed
 * of a bare Bun.serve (bench/RESULTS.md). So each carries the `security` headers itself. GET and
 * HEAD only; any other method falls through to the app (404).
 */
export async function dashboardRoutes(source: DashboardSource, security: Record<string, string>) {
  const app = new Elysia({ name: "web" });
  const native: NativeRoutes = {};
  let page: (request: Request) => Response;

  if ("files" in source) {
    const handlers = fileHandlers(source.files, security);
    for (const [path, handler] of handlers) native[path] = { GET: handler, HEAD: handler };
    page = handlers.get("/") as FileHandler;
    app.get(
      "/assets/*",
      ({ path, request }) => handlers.get(path)?.(request) ?? new Response("Not found", { status: 404 }),
      { detail: { hide: true } },
    );
  } else {
    const indexPath = join(source.dir, "index.html");
    const assets = join(source.dir, "assets");
    page = () =>
      new Response(existsSync(indexPath) ? readFileSync(indexPath, "utf8") : NOT_BUILT, { headers: PAGE_HEADERS });
    if (existsSync(assets)) {
      app.use(
        await staticPlugin({
          assets,
          prefix: "/assets",
          indexHTML: false,
          // No ETags: there is nothing to revalidate, and the plugin then sends exactly these headers.
          etag: false,
          // The build's .br and .gz forms are for the in-memory server, not URLs of their own.
          ignorePatterns: [/\.(br|gz)$/],
          headers: { "cache-control": IMMUTABLE },
          silent: true,
          detail: { hide: true },
        }),
      );
    }
  }

  const plugin = app.get("/*", ({ path, set, request }) => {
    if (path === "/api" || path.startsWith("/api/")) return notFound();
    const last = path.slice(path.lastIndexOf("/") + 1);
    if (last.includes(".")) {
      set.status = 404;
      return "Not found";
    }
    return page(request);
  });
  return { plugin, native };
}
