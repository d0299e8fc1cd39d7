/**
 * Sign-in: the password and the second step, the bearer token, signing out; and the plug points
 * other features fill (their factors, guards, remembered browsers and methods: kit.ts). The service
 * itself (service.ts) is built by createApp, since every method plugged in finishes through it.
 */
import { feature } from "../kit.ts";
import type { SignInResult } from "../metrics/metrics.ts";
import type { LimitRules } from "../platform/rate-limit.ts";
import { SIGN_IN_MESSAGES } from "./messages.ts";
import { signInRoutes } from "./routes.ts";
import type { SignIn } from "./service.ts";

export const SIGN_IN_LIMITS = {
  /** Failed sign-ins (login, token, the second step): per e-mail address and per client IP. */
  login: {
    scope: "login",
    numbers: { windowSeconds: 15 * 60, maxPerEmail: 10, maxPerIp: 30 },
    onSuccess: "start-over",
    message: SIGN_IN_MESSAGES.tooManySignInAttempts,
  },
} as const satisfies LimitRules;

export function signInFeature(deps: { signIn: SignIn; onSignIn?: (result: SignInResult) => void }) {
  return feature({
    name: "sign-in",
    events: ["login", "login_failed", "mfa_failed"],
    limits: SIGN_IN_LIMITS,
    messages: SIGN_IN_MESSAGES,
    plug: (kit) => ({ routes: () => signInRoutes({ kit, signIn: deps.signIn, onSignIn: deps.onSignIn }) }),
  });
}
