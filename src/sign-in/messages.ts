/** What signing in and out says to a person (the `msg` of each answer, the 401s and the 429). */
import { catalogue } from "../http/catalogue.ts";
import { minutes } from "../http/messages.ts";

export const SIGN_IN_MESSAGES = /* @__PURE__ */ catalogue("sign-in", {
  signedIn: "Signed in.",
  signedOut: "Signed out.",
  /** One answer for an unknown e-mail and a wrong password, so neither can be told apart. */
  badCredentials: "Wrong e-mail or password.",
  tooManySignInAttempts: (retryAfterSeconds: number): string =>
    `Too many failed sign-in attempts. Try again in ${minutes(retryAfterSeconds)}.`,
  verifyEmailFirst: "Verify your e-mail address first.",
  twoFactorCodeRequired: "Two-factor code required.",
  wrongCode: "That code is not right.",
  signInExpired: "This sign-in has expired or was already used; sign in again.",
  codeOrRecoveryCode: "Give the code from your app or a recovery code.",
  steppedUp: "Confirmed: this session now counts two factors.",
  noSecondFactor: "Set up a second factor first (an authenticator app), or use a passkey.",
  stepUpInBrowser: "A second factor is confirmed in a browser session (a bearer token signs in anew with its code).",
} as const);
