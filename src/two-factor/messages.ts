/** What two-factor says to a person: the authenticator app, recovery codes, passkeys, remembered browsers. */
import { catalogue } from "../http/catalogue.ts";
import { minutes } from "../http/messages.ts";

export const TWO_FACTOR_MESSAGES = /* @__PURE__ */ catalogue("two-factor", {
  totpAlreadyEnabled: "An authenticator app is already set up.",
  totpNotEnabled: "No authenticator app is set up.",
  totpNotPending: "Nothing is waiting for a code: start setting up the authenticator app again.",
  totpWrongConfirmation: "That code is not right. Use the newest code the app shows; the phone's clock must be right.",
  totpEnabled: "Authenticator app set up. Keep the recovery codes somewhere safe: each works once.",
  totpDisabled: "Authenticator app removed, with its recovery codes.",
  recoveryCodesRegenerated: "New recovery codes made; the old ones no longer work.",
  passkeyAdded: "Passkey added.",
  passkeyNotVerified: "The passkey could not be verified, or the request is too old. Try again.",
  passkeyNotFound: "No such passkey.",
  passkeyRenamed: "Passkey renamed.",
  passkeyRemoved: "Passkey removed.",
  passkeySignInFailed: "Sign-in with this passkey failed.",
  steppedUpWithPasskey: "Confirmed with your passkey: this session counts two factors now.",
  stepUpInBrowser: "A passkey is confirmed for a browser session (a bearer token signs in anew).",
  passkeyNeedsProof: "Enter your password to add a passkey.",
  passkeyNeedsConfirmedAddress:
    "Confirm your e-mail address before signing in with a passkey: follow the link we mailed, or sign in with your password.",
  tooManyPasskeyRequests: (retryAfterSeconds: number): string =>
    `Too many passkey sign-ins from your network. Try again in ${minutes(retryAfterSeconds)}.`,
  deviceForgotten: "That device will be asked for the code again.",
  deviceNotFound: "No such remembered device.",
} as const);
