/** What the pages of other providers say: their buttons, the link step, Profile's sign-in methods. */
import { catalogue } from "../../../../src/http/catalogue.ts";

export const UPSTREAM_TEXT = /* @__PURE__ */ catalogue("web/upstream", {
  theProvider: "the provider",
  // Why a trip to a provider did not sign in.
  cancelled: (name: string): string => `Signing in with ${name} was cancelled.`,
  unavailable: (name: string): string =>
    `${name} cannot be reached right now. Try again in a minute, or sign in another way.`,
  noAccount: (name: string): string =>
    `No account here is linked to your ${name} account, and new accounts cannot be made with it. Sign in another way, then link ${name} from your profile.`,
  noEmail: (name: string): string =>
    `${name} did not share an e-mail address, which a new account needs. Allow it to share your address, or sign up with a password.`,
  taken: (name: string): string => `That ${name} account is already linked to another account here.`,
  providerTaken: (name: string): string =>
    `Your account is already linked to another ${name} account. Unlink it first.`,
  unasked: (name: string): string => `Linking ${name} starts from the button on this page.`,
  locked: "This account is locked. Contact your administrator.",
  failed: (name: string): string => `Signing in with ${name} did not work. Try again.`,
  // The buttons under the sign-in form.
  withAnotherAccount: "Sign in with another account",
  or: "or",
  continueWith: (name: string): string => `Continue with ${name}`,
  cannotBeReached: (name: string): string => `${name} cannot be reached right now.`,
  // The link step.
  linkNamed: (name: string): string => `Link ${name}`,
  nothingToLink: "Nothing to link",
  stepExpired: "This link step has expired or was already used.",
  goToSignIn: "Go to the sign-in page",
  startOver: "Sign in with the provider again to start over.",
  alreadyUses: (email: string): string => `An account here already uses ${email}.`,
  cancelLink: "Cancel: do not link",
  linkQuestion: (name: string, email: string): string =>
    `Link ${name} to the account ${email}? From then on, you can sign in to it with ${name}.`,
  signOutAndIn: (email: string): string => `Sign out, and sign in to ${email}`,
  showItIsYours: (name: string): string =>
    `To sign in with ${name} from now on, show that this account is yours once: sign in to it with its password or a passkey. Nothing is linked until you do.`,
  signInToLink: "Sign in to link",
  // Profile's sign-in methods.
  linkedNow: (name: string): string => `${name} is linked to your account.`,
  linkedAt: (who: string): string => `${who} · linked`,
  lastUsed: "· last used",
  unlinkStart: "Unlink…",
  unlinkQuestion: (name: string): string => `Unlink ${name}? You will no longer sign in with it.`,
  unlink: "Unlink",
  signInMethods: "Sign-in methods",
  passwordSet: "Password: set.",
  passwordNotSet:
    "Password: not set. To set one, use “Forgot password?” on the sign-in page: the link we mail sets it.",
  linkedProviders: "Linked providers",
  linkYour: (name: string): string => `Link your ${name} account`,
  linkYourUnavailable: (name: string): string => `Link your ${name} account (cannot be reached now)`,
} as const);
