/**
 * The Security page's actions (two-factor settings and passkeys), loaded with that page rather than
 * with the first load; they stand on the app's one API client.
 */
import type { MessageResponse } from "../../../../src/http/schemas.ts";
import type {
  Passkey,
  PasskeyResponse,
  PasskeysResponse,
  RecoveryCodesResponse,
  TotpEnrolment,
} from "../../../../src/two-factor/model.ts";
import type { Actions } from "../../actions.ts";
import type { ApiError } from "../../api.ts";
import { featureActions } from "../../feature.ts";
import { createPasskey } from "../../passkeys.ts";

export function createSecurityActions({ api, loadUser, reportNetwork }: Actions) {
  /** After a change of the second factors: the user (its `mfa`) read again. */
  async function refreshUser(): Promise<void> {
    await loadUser();
  }

  function startTotp(password: string) {
    return api.post<TotpEnrolment>("/api/users/2fa/totp", { password });
  }

  async function confirmTotp(code: string) {
    const result = await api.post<RecoveryCodesResponse>("/api/users/2fa/totp/confirm", { code });
    if (result.ok) await refreshUser();
    return result;
  }

  async function disableTotp(password: string) {
    const result = await api.delete<MessageResponse>("/api/users/2fa/totp", { password });
    if (result.ok) await refreshUser();
    return result;
  }

  function newRecoveryCodes(password: string) {
    return api.post<RecoveryCodesResponse>("/api/users/2fa/recovery-codes", { password });
  }

  async function loadPasskeys(): Promise<Passkey[] | null> {
    const result = reportNetwork(await api.get<PasskeysResponse>("/api/users/passkeys"), () => void loadPasskeys());
    return result.ok ? result.data.passkeys : null;
  }

  /**
   * Adds a passkey: the server's options, the browser's ceremony, the server's check. Both steps
   * carry the password when one was typed (the server wants it unless the sign-in is fresh: 403).
   */
  async function addPasskey(name: string, password: string): Promise<ApiError | { msg: string }> {
    const proof = password ? { password } : {};
    const options = await api.post<Record<string, unknown>>("/api/users/passkeys/options", proof);
    if (!options.ok) return options.error;
    const answer = await createPasskey(options.data);
    if (!answer.ok) return answer.error;
    const result = await api.post<PasskeyResponse>("/api/users/passkeys", {
      response: answer.response,
      ...(name.trim() ? { name } : {}),
      ...proof,
    });
    if (!result.ok) return result.error;
    await refreshUser();
    return { msg: result.data.msg };
  }

  async function renamePasskey(id: string, name: string): Promise<ApiError | null> {
    const result = await api.patch<PasskeyResponse>(`/api/users/passkeys/${encodeURIComponent(id)}`, { name });
    return result.ok ? null : result.error;
  }

  async function removePasskey(id: string): Promise<ApiError | null> {
    const result = await api.delete<MessageResponse>(`/api/users/passkeys/${encodeURIComponent(id)}`);
    if (!result.ok && result.error.status !== 404) return result.error;
    await refreshUser();
    return null;
  }

  return {
    startTotp,
    confirmTotp,
    disableTotp,
    newRecoveryCodes,
    loadPasskeys,
    addPasskey,
    renamePasskey,
    removePasskey,
  };
}

export type SecurityActions = ReturnType<typeof createSecurityActions>;

/** The page's actions, made once over the app's. */
export const useSecurityActions = featureActions(({ actions }) => createSecurityActions(actions));
