/** What the admin console and the help desk say to a person. */
import { catalogue } from "../http/catalogue.ts";

export const ADMIN_MESSAGES = /* @__PURE__ */ catalogue("admin", {
  userNotFound: "No such user.",
  notYourOwnAccount: "Not your own account: ask another admin.",
  notYourOwnRole: "Not your own role: ask another admin.",
  lastAdmin: "The last admin cannot stop being one: make another admin first.",
  lastUsableAdmin: "That would leave no admin who can sign in: make another admin first.",
  accountLocked: "Account locked; every session of it has ended.",
  accountUnlocked: "Account unlocked.",
  /** A sign-in whose proof was right, of an account an admin locked (sign-in asks admin's guard). */
  accountLockedSignIn: "This account is locked. Contact your administrator.",
  userSignedOut: "Every session of the account has ended.",
  roleChanged: "Role changed.",
  userDeleted: "Account deleted.",
  twoFactorReset: "Two-factor sign-in reset: every session has ended, and the user was mailed a notice.",
  resetLinkSent: "A password reset link is on its way to the user.",
  confirmationSent: "A new confirmation link is on its way to the user.",
  addressAlreadyConfirmed: "The address is already confirmed.",
  addressMarkedConfirmed: "Address marked confirmed.",
} as const);
