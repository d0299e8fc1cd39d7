import { openapi } from "@elysiajs/openapi";
import { Elysia } from "elysia";
import { FormatRegistry } from "elysia/type-system";
import { fullFormats } from "elysia/type-system/format";
import swaggerCss from "swagger-ui-dist/swagger-ui.css" with { type: "file" };
// Served from this process, never from a CDN: the product runs on closed networks. `type: "file"`
// also embeds them in the single binary.
import swaggerBundle from "swagger-ui-dist/swagger-ui-bundle.js" with { type: "file" };
import { notFound } from "../http/errors.ts";
import { DOCS_CSP } from "../http/security-headers.ts";
import initScript from "./init.js" with { type: "file" };

/**
 * Importing @elysiajs/openapi (through the @sinclair/typemap it bundles) replaces TypeBox's global
 * string formats (uuid, email, date, ...) with checks that build a new Zod schema on every call,
 * a third of the CPU of an authenticated request when we measured it. Put Elysia's own regular
 * expressions back; they accept the same values.
 */
for (const [name, format] of Object.entries(fullFormats)) {
  if (format instanceof RegExp) FormatRegistry.Set(name, (value) => format.test(value));
  else if (typeof format === "function") FormatRegistry.Set(name, format as (value: string) => boolean);
}

const ASSETS: Record<string, { path: string; type: string }> = {
  "swagger-ui-bundle.js": { path: swaggerBundle, type: "text/javascript; charset=utf-8" },
  "swagger-ui.css": { path: swaggerCss, type: "text/css; charset=utf-8" },
  "init.js": { path: initScript, type: "text/javascript; charset=utf-8" },
};

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Datta Dashboard API</title>
    <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/api/docs/assets/init.js"></script>
  </body>
</html>`;

const SECURITY_SCHEMES = {
  cookieAuth: {
    type: "apiKey",
    in: "cookie",
    name: "access_token_cookie",
    description: "The access token cookie set by POST /api/users/login (HttpOnly, SameSite=Lax).",
  },
  csrfHeader: {
    type: "apiKey",
    in: "header",
    name: "X-CSRF-TOKEN",
    description:
      "With cookie auth, POST/PUT/PATCH/DELETE must echo the csrf_access_token cookie here (signed double submit).",
  },
  bearerAuth: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "A token from POST /api/users/token (or the cookie's value). Needs no CSRF header.",
  },
} as const;

/** The API's documentation: the OpenAPI 3 document at /api/docs/json and a Swagger UI page at /api/docs. */
export function docsRoutes(version: string) {
  return new Elysia({ name: "docs" })
    .use(
      openapi({
        path: "/api/docs",
        specPath: "/api/docs/json",
        provider: null,
        // staticFile: false, or /.well-known/jwks.json (a dot in the path) would be left out.
        exclude: { paths: ["/*", "/api/docs", "/api/docs/assets/*"], staticFile: false },
        documentation: {
          info: {
            title: "Datta Dashboard API",
            version,
            description:
              "Authentication and account API. Errors under /api share one shape: {success: false, msg, errors?}, with errors (one per field) on 422 only.",
          },
          tags: [
            { name: "account", description: "The signed-in user's account" },
            { name: "session", description: "Signing in and out; where the user is signed in" },
            {
              name: "forward-auth",
              description: "For reverse proxies in front of other services, and the keys their assertions verify with",
            },
            { name: "health", description: "Liveness and readiness" },
          ],
          components: { securitySchemes: SECURITY_SCHEMES },
        },
      }),
    )
    .get(
      "/api/docs",
      ({ set }) => {
        set.headers["content-type"] = "text/html; charset=utf-8";
        set.headers["content-security-policy"] = DOCS_CSP;
        return PAGE;
      },
      { detail: { hide: true } },
    )
    .get(
      "/api/docs/assets/:name",
      ({ params, set }) => {
        const asset = ASSETS[params.name];
        if (!asset) return notFound();
        set.headers["content-type"] = asset.type;
        set.headers["cache-control"] = "public, max-age=86400";
        return Bun.file(asset.path);
      },
      { detail: { hide: true } },
    );
}
