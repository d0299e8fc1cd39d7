import { t } from "elysia";

/** The request shapes of the e-mail routes; answers reuse the account's (account/model.ts). */

const TOKEN = "The token from the link's fragment (#token=…)";

export const ForgotBody = t.Object({
  email: t.String({ description: "The account's address; the answer is the same whether or not one uses it" }),
});
export type ForgotBody = typeof ForgotBody.static;

export const ResetBody = t.Object({
  token: t.String({ description: TOKEN }),
  new_password: t.String({
    description: "8–128 characters, not only spaces, not the e-mail address, not among the 10,000 most common",
  }),
});
export type ResetBody = typeof ResetBody.static;

export const VerifyBody = t.Object({ token: t.String({ description: TOKEN }) });
export type VerifyBody = typeof VerifyBody.static;
