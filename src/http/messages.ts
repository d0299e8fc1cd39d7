/**
 * Every sentence the API says to a person, in one place: the `msg` of each answer and the field
 * phrases of a 422. The dashboard shows these as they come (it imports the field phrases, through
 * the account rules, to check forms before sending them), so a wording is changed here only.
 *
 * Failures an attacker could tell apart share one sentence: an unknown e-mail and a wrong password
 * are both `badCredentials`; a forged, expired or revoked token are all `authRequired`.
 */

const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? "" : "s"}`;
const minutes = (seconds: number): string => plural(Math.ceil(seconds / 60), "minute");

export const MESSAGES = {
  // Signing in and out
  signedIn: "Signed in.",
  signedOut: "Signed out.",
  badCredentials: "Wrong e-mail or password.",
  accountLockedSignIn: "This account is locked. Contact your administrator.",
  tooManySignInAttempts: (retryAfterSeconds: number): string =>
    `Too many failed sign-in attempts. Try again in ${minutes(retryAfterSeconds)}.`,

  // The session
  authRequired: "Authentication required.",
  sessionEnded: "Your session has ended; sign in again.",
  signedOutElsewhere: "You were signed out from another device.",
  accountWasLocked: "Your account was locked.",
  passwordWasChanged: "Your password was changed; sign in with the new one.",
  csrfInvalid: "Missing or invalid CSRF token.",
  sessionRevoked: "That device is signed out.",
  signedOutHere: "Signed out on this device.",
  deviceForgotten: "That device will be asked for the code again.",
  deviceNotFound: "No such remembered device.",
  sessionNotFound: "No such session.",
  otherSessionsRevoked: (n: number): string =>
    n === 0 ? "No other device was signed in." : `Signed out ${plural(n, "other device")}.`,

  // The account
  accountCreated: "Account created.",
  emailTaken: "That e-mail address is already registered.",
  nothingToChange: "Nothing to change.",
  profileUpdated: "Profile updated.",
  passwordChanged: "Password changed.",
  currentPasswordWrong: "The current password is wrong.",
  passwordWrong: "The password is wrong.",
  tooManyPasswordAttempts: (retryAfterSeconds: number): string =>
    `Too many wrong passwords. Try again in ${minutes(retryAfterSeconds)}.`,
  tooManySignups: (retryAfterSeconds: number): string =>
    `Too many sign-ups from your network. Try again in ${minutes(retryAfterSeconds)}.`,
  accountDeleted: "Account deleted.",
  passwordForNewAddress: "Enter your current password to change the e-mail address.",
  checkNewAddress: "Profile updated. To confirm the new address, follow the link just mailed to it.",

  // E-mail: confirmation and password reset
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
  verifyEmailFirst: "Verify your e-mail address first.",

  // Two-factor
  twoFactorCodeRequired: "Two-factor code required.",
  wrongCode: "That code is not right.",
  signInExpired: "This sign-in has expired or was already used; sign in again.",
  codeOrRecoveryCode: "Give the code from your app or a recovery code.",
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
  passkeyNeedsProof: "Enter your password to add a passkey.",
  passkeyNeedsConfirmedAddress:
    "Confirm your e-mail address before signing in with a passkey: follow the link we mailed, or sign in with your password.",
  tooManyPasskeyRequests: (retryAfterSeconds: number): string =>
    `Too many passkey sign-ins from your network. Try again in ${minutes(retryAfterSeconds)}.`,

  // Admin
  adminOnly: "This needs an admin.",
  userNotFound: "No such user.",
  notYourOwnAccount: "Not your own account: ask another admin.",
  notYourOwnRole: "Not your own role: ask another admin.",
  lastAdmin: "The last admin cannot stop being one: make another admin first.",
  lastUsableAdmin: "That would leave no admin who can sign in: make another admin first.",
  accountLocked: "Account locked; every session of it has ended.",
  accountUnlocked: "Account unlocked.",
  userSignedOut: "Every session of the account has ended.",
  roleChanged: "Role changed.",
  userDeleted: "Account deleted.",
  twoFactorReset: "Two-factor sign-in reset: every session has ended, and the user was mailed a notice.",
  resetLinkSent: "A password reset link is on its way to the user.",
  confirmationSent: "A new confirmation link is on its way to the user.",
  addressAlreadyConfirmed: "The address is already confirmed.",
  addressMarkedConfirmed: "Address marked confirmed.",

  // Requests
  invalidFields: "Some fields are invalid.",
  notJson: "The request body is not valid JSON.",
  notJsonType: "Content-Type must be application/json.",
  bodyTooLarge: (kib: number): string => `The request body is larger than ${kib} KiB.`,
  nestedTooDeeply: (levels: number): string => `The request body nests more than ${levels} levels deep.`,
  notFound: "Not found.",

  // The server
  databaseDown: "The database is unavailable; try again shortly.",
  storeDown: "The session store is unavailable; try again shortly.",
  busy: "The server is busy; try again shortly.",
  secretsUnavailable: "The server cannot open a secret it keeps; its administrator has been told.",
  internal: "Internal server error.",
  notReady: (down: readonly string[]): string =>
    `Not ready: ${down.join(" and ")} ${down.length > 1 ? "are" : "is"} down.`,
} as const;

/** The phrases of a field error; a form puts the field's label before them ("Username must be ..."). */
export const FIELD_MESSAGES = {
  required: "is required",
  lengthBetween: (min: number, max: number): string => `must be ${min}–${max} characters`,
  atMost: (max: number): string => `must be at most ${max} characters`,
  usernameChars: "may contain only letters, digits, _, - and .",
  invisibleChars: "must not contain invisible characters",
  controlChars: "must not contain control characters (such as a tab, a line break or NUL)",
  mixedScripts: "must not mix alphabets (such as Latin and Cyrillic)",
  notOnlySpaces: "must not be only spaces",
  tooCommon: "is too common; choose one that is harder to guess",
  email: "must be a valid e-mail address",
  notYourEmail: "must not be your e-mail address",
  invalid: "is invalid",
  timeZone: "must be an IANA time zone such as Europe/Berlin",
  dateTime: "must be a date or an instant such as 2026-12-04 or 2026-12-04T10:00:00Z",
  jsonObject: "must be a JSON object",
  type: {
    string: "must be a string",
    number: "must be a number",
    integer: "must be a whole number",
    boolean: "must be true or false",
    object: "must be a JSON object",
    array: "must be a list",
  } as Readonly<Record<string, string>>,
} as const;
