/** What the sign-in pages say: the password, the second step, a passkey, a step up for a page. */
import { catalogue } from "../../../../src/http/catalogue.ts";

export const SIGN_IN_TEXT = /* @__PURE__ */ catalogue("web/sign-in", {
  signIn: "Sign in",
  signingIn: "Signing in…",
  welcomeBack: "Welcome back. Enter your details to open your dashboard.",
  asksTwoFactors:
    "The application asks for two factors: your password and your authenticator app's code, or a passkey.",
  asksAgain: "The application asks you to sign in again before it goes on.",
  twoFactorsByPasskey: "This application asks for two factors: sign in with your passkey, which counts as both.",
  nextStepNotLoaded: "The next step could not be loaded. Check your connection and sign in again.",
  forgotPassword: "Forgot password?",
  or: "or",
  withPasskey: "Sign in with a passkey",
  waitingForPasskey: "Waiting for the passkey…",
  tryAgainIn: "You can try again in",
  tryAgainNow: "You can try again now.",
  orNow: "Or now:",
  // A page that asks for a second factor.
  stepUpTitle: "Confirm it is you",
} as const);
