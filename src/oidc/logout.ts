/**
 * RP-initiated logout ends the dashboard's session too. The provider asks (its page, with its own
 * anti-forgery value) and ends its session on `logout=yes`; once it has, the browser's dashboard
 * session ends the way the Sessions page ends one (on every replica at once, its cookies cleared),
 * and what ending a session does follows (the applications' tokens under it end).
 */
import { Elysia } from "elysia";
import { MAX_BODY_BYTES, readLimited } from "../http/body.ts";
import type { RouteKit } from "../kit.ts";
import { presentedToken } from "../session/transport.ts";
import type { bridge } from "./bridge.ts";
import { OIDC_PREFIX, type ProviderSource } from "./provider.ts";

export function logoutRoutes(kit: RouteKit, cross: ReturnType<typeof bridge>, source: ProviderSource) {
  return new Elysia().use(kit.context).post(
    `${OIDC_PREFIX}/session/end/confirm`,
    async ({ request, meta }) => {
      const body = await readLimited(request, MAX_BODY_BYTES);
      const answer = await cross.handle((await source()).callback, request, undefined, body);
      const confirmed = new URLSearchParams(new TextDecoder().decode(body)).get("logout") === "yes";
      if (!confirmed || answer.status >= 400) return answer;
      const signedIn = await kit.sessions.authenticate(presentedToken(request, "GET"));
      if (!signedIn.ok || signedIn.session.source !== "cookie") return answer;
      await kit.sessions.endSession(signedIn.session, signedIn.session.claims.sid, meta);
      const set = { headers: {} as Record<string, unknown> };
      kit.transport.clear({ set });
      const headers = new Headers(answer.headers);
      for (const cookie of [set.headers["set-cookie"]].flat() as string[]) headers.append("set-cookie", cookie);
      return new Response(answer.body, { status: answer.status, headers });
    },
    { parse: "none", meta: true, detail: { hide: true } },
  );
}
