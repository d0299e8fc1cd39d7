/**
 * Every message the product sends, in one place: plain text and simple HTML (readable without
 * images or styles), the product's name, what happened, when, from which device and IP, and what
 * to do if it was not you. A notice carries no link that signs anyone in; a link that acts (verify,
 * reset) carries its token in the URL fragment, so it never reaches a server log or a Referer.
 */
import { describeAgent } from "../http/user-agent.ts";
import type { MailMessage } from "../mail/outbox.ts";

const PRODUCT = "Datta Dashboard";

/** Where and when something happened, as the request that did it said. */
export interface Occasion {
  at: Date;
  ip: string | null;
  userAgent: string | null;
}

export type NoticeKind =
  | "password_changed"
  | "password_reset"
  | "email_changed"
  | "second_factor_added"
  | "second_factor_removed"
  | "recovery_code_used"
  | "passkeys_removed"
  | "two_factor_reset"
  | "new_sign_in";

const NOTICES: Record<NoticeKind, { subject: string; happened: string }> = {
  password_changed: { subject: "Your password was changed", happened: "The password of your account was changed." },
  password_reset: { subject: "Your password was reset", happened: "The password of your account was reset by e-mail." },
  email_changed: {
    subject: "Your e-mail address was changed",
    happened: "The e-mail address of your account was changed; messages now go to the new address.",
  },
  second_factor_added: {
    subject: "A second factor was added",
    happened: "A second sign-in factor was added to your account.",
  },
  second_factor_removed: {
    subject: "A second factor was removed",
    happened: "A second sign-in factor was removed from your account.",
  },
  recovery_code_used: {
    subject: "A recovery code was used",
    happened:
      "One of your recovery codes was used to sign in to your account; it no longer works. You may want to make new ones on the Security page.",
  },
  passkeys_removed: {
    subject: "Passkeys were removed",
    happened:
      "Resetting the password removed passkeys from your account: those added by the devices the reset signed out, or before the address was confirmed, and any chosen on the reset page. Add a passkey again on the Security page.",
  },
  two_factor_reset: {
    subject: "Your two-factor sign-in was reset",
    happened:
      "An administrator removed the second sign-in factors of your account (the authenticator app and its recovery codes, and any device remembered for the code step; passkeys too if asked), and signed out every device. Sign in with your password and set up a new second factor on the Security page.",
  },
  new_sign_in: {
    subject: "A sign-in from a new device",
    happened: "Your account was signed in to from a device not seen on it in the last 30 days.",
  },
};

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** "30 November 2026, 09:30 UTC": one unambiguous time for every reader. */
const when = (at: Date): string =>
  `${at.toLocaleString("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" })} UTC`;

function occasionLines({ at, ip, userAgent }: Occasion): string[] {
  return [`When: ${when(at)}`, `Device: ${describeAgent(userAgent)}`, `IP address: ${ip ?? "unknown"}`];
}

/** A message from paragraphs (and an optional action link), as text and as simple HTML. */
function compose(
  to: string,
  subject: string,
  paragraphs: string[],
  facts: string[],
  action?: { label: string; url: string },
): MailMessage {
  const text = [
    ...paragraphs,
    ...(action ? [`${action.label}: ${action.url}`] : []),
    ...(facts.length ? [facts.join("\n")] : []),
    `— ${PRODUCT}`,
  ].join("\n\n");
  const html = [
    `<!doctype html><html lang="en"><body>`,
    `<h1>${escapeHtml(subject)}</h1>`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...(action ? [`<p><a href="${escapeHtml(action.url)}">${escapeHtml(action.label)}</a></p>`] : []),
    ...(facts.length ? [`<ul>${facts.map((f) => `<li>${escapeHtml(f)}</li>`).join("")}</ul>`] : []),
    `<p>— ${PRODUCT}</p>`,
    `</body></html>`,
  ].join("\n");
  return { to, subject: `${subject} · ${PRODUCT}`, text, html };
}

/** The link to confirm an address, valid 24 hours (the token in the fragment). */
export function verificationMail(to: string, publicUrl: string, token: string): MailMessage {
  return compose(
    to,
    "Confirm your e-mail address",
    [
      `Please confirm that ${to} is your address for ${PRODUCT}.`,
      "The link works once, for 24 hours. If you did not sign up or change your address, ignore this message.",
    ],
    [],
    { label: "Confirm the address", url: `${publicUrl}/verify-email#token=${token}` },
  );
}

/** The link to set a new password, valid 30 minutes; a newer link voids this one. */
export function resetMail(to: string, publicUrl: string, token: string, occasion: Occasion): MailMessage {
  return compose(
    to,
    "Reset your password",
    [
      `Someone asked to reset the password of your ${PRODUCT} account.`,
      "The link works once, for 30 minutes. If it was not you, ignore this message: your password stays as it is.",
    ],
    occasionLines(occasion),
    { label: "Choose a new password", url: `${publicUrl}/reset-password#token=${token}` },
  );
}

/** A notice: what happened, when and from where, and what to do if it was not you. No link signs in. */
export function noticeMail(to: string, kind: NoticeKind, occasion: Occasion): MailMessage {
  const { subject, happened } = NOTICES[kind];
  return compose(
    to,
    subject,
    [
      happened,
      "If it was you, there is nothing to do. If it was not, reset your password from the sign-in page at once, and sign out every other device on the Sessions page.",
    ],
    occasionLines(occasion),
  );
}
