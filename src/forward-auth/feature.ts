/**
 * Forward auth: reverse proxies ask who a request is (GET /api/auth/verify) and services verify the
 * signed assertion with the JWKS. Its keys are the shared keyring (platform/keys/).
 */
import { feature } from "../kit.ts";
import { type AssertionOptions, createAssertionSigner } from "./assertion.ts";
import { FORWARD_AUTH_MESSAGES } from "./messages.ts";
import { forwardAuthRoutes, verifyRoute } from "./routes.ts";

export const forwardAuthFeature = (options: AssertionOptions & { trustProxy: boolean }) =>
  feature({
    name: "forward-auth",
    messages: FORWARD_AUTH_MESSAGES,
    plug: (kit) => {
      const assertions = createAssertionSigner(options);
      const { auth, access } = kit;
      const deps = { auth, access, keyring: options.keyring, assertions, trustProxy: options.trustProxy };
      return { routes: () => forwardAuthRoutes(deps), native: [verifyRoute(deps)] };
    },
  });
