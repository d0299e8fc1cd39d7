/** What forward auth says when the access rules refuse (the verify answer's `msg`). */
export const FORWARD_AUTH_MESSAGES = {
  notAllowed: "You may not reach this page.",
  secondFactorNeeded: "This page needs a second factor: confirm it is you with your code or a passkey.",
} as const;
