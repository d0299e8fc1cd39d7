import { t } from "elysia";
import { NEW_PASSWORD_RULES as NEW_PASSWORD } from "../users/model.ts";

/** The request shapes of the e-mail routes; answers are the kernel's (users/model.ts). */

const TOKEN = "The token from the link's fragment (#token=…)";

export const ForgotBody = t.Object({
  email: t.String({ description: "The account's address; the answer is the same whether or not one uses it" }),
});
export type ForgotBody = typeof ForgotBody.static;

export const ResetBody = t.Object({
  token: t.String({ description: TOKEN }),
  new_password: t.String({ description: NEW_PASSWORD }),
  remove_passkeys: t.Optional(
    t.Array(t.String(), {
      maxItems: 100,
      description:
        "Ids of the account's passkeys to remove with the reset (POST /api/users/password/reset/passkeys lists them); those added by the sessions the reset ends go anyway",
    }),
  ),
});
export type ResetBody = typeof ResetBody.static;

export const VerifyBody = t.Object({ token: t.String({ description: TOKEN }) });
export type VerifyBody = typeof VerifyBody.static;
