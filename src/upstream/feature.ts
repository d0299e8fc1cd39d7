/**
 * Sign in with another provider (issue 28; API.md part 3): the providers SIGN_IN_PROVIDERS names
 * (settings.ts), reached as a relying party through openid-client (providers.ts).
 */
import { feature } from "../kit.ts";
import type { Upstream } from "./providers.ts";
import { upstreamRoutes } from "./routes.ts";

export const upstreamFeature = (upstreams: readonly Upstream[]) =>
  feature({
    name: "upstream",
    plug: () => ({ routes: () => upstreamRoutes(upstreams) }),
  });
