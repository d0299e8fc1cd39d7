/** What the e-mail pages say: a forgotten password, a reset link, a confirmation link, the reminder. */
import { catalogue } from "../../../../src/http/catalogue.ts";

export const EMAIL_TEXT = /* @__PURE__ */ catalogue("web/email", {
  // A forgotten password.
  forgotYourPassword: "Forgot your password?",
  enterAddress: "Enter the address of your account. We will mail it a link to choose a new password.",
  rememberedIt: "Remembered it?",
  signIn: "Sign in",
  sending: "Sending…",
  sendLink: "Send the link",
  // A reset link.
  passkeysOnAccount: "Passkeys on this account",
  removeUnknown: "Remove any passkey you do not recognise: it could sign in without the password.",
  willBeRemoved: (name: string): string =>
    `${name}: will be removed (added by a device this reset signs out, or before the address was confirmed)`,
  remove: (name: string): string => `Remove ${name}`,
  addedUsed: (added: string, used: string): string => `(added ${added}, last used ${used})`,
  addedNeverUsed: (added: string): string => `(added ${added}, never used)`,
  passwordsDiffer: "The passwords do not match",
  linkExpired: "Link expired or used?",
  askNewOne: "Ask for a new one",
  opensFromMail: "This page opens from the link in a reset mail.",
  linkIncomplete: "This link is incomplete. Open it from the mail again, or ask for a new one.",
  everyDeviceSignedOut: "Every device signed in to your account will be signed out.",
  passwordHint: "8–128 characters, not your e-mail",
  repeatPassword: "Repeat password",
  saving: "Saving…",
  setNewPassword: "Set the new password",
  // A confirmation link.
  verifyLinkIncomplete: "This link is incomplete. Open it from the mail again.",
  howItGetsBackIn: "The address of an account is how it gets back in when the password is lost.",
  goToDashboard: "Go to your dashboard",
  confirming: "Confirming…",
  sendNewLink: "Send a new link",
  signInForNewLink: "Sign in to have a new link sent to your address.",
  confirmReminder: (email: string): string => `Confirm your e-mail address: follow the link we mailed to ${email}.`,
} as const);
