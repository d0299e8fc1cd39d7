/** The account: sign up, read and edit it, change its password, see its security log, delete it. */
import { Elysia } from "elysia";
import { feature } from "../kit.ts";
import type { LimitRules } from "../platform/rate-limit.ts";
import { ACCOUNT_MESSAGES } from "./messages.ts";
import { createAccountRepository } from "./repository.ts";
import { changeRoutes, closingRoutes, meRoute, signupRoutes } from "./routes.ts";

export const ACCOUNT_LIMITS = {
  /** Sign-ups per client IP: each keeps its slot, made or refused (409 must not be free). */
  signups: {
    scope: "signup",
    numbers: { windowSeconds: 3600, maxPerIp: 10 },
    onSuccess: "keep",
    message: ACCOUNT_MESSAGES.tooManySignups,
  },
} as const satisfies LimitRules;

export const accountFeature = () =>
  feature({
    name: "account",
    events: ["password_changed", "profile_updated"],
    limits: ACCOUNT_LIMITS,
    messages: ACCOUNT_MESSAGES,
    plug: (kit) => {
      const deps = { kit, repo: createAccountRepository(kit.sql) };
      return {
        routes: () => new Elysia().use(signupRoutes(deps)).use(changeRoutes(deps)).use(closingRoutes(deps)),
        native: [meRoute(kit)],
      };
    },
  });
