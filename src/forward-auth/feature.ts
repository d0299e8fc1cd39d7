/**
 * Forward auth: reverse proxies ask who a request is (GET /api/auth/verify) and services verify the
 * signed assertion with the JWKS. Its keys are the shared keyring (platform/keys/).
 */
import { feature } from "../kit.ts";
import { type AssertionOptions, createAssertionSigner } from "./assertion.ts";
import { forwardAuthRoutes } from "./routes.ts";

export const forwardAuthFeature = (options: AssertionOptions) =>
  feature({
    name: "forward-auth",
    plug: (kit) => {
      const assertions = createAssertionSigner(options);
      return { routes: () => forwardAuthRoutes({ auth: kit.auth, keyring: options.keyring, assertions }) };
    },
  });
