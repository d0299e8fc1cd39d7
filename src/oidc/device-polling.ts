/**
 * The device grant's `slow_down` (RFC 8628 §3.5), which oidc-provider defines but never answers: a
 * device that polls the token endpoint before its interval has passed is told to slow down, and its
 * interval grows by 5 seconds for this and every later poll. Kept in the shared store (any replica
 * may take any poll), by a hash of the device code, for the code's lifetime. Every other request to
 * the token endpoint passes through untouched. Written here because the library has no such
 * setting; everything else of the grant is the library's.
 */
import { createHash } from "node:crypto";
import { Elysia } from "elysia";
import { MAX_BODY_BYTES, readLimited } from "../http/body.ts";
import type { Ephemeral } from "../platform/store/store.ts";
import type { bridge } from "./bridge.ts";
import { OIDC_PREFIX, type ProviderSource, TTL } from "./provider.ts";

const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
/** The interval the provider advertises (oidc-provider's), and what each slow_down adds. */
export const POLL_INTERVAL_SECONDS = 5;

interface Pace {
  /** Milliseconds since the epoch. */
  at: number;
  interval: number;
}

export function tokenRoute(deps: {
  cross: ReturnType<typeof bridge>;
  source: ProviderSource;
  store: Ephemeral;
  now: () => number;
}) {
  /** Whether this poll came too soon (then told slow_down); records it either way. */
  const tooSoon = async (deviceCode: string): Promise<boolean> => {
    const key = `oidc:poll:${createHash("sha256").update(deviceCode).digest("base64url")}`;
    const raw = await deps.store.peek(key);
    const last = raw ? (JSON.parse(raw) as Pace) : null;
    const now = deps.now();
    const early = last !== null && now - last.at < last.interval * 1000;
    const pace: Pace = {
      at: now,
      interval: (last?.interval ?? POLL_INTERVAL_SECONDS) + (early ? POLL_INTERVAL_SECONDS : 0),
    };
    await deps.store.put(key, JSON.stringify(pace), TTL.DeviceCode);
    return early;
  };
  return new Elysia().post(
    `${OIDC_PREFIX}/token`,
    async ({ request }) => {
      const body = await readLimited(request, MAX_BODY_BYTES);
      const form = request.headers.get("content-type")?.startsWith("application/x-www-form-urlencoded")
        ? new URLSearchParams(new TextDecoder().decode(body))
        : null;
      const deviceCode = form?.get("grant_type") === DEVICE_GRANT ? form.get("device_code") : null;
      if (deviceCode && (await tooSoon(deviceCode))) {
        return Response.json(
          {
            error: "slow_down",
            error_description: `poll at most every ${POLL_INTERVAL_SECONDS} seconds more than before`,
          },
          { status: 400, headers: { "cache-control": "no-store" } },
        );
      }
      return deps.cross.handle((await deps.source()).callback, request, undefined, body);
    },
    { parse: "none", detail: { hide: true } },
  );
}
