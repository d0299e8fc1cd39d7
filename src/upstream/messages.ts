/** What signing in with another provider says to a person (each answer's `msg`, the callback's page). */
import { catalogue } from "../http/catalogue.ts";
import { minutes } from "../http/messages.ts";

export const UPSTREAM_MESSAGES = /* @__PURE__ */ catalogue("upstream", {
  unknownProvider: "There is no sign-in provider with that name.",
  /** One answer for every callback that cannot be trusted: a state, code or ID token that is not right. */
  badCallback: "This sign-in could not be completed. Start again from the sign-in page.",
  badCallbackTitle: "This sign-in could not be completed",
  toSignIn: "Go to the sign-in page",
  tooManyCallbacks: (retryAfterSeconds: number): string =>
    `Too many sign-in attempts from your network. Try again in ${minutes(retryAfterSeconds)}.`,
  linkExpired: "This link step has expired or was already used. Sign in with the provider again.",
  otherAccount:
    "You signed in to another account than the one that uses that address. Sign out, and sign in to that one.",
  linked: (name: string): string => `${name} is linked to your account.`,
  alreadyTaken: "That identity is already linked to another account here.",
  providerTaken: "Your account is linked to another identity at that provider already. Unlink it first.",
  unlinked: (name: string): string => `${name} is no longer linked to your account.`,
  notLinked: "That provider is not linked to your account.",
  lastWayIn:
    "This is the only way to sign in to your account. Set a password first (use “Forgot password” on the sign-in page), or link another provider.",
} as const);
