/**
 * The OpenID provider (issue 27): every application that speaks OpenID Connect / OAuth 2 signs in
 * through this server. oidc-provider does the protocol (provider.ts); this feature gives it its
 * state (adapter.ts), its clients (clients.ts, the admin API, the CLI) and its keys (the shared
 * keyring).
 */

import { Elysia } from "elysia";
import type { Logger } from "../http/log.ts";
import { feature } from "../kit.ts";
import type { Keyring } from "../platform/keys/keyring.ts";
import type { Sealer } from "../platform/sealed.ts";
import type { Store } from "../platform/store/store.ts";
import { connectedAppRoutes } from "./apps.ts";
import { createLogoutSender } from "./backchannel.ts";
import { bridge } from "./bridge.ts";
import { createClientRepository } from "./clients.ts";
import { tokenRoute } from "./device-polling.ts";
import { consentRoutes, interactionStep } from "./interactions.ts";
import { logoutRoutes } from "./logout.ts";
import { OIDC_MESSAGES } from "./messages.ts";
import { createProviderSource } from "./provider.ts";
import { createOidcRepository } from "./repository.ts";
import { clientRoutes, providerRoutes } from "./routes.ts";
import { signedInReader } from "./signed-in.ts";

/** What a log line says of a failure: its kind and the start of its message (no stack, no values). */
const failure = (error: unknown) => ({
  detail: error instanceof Error ? error.name : "error",
  message: error instanceof Error ? error.message.slice(0, 200) : undefined,
});

export interface OidcDeps {
  /** PUBLIC_URL: the issuer. */
  issuer: string;
  keyring: Keyring;
  sealer: Sealer;
  store: Store;
  logger: Logger;
}

export const oidcFeature = ({ issuer, keyring, sealer, store, logger }: OidcDeps) =>
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
        onServerError: (error) => logger.error("the OpenID provider answered server_error", failure(error)),
      });
      const steps = { source, cross, signedIn, repo };
      const logouts = createLogoutSender({
        sql: kit.sql,
        source,
        send: async (client, sub, sid) => (await source()).backchannel(client, sub, sid),
        now: kit.now,
        onError: (error) => logger.error("back-channel logouts could not be sent", failure(error)),
      });
      return {
        background: logouts,
        rawRoutes: () =>
          new Elysia()
            .use(logoutRoutes(kit, cross, source))
            .use(tokenRoute({ cross, source, store, now: kit.now }))
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
