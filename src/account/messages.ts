/**
 * What the account's routes say to a person (the `msg` of each answer). The sentences every
 * feature shares (sign-in required, a field is invalid, the server is down) are http/messages.ts.
 */
import { catalogue } from "../http/catalogue.ts";
import { minutes } from "../http/messages.ts";

export const ACCOUNT_MESSAGES = /* @__PURE__ */ catalogue("account", {
  accountCreated: "Account created.",
  emailTaken: "That e-mail address is already registered.",
  nothingToChange: "Nothing to change.",
  profileUpdated: "Profile updated.",
  passwordChanged: "Password changed.",
  currentPasswordWrong: "The current password is wrong.",
  tooManySignups: (retryAfterSeconds: number): string =>
    `Too many sign-ups from your network. Try again in ${minutes(retryAfterSeconds)}.`,
  accountDeleted: "Account deleted.",
  passwordForNewAddress: "Enter your current password to change the e-mail address.",
  checkNewAddress: "Profile updated. To confirm the new address, follow the link just mailed to it.",
} as const);
