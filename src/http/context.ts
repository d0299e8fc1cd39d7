import { Elysia } from "elysia";
import { clientIp } from "./client-ip.ts";

/** Where a request came from, recorded with each security event (both may be unknown). */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

/**
 * Where a request came from, cut to what the database keeps (64 characters of address, 512 of
 * user agent: the schema's own limits), for every table that records it.
 */
export function storedMeta(meta: RequestMeta): { ip: string | null; ua: string | null } {
  return { ip: meta.ip?.slice(0, 64) ?? null, ua: meta.userAgent?.slice(0, 512) ?? null };
}

export interface RequestContextOptions {
  /** Take the client IP from X-Forwarded-For (behind our own nginx only). */
  trustProxy: boolean;
}

/**
 * `{ meta: true }` on a route resolves `meta` (client IP and user agent) once per request, for the
 * routes that record where a request came from; the others (GET /me, say) pay nothing for it.
 * Built once per app in createApp, since trustProxy is the app's setting.
 */
export function requestContext({ trustProxy }: RequestContextOptions) {
  return new Elysia({ name: "request-context" }).macro({
    meta: {
      resolve: ({ request, server }) => ({
        meta: {
          ip: clientIp(request, server?.requestIP(request)?.address ?? null, trustProxy),
          userAgent: request.headers.get("user-agent"),
        } satisfies RequestMeta,
      }),
    },
  });
}

export type RequestContext = ReturnType<typeof requestContext>;
