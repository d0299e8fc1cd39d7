/**
 * E-mail: the links mailed to an address (confirm it, reset the password), their routes, and what
 * the account mails (the kit's `mail`, built by createApp from mailer.ts, since every feature
 * mails through it). Delivery is mail/.
 */
import { Elysia } from "elysia";
import { feature } from "../kit.ts";
import type { LimitRules } from "../platform/rate-limit.ts";
import type { AccountMailer } from "./mailer.ts";
import { EMAIL_MESSAGES } from "./messages.ts";
import { createEmailRepository } from "./repository.ts";
import { confirmationRoutes, resetRoutes } from "./routes.ts";

export const EMAIL_LIMITS = {
  /** Password reset requests: per e-mail address and per client IP; every request counts, known address or not. */
  resetRequests: {
    scope: "reset",
    numbers: { windowSeconds: 3600, maxPerEmail: 5, maxPerIp: 20 },
    onSuccess: "keep",
    message: EMAIL_MESSAGES.tooManyResetRequests,
  },
  /** Confirmation mails asked for again, per account; every mail sent counts. */
  verificationMails: {
    scope: "verification-mail",
    numbers: { windowSeconds: 3600, maxPerAccount: 5 },
    onSuccess: "keep",
    message: EMAIL_MESSAGES.tooManyVerificationMails,
  },
} as const satisfies LimitRules;

export function emailFeature(mailer: AccountMailer) {
  return feature({
    name: "email",
    events: ["password_reset_requested", "password_reset", "email_verified"],
    limits: EMAIL_LIMITS,
    messages: EMAIL_MESSAGES,
    plug: (kit) => {
      const deps = { kit, mailer, repo: createEmailRepository(kit.sql) };
      return { routes: () => new Elysia().use(resetRoutes(deps)).use(confirmationRoutes(deps)) };
    },
  });
}
