/** What the second step and a page's step up say (loaded with them, not with the sign-in page). */
import { catalogue } from "../../../../src/http/catalogue.ts";

export const STEPS_TEXT = /* @__PURE__ */ catalogue("web/sign-in/steps", {
  twoFactorAnnounced: "Two-factor sign-in: enter the code from your authenticator app.",
  enterAppCode: "Enter the 6-digit code your authenticator app shows for this account.",
  enterRecoveryCode: "Enter one of the recovery codes you saved. Each works once.",
  startOver: "Start over",
  signInAgain: "Sign in again.",
  code: "Code",
  recoveryCode: "Recovery code",
  recoveryCodeLike: "Like abcd-efgh-jkmn-pqrs",
  recoveryCodeRequired: "Recovery code is required",
  sixDigits: "Code must be the 6 digits the app shows",
  rememberDevice: "Remember this device for 30 days",
  checking: "Checking…",
  continue: "Continue",
  useAppCode: "Use the code from the app instead",
  useRecoveryCode: "Use a recovery code instead",
  recoveryCodesLeft: (left: number): string => `You used a recovery code; ${left} left.`,
  makeNewCodes: "Make new ones on the Security page before they run out.",
  lostPhone: "Lost your phone and your codes?",
  lostPhoneAdmin:
    "Ask your administrator to reset your two-factor sign-in. Once they have checked that it is you, they remove the app and its codes; you then sign in with your password alone and set up a new app on the Security page.",
  lostPhoneOtherDevice: "If you are still signed in on another device, make new recovery codes there instead.",
  goBackWithout: "Go back without it",
  secondFactorNeeded: "A second factor is needed",
  noFactorYet:
    "The page you asked for needs two factors, and your account has none yet. Set up an authenticator app or a passkey on the Security page, then come back.",
  goToSecurity: "Go to the Security page",
  secondFactorForPage: "A second factor for this page",
  confirmOnce: "The page you asked for needs a second factor. Confirm it once for this session.",
  confirm: "Confirm",
  usePasskey: "Use a passkey",
  twoFactorTitle: "Two-factor sign-in",
} as const);
