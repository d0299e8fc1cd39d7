/** What forward auth says when the access rules refuse (the verify answer's `msg`). */
import { catalogue } from "../http/catalogue.ts";

export const FORWARD_AUTH_MESSAGES = /* @__PURE__ */ catalogue("forward-auth", {
  notAllowed: "You may not reach this page.",
  forbiddenTitle: "You may not reach this page",
  forbiddenHelp: "If you think you should, go back and try again, or ask your administrator.",
  toDashboard: "Go to your dashboard",
  secondFactorNeeded: "This page needs a second factor: confirm it is you with your code or a passkey.",
} as const);
