import { Elysia } from "elysia";
import { join } from "node:path";
import { notFound } from "../http/errors.ts";

/**
 * The dashboard's SPA fallback: any GET outside /api that names no file gets index.html, so deep
 * links survive a reload; a path with an extension that is not there is 404; unknown /api paths
 * get the JSON 404.
 */
export function webRoutes(webDir: string) {
  const index = join(webDir, "index.html");
  return new Elysia({ name: "web", seed: webDir }).get("/*", ({ path, set }) => {
    if (path === "/api" || path.startsWith("/api/")) return notFound();
    const last = path.slice(path.lastIndexOf("/") + 1);
    if (last.includes(".")) {
      set.status = 404;
      return "Not found";
    }
    set.headers["cache-control"] = "no-cache";
    return Bun.file(index);
  });
}
