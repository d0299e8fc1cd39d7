/**
 * Sign in with another provider (issue 28; API.md part 3): the providers SIGN_IN_PROVIDERS names
 * (settings.ts), reached as a relying party through openid-client (providers.ts, flow-routes.ts);
 * what an identity proven there leads to (service.ts); the identities linked to accounts
 * (repository.ts, migration 018); Profile's list and unlink, and the link step (account-routes.ts).
 */
import { Elysia } from "elysia";
import type { Logger } from "../http/log.ts";
import { feature } from "../kit.ts";
import type { LimitRules } from "../platform/rate-limit.ts";
import type { Store } from "../platform/store/store.ts";
import { accountRoutes } from "./account-routes.ts";
import { flowRoutes } from "./flow-routes.ts";
import { createFlows } from "./flows.ts";
import { UPSTREAM_MESSAGES } from "./messages.ts";
import type { Upstream } from "./providers.ts";
import { createIdentityRepository } from "./repository.ts";
import { upstreamRoutes } from "./routes.ts";
import { createUpstreamService } from "./service.ts";

export const UPSTREAM_LIMITS = {
  /** Callbacks that fail (a state, code or ID token not right), per client IP. */
  providerCallbacks: {
    scope: "provider-callback",
    numbers: { windowSeconds: 15 * 60, maxPerIp: 30 },
    onSuccess: "give-back",
    message: UPSTREAM_MESSAGES.tooManyCallbacks,
  },
  /** Trips begun (each keeps a state in the store for 10 minutes), per client IP. */
  providerStarts: {
    scope: "provider-start",
    numbers: { windowSeconds: 15 * 60, maxPerIp: 120 },
    onSuccess: "keep",
    message: UPSTREAM_MESSAGES.tooManyCallbacks,
  },
} as const satisfies LimitRules;

export interface UpstreamFeatureDeps {
  upstreams: readonly Upstream[];
  store: Store;
  publicUrl: string;
  secureCookies: boolean;
  logger: Logger;
}

export const upstreamFeature = (deps: UpstreamFeatureDeps) =>
  feature({
    name: "upstream",
    events: ["provider_linked", "provider_unlinked"],
    limits: UPSTREAM_LIMITS,
    messages: UPSTREAM_MESSAGES,
    plug: (kit) => {
      const upstreams = new Map(deps.upstreams.map((u) => [u.setting.id, u]));
      const identities = createIdentityRepository(kit.sql);
      const flows = createFlows(deps.store, kit.now);
      const service = createUpstreamService(kit, identities, flows);
      return {
        routes: () =>
          new Elysia()
            .use(upstreamRoutes(deps.upstreams))
            .use(accountRoutes({ kit, upstreams, identities, service }))
            .use(flowRoutes({ ...deps, kit, upstreams, flows, service })),
        hooks: {
          // A reset by mail proves the address: identities linked without its owner's proof go.
          async passwordReset(tx, user, _chosen, meta) {
            await identities.with(tx).dropUnproven(user.id, meta);
          },
        },
      };
    },
  });
