/** What the e-mail flows say to a person: confirming an address, resetting a password. */
import { catalogue } from "../http/catalogue.ts";
import { minutes } from "../http/messages.ts";

export const EMAIL_MESSAGES = /* @__PURE__ */ catalogue("email", {
  resetRequested:
    "If an account uses that address, a link to choose a new password is on its way. It works once, for 30 minutes.",
  tooManyResetRequests: (retryAfterSeconds: number): string =>
    `Too many reset requests. Try again in ${minutes(retryAfterSeconds)}.`,
  passwordReset: "Password changed. Sign in with the new password.",
  linkInvalid: "This link is invalid, already used or expired. Ask for a new one.",
  emailVerified: "E-mail address confirmed.",
  verificationSent: "A new confirmation link is on its way. It works once, for 24 hours.",
  alreadyVerified: "Your e-mail address is already confirmed.",
  tooManyVerificationMails: (retryAfterSeconds: number): string =>
    `Too many confirmation mails. Try again in ${minutes(retryAfterSeconds)}.`,
} as const);
