/**
 * The OpenID provider (issue 27): every application that speaks OpenID Connect / OAuth 2 signs in
 * through this server. oidc-provider does the protocol (provider.ts); this feature gives it its
 * state (adapter.ts), its clients (clients.ts, the admin API, the CLI) and its keys (the shared
 * keyring).
 */

import { Elysia } from "elysia";
import { feature } from "../kit.ts";
import type { Keyring } from "../platform/keys/keyring.ts";
import type { Sealer } from "../platform/sealed.ts";
import type { Store } from "../platform/store/store.ts";
import { connectedAppRoutes } from "./apps.ts";
import { bridge } from "./bridge.ts";
import { createClientRepository } from "./clients.ts";
import { consentRoutes, interactionStep } from "./interactions.ts";
import { logoutRoutes } from "./logout.ts";
import { OIDC_MESSAGES } from "./messages.ts";
import { createProviderSource } from "./provider.ts";
import { createOidcRepository } from "./repository.ts";
import { clientRoutes, providerRoutes } from "./routes.ts";
import { signedInReader } from "./signed-in.ts";

export interface OidcDeps {
  /** PUBLIC_URL: the issuer. */
  issuer: string;
  keyring: Keyring;
  sealer: Sealer;
  store: Store;
}

export const oidcFeature = ({ issuer, keyring, sealer, store }: OidcDeps) =>
  feature({
    name: "oidc",
    messages: OIDC_MESSAGES,
    plug: (kit) => {
      const clients = createClientRepository(kit.sql);
      const repo = createOidcRepository(kit.sql);
      const signedIn = signedInReader(kit.sessions, repo, issuer);
      const cross = bridge(issuer);
      const source = createProviderSource({
        signedIn,
        repo,
        issuer,
        keyring,
        users: kit.users,
        clients,
        sql: kit.sql,
        store,
        cookieKeys: sealer.derive("oidc-provider cookies"),
        onServerError: (error) => console.error(error),
      });
      const steps = { source, cross, signedIn, repo };
      return {
        rawRoutes: () =>
          new Elysia()
            .use(logoutRoutes(kit, cross, source))
            .use(providerRoutes(cross, source))
            .use(interactionStep(steps)),
        routes: () =>
          new Elysia()
            .use(clientRoutes(kit, clients))
            .use(consentRoutes(kit, steps))
            .use(connectedAppRoutes(kit, repo)),
      };
    },
  });
