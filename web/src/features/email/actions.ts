/** The e-mail flows' actions: a reset link, a new password with it, confirming an address. */
import type { MessageResponse } from "../../../../src/http/schemas.ts";
import type { UserResponse } from "../../../../src/users/model.ts";
import type { ApiError, ApiResult } from "../../api.ts";
import { dropDrafts } from "../../drafts.ts";
import { featureActions } from "../../feature.ts";
import { navigate, PAGES } from "../../router.ts";

export const useEmailActions = featureActions(({ state, actions }) => {
  const { api, forget } = actions;

  /** Asks for a reset link; the server's answer is the same whether or not the address is known. */
  function requestPasswordReset(email: string) {
    return api.post<MessageResponse>("/api/users/password/forgot", { email });
  }

  /**
   * Sets a new password with a mailed link's token. Every session of the account ends, this page's
   * too if it had one: on to sign-in, with the server's sentence.
   */
  async function resetPassword(
    token: string,
    new_password: string,
    remove_passkeys: string[],
  ): Promise<ApiError | null> {
    const result = await api.post<MessageResponse>("/api/users/password/reset", {
      token,
      new_password,
      remove_passkeys,
    });
    if (!result.ok) return result.error;
    dropDrafts();
    forget();
    state.notice.value = { kind: "success", text: result.data.msg };
    navigate(state, PAGES.signIn, { replace: true });
    return null;
  }

  /** Confirms an address with a mailed link's token; the signed-in user is updated when it is theirs. */
  async function verifyEmail(token: string): Promise<ApiResult<UserResponse>> {
    const result = await api.post<UserResponse>("/api/users/email/verify", { token });
    if (result.ok && state.user.value?.public_id === result.data.user.public_id) state.user.value = result.data.user;
    return result;
  }

  /** Mails the signed-in user a new confirmation link. */
  function resendVerification() {
    return api.post<MessageResponse>("/api/users/email/resend");
  }

  return { requestPasswordReset, resetPassword, verifyEmail, resendVerification };
});
