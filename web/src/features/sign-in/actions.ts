/** Signing in past the password: the second step, and a passkey instead of the password. */
import type { LoginResponse } from "../../../../src/users/model.ts";
import type { ApiError } from "../../api.ts";
import { featureActions } from "../../feature.ts";
import { getPasskey } from "../../passkeys.ts";

export const useSignInActions = featureActions(({ actions }) => {
  const { api, signedIn } = actions;

  /** The second step: the app's code or a recovery code; `remember` skips it here for 30 days. */
  async function signInSecondStep(
    mfaToken: string,
    factor: { code: string } | { recovery_code: string },
    remember: boolean,
  ): Promise<ApiError | LoginResponse> {
    const body = { mfa_token: mfaToken, ...factor, remember_device: remember };
    const result = await api.post<LoginResponse>("/api/users/login/2fa", body);
    return result.ok ? (signedIn(result.data) ?? result.data) : result.error;
  }

  /**
   * Signs in with a passkey: the server's challenge, the browser's ceremony, the server's check.
   * With `autofill`, the ceremony waits for the user to pick a passkey in the e-mail field's list.
   */
  async function signInWithPasskey(autofill = false): Promise<ApiError | null> {
    const options = await api.post<Record<string, unknown>>("/api/users/login/passkey/options");
    if (!options.ok) return options.error;
    const answer = await getPasskey(options.data, autofill);
    if (!answer.ok) return answer.error;
    const result = await api.post<LoginResponse>("/api/users/login/passkey", { response: answer.response });
    return result.ok ? signedIn(result.data) : result.error;
  }

  /** A passkey of this account for the session signed in already (step-up): it then counts two factors. */
  async function stepUpWithPasskey(): Promise<ApiError | null> {
    const options = await api.post<Record<string, unknown>>("/api/users/login/passkey/options");
    if (!options.ok) return options.error;
    const answer = await getPasskey(options.data, false);
    if (!answer.ok) return answer.error;
    const result = await api.post<LoginResponse>("/api/users/login/passkey/step-up", { response: answer.response });
    return result.ok ? signedIn(result.data) : result.error;
  }

  return { signInSecondStep, signInWithPasskey, stepUpWithPasskey };
});
