import { Elysia } from "elysia";

/**
 * The dashboard's policy: everything from this origin, no inline script or style, no framing.
 * The dashboard satisfies it as built (its tests run under it); nginx sends the same one.
 */
export const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Swagger UI sets inline styles; the docs page alone allows them. */
export const DOCS_CSP = DASHBOARD_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

export interface SecurityHeaderOptions {
  /** Served over HTTPS only (COOKIE_SECURE=true): browsers are told to never use plain HTTP here. */
  https: boolean;
}

/** A year: the browser remembers to use HTTPS for this host. */
const HSTS = "max-age=31536000";

/** The headers every response gets, whatever its path (for responses made outside the framework). */
export function securityHeaderValues({ https }: SecurityHeaderOptions): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    ...(https && { "strict-transport-security": HSTS }),
  };
}

/**
 * Headers every response gets: no MIME sniffing, no referrer beyond this origin, no framing, HSTS
 * when served over HTTPS, and API answers are never stored by a cache (a back button must not
 * replay private JSON).
 */
export function securityHeaders({ https }: SecurityHeaderOptions) {
  const every = securityHeaderValues({ https });
  return new Elysia({ name: "security-headers" }).onRequest(({ request, set }) => {
    Object.assign(set.headers, every);
    const path = request.url.slice(request.url.indexOf("/", 8));
    if (path.startsWith("/api/") && !path.startsWith("/api/docs/assets/")) set.headers["cache-control"] = "no-store";
  });
}
