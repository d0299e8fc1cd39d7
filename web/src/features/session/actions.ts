/** The sessions' actions: where the account is signed in, and signing any of it out. */
import type { SessionsResponse, SessionsRevokedResponse } from "../../../../src/session/model.ts";
import type { ApiError } from "../../api.ts";
import { featureActions } from "../../feature.ts";
import { SESSION_TEXT as T } from "./messages.ts";

export const useSessionActions = featureActions(({ state, actions }) => {
  const { api, reportNetwork, announce, leave } = actions;

  async function loadSessions(): Promise<void> {
    const result = reportNetwork(await api.get<SessionsResponse>("/api/users/sessions"), () => void loadSessions());
    if (result.ok) state.sessions.value = result.data.sessions;
  }

  /**
   * Signs one session out. This device's own: the page is signed out too (the server cleared the
   * cookies); another: the list is read again. Null when it worked.
   */
  async function endSession(id: string): Promise<ApiError | null> {
    const current = state.sessions.value?.find((s) => s.id === id)?.current ?? false;
    const result = await api.delete<{ msg: string }>(`/api/users/sessions/${encodeURIComponent(id)}`);
    // 404: it had ended already (elsewhere, or it expired): the list is simply out of date.
    if (!result.ok && result.error.status !== 404) return result.error;
    if (current) {
      leave(T.signedOutThisDevice, "/signin");
      return null;
    }
    await loadSessions();
    if (result.ok) announce(result.data.msg);
    return null;
  }

  /** Signs every other session out; answers the server's sentence (how many), or the error. */
  async function endOtherSessions(): Promise<{ msg: string } | ApiError> {
    const result = await api.delete<SessionsRevokedResponse>("/api/users/sessions");
    if (!result.ok) return result.error;
    await loadSessions();
    return { msg: result.data.msg };
  }

  return { loadSessions, endSession, endOtherSessions };
});
