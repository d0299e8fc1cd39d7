/**
 * Every message the product sends, in one place: plain text and simple HTML (readable without
 * images or styles), the product's name, what happened, when, from which device and IP, and what
 * to do if it was not you. A notice carries no link that signs anyone in; a link that acts (verify,
 * reset) carries its token in the URL fragment, so it never reaches a server log or a Referer.
 */
import { catalogue, currentLanguage } from "../http/catalogue.ts";
import { currentTimeZone } from "../http/language.ts";
import { deviceName } from "../http/user-agent.ts";
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

/**
 * The words of every message, in English (languages/<code>/server.ts translates them): each notice's
 * subject and what happened, the links' mails, the facts under them.
 */
export const MAIL_MESSAGES = /* @__PURE__ */ catalogue("mail", {
  password_changedSubject: "Your password was changed",
  password_changedHappened: "The password of your account was changed.",
  password_resetSubject: "Your password was reset",
  password_resetHappened: "The password of your account was reset by e-mail.",
  email_changedSubject: "Your e-mail address was changed",
  email_changedHappened: "The e-mail address of your account was changed; messages now go to the new address.",
  second_factor_addedSubject: "A second factor was added",
  second_factor_addedHappened: "A second sign-in factor was added to your account.",
  second_factor_removedSubject: "A second factor was removed",
  second_factor_removedHappened: "A second sign-in factor was removed from your account.",
  recovery_code_usedSubject: "A recovery code was used",
  recovery_code_usedHappened:
    "One of your recovery codes was used to sign in to your account; it no longer works. You may want to make new ones on the Security page.",
  passkeys_removedSubject: "Passkeys were removed",
  passkeys_removedHappened:
    "Resetting the password removed passkeys from your account: those added by the devices the reset signed out, or before the address was confirmed, and any chosen on the reset page. Add a passkey again on the Security page.",
  two_factor_resetSubject: "Your two-factor sign-in was reset",
  two_factor_resetHappened:
    "An administrator removed the second sign-in factors of your account (the authenticator app and its recovery codes, and any device remembered for the code step; passkeys too if asked), and signed out every device. Sign in with your password and set up a new second factor on the Security page.",
  new_sign_inSubject: "A sign-in from a new device",
  new_sign_inHappened: "Your account was signed in to from a device not seen on it in the last 30 days.",
  noticeAdvice:
    "If it was you, there is nothing to do. If it was not, reset your password from the sign-in page at once, and sign out every other device on the Sessions page.",
  when: (at: string): string => `When: ${at}`,
  device: (device: string): string => `Device: ${device}`,
  ipAddress: (ip: string): string => `IP address: ${ip}`,
  unknownIp: "unknown",
  verifySubject: "Confirm your e-mail address",
  verifyAsk: (address: string, product: string): string =>
    `Please confirm that ${address} is your address for ${product}.`,
  verifyTerms: "The link works once, for 24 hours. If you did not sign up or change your address, ignore this message.",
  verifyAction: "Confirm the address",
  resetSubject: "Reset your password",
  resetAsked: (product: string): string => `Someone asked to reset the password of your ${product} account.`,
  resetTerms:
    "The link works once, for 30 minutes. If it was not you, ignore this message: your password stays as it is.",
  resetAction: "Choose a new password",
} as const);

const subjectOf = (kind: NoticeKind): string => MAIL_MESSAGES[`${kind}Subject`];
const happenedOf = (kind: NoticeKind): string => MAIL_MESSAGES[`${kind}Happened`];

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/**
 * "30 November 2026, 09:30 UTC" (in the reader's language): in the reader's time zone, named, when
 * their browser said one ("30. November 2026, 10:30 MEZ"), else one unambiguous time for every reader.
 */
const when = (at: Date): string => {
  const locale = currentLanguage() === "en" ? "en-GB" : currentLanguage();
  const timeZone = currentTimeZone();
  if (!timeZone) return `${at.toLocaleString(locale, { dateStyle: "long", timeStyle: "short", timeZone: "UTC" })} UTC`;
  return at.toLocaleString(locale, {
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
    timeZoneName: "short",
  });
};

function occasionLines({ at, ip, userAgent }: Occasion): string[] {
  return [
    MAIL_MESSAGES.when(when(at)),
    MAIL_MESSAGES.device(deviceName(userAgent)),
    MAIL_MESSAGES.ipAddress(ip ?? MAIL_MESSAGES.unknownIp),
  ];
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
    `<!doctype html><html lang="${currentLanguage()}"><body>`,
    `<h1>${escapeHtml(subject)}</h1>`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...(action ? [`<p><a href="${escapeHtml(action.url)}">${escapeHtml(action.label)}</a></p>`] : []),
    ...(facts.length ? [`<ul>${facts.map((f) => `<li>${escapeHtml(f)}</li>`).join("")}</ul>`] : []),
    `<p>— ${PRODUCT}</p>`,
    `</body></html>`,
  ].join("\n");
  return { to, subject: `${subject} · ${PRODUCT}`, text, html, language: currentLanguage() };
}

/** The link to confirm an address, valid 24 hours (the token in the fragment). */
export function verificationMail(to: string, publicUrl: string, token: string): MailMessage {
  return compose(
    to,
    MAIL_MESSAGES.verifySubject,
    [MAIL_MESSAGES.verifyAsk(to, PRODUCT), MAIL_MESSAGES.verifyTerms],
    [],
    { label: MAIL_MESSAGES.verifyAction, url: `${publicUrl}/verify-email#token=${token}` },
  );
}

/** The link to set a new password, valid 30 minutes; a newer link voids this one. */
export function resetMail(to: string, publicUrl: string, token: string, occasion: Occasion): MailMessage {
  return compose(
    to,
    MAIL_MESSAGES.resetSubject,
    [MAIL_MESSAGES.resetAsked(PRODUCT), MAIL_MESSAGES.resetTerms],
    occasionLines(occasion),
    { label: MAIL_MESSAGES.resetAction, url: `${publicUrl}/reset-password#token=${token}` },
  );
}

/** A notice: what happened, when and from where, and what to do if it was not you. No link signs in. */
export function noticeMail(to: string, kind: NoticeKind, occasion: Occasion): MailMessage {
  return compose(to, subjectOf(kind), [happenedOf(kind), MAIL_MESSAGES.noticeAdvice], occasionLines(occasion));
}
