/**
 * Two-factor: an authenticator app with recovery codes, passkeys, and browsers remembered at the code
 * step. It plugs into sign-in its factors, the passkey as a way to sign in and the remembered
 * browsers; into the account's life what a new password or an admin's reset does to its factors;
 * and into the user as the API shows it, `mfa`.
 */
import { Elysia } from "elysia";
import { feature } from "../kit.ts";
import type { LimitRules } from "../platform/rate-limit.ts";
import type { Sealer } from "../platform/sealed.ts";
import type { Store } from "../platform/store/store.ts";
import { TWO_FACTOR_MESSAGES } from "./messages.ts";
import { passkeyAddRoutes, passkeyRoutes, resetPasskeyRoutes } from "./passkey-routes.ts";
import { passkeySignIn } from "./passkey-sign-in.ts";
import { mfaOf } from "./projection.ts";
import { appChangeRoutes, appSetupRoutes, deviceRoutes } from "./routes.ts";
import { createTwoFactor } from "./service.ts";

export const TWO_FACTOR_LIMITS = {
  /** Passkey sign-in challenges, per client IP; every challenge handed out counts. */
  passkeyChallenges: {
    scope: "passkey",
    numbers: { windowSeconds: 300, maxPerIp: 30 },
    onSuccess: "keep",
    message: TWO_FACTOR_MESSAGES.tooManyPasskeyRequests,
  },
} as const satisfies LimitRules;

export interface TwoFactorDeps {
  sealer: Sealer;
  store: Store;
  /** PUBLIC_URL: the WebAuthn origin; its host is the RP ID. */
  publicUrl: string;
  /** The remembered browser's cookie is Secure (COOKIE_SECURE). */
  cookieSecure: boolean;
}

export function twoFactorFeature(deps: TwoFactorDeps) {
  return feature({
    name: "two-factor",
    events: [
      "totp_enabled",
      "totp_disabled",
      "recovery_codes_regenerated",
      "recovery_code_used",
      "passkey_added",
      "passkey_removed",
      "two_factor_reset",
      "device_remembered",
      "device_forgotten",
    ],
    limits: TWO_FACTOR_LIMITS,
    messages: TWO_FACTOR_MESSAGES,
    plug: (kit) => {
      const twoFactor = createTwoFactor({ ...deps, sql: kit.sql, mail: kit.mail, now: kit.now });
      return {
        hooks: twoFactor.hooks,
        signIn: { factors: twoFactor.factors, browsers: twoFactor.browsers, methods: [passkeySignIn(twoFactor)] },
        present: (user) => ({ mfa: mfaOf(user) }),
        routes: () =>
          new Elysia()
            .use(appSetupRoutes(kit, twoFactor))
            .use(appChangeRoutes(kit, twoFactor))
            .use(passkeyAddRoutes(kit, twoFactor))
            .use(passkeyRoutes(kit, twoFactor))
            .use(resetPasskeyRoutes(kit, twoFactor))
            .use(deviceRoutes(kit, twoFactor)),
      };
    },
  });
}
