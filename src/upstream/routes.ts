/** The providers users may sign in with (SIGN_IN_PROVIDERS), for the sign-in page's buttons. */
import { Elysia } from "elysia";
import { UpstreamsResponse } from "./model.ts";
import type { Upstream } from "./providers.ts";

export function upstreamRoutes(upstreams: readonly Upstream[]) {
  return new Elysia({ prefix: "/api/auth", tags: ["sign-in providers"] }).get(
    "/providers",
    async ({ set }) => {
      // Public and the same for everyone; a provider coming back is seen within a minute.
      set.headers["cache-control"] = "public, max-age=60";
      const providers = await Promise.all(
        upstreams.map(async (u) => ({
          id: u.setting.id,
          name: u.setting.name,
          available: (await u.config()) !== null,
        })),
      );
      return { providers };
    },
    {
      response: { 200: UpstreamsResponse },
      detail: {
        summary: "The providers users may sign in with",
        description:
          "One per SIGN_IN_PROVIDERS entry, in its order: the id, the name for the button, and whether the provider answers now (a provider unreachable at start is shown unavailable and asked again at most every 30 seconds).",
      },
    },
  );
}
