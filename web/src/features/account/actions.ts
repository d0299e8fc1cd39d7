/**
 * The account's actions: signing up, the profile and the password, deleting the account, and the
 * security log for the dashboard. They stand on the app's one API client (actions.ts).
 */
import type { ActivityResponse, ProfileBody } from "../../../../src/account/model.ts";
import type { RenewedUserResponse, UserResponse } from "../../../../src/users/model.ts";
import type { ApiError } from "../../api.ts";
import { featureActions } from "../../feature.ts";
import { navigate, PAGES } from "../../router.ts";
import { ACCOUNT_TEXT as T } from "./messages.ts";

export const useAccountActions = featureActions(({ state, actions }) => {
  const { api, reportNetwork, signIn, leave } = actions;

  async function loadActivity(): Promise<void> {
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const path = `/api/users/activity?tz=${encodeURIComponent(tz)}`;
    const result = reportNetwork(await api.get<ActivityResponse>(path), () => void loadActivity());
    if (result.ok) {
      const { success: _, ...activity } = result.data;
      state.activity.value = activity;
    }
  }

  async function signUp(username: string, email: string, password: string): Promise<ApiError | null> {
    const result = await api.post<UserResponse>("/api/users/signup", { username, email, password });
    if (!result.ok) return result.error;
    const signedIn = await signIn(email, password);
    if (signedIn && "mfaToken" in signedIn) return null; // a new account has no second factor
    if (signedIn?.status === 403) {
      // REQUIRE_VERIFIED_EMAIL: the account exists; it signs in once the address is confirmed.
      state.notice.value = {
        kind: "info",
        text: T.accountCreated(email),
      };
      navigate(state, PAGES.signIn, { replace: true });
      return null;
    }
    return signedIn;
  }

  async function updateProfile(changes: ProfileBody): Promise<ApiError | null> {
    const result = await api.put<RenewedUserResponse>("/api/users/update", changes);
    if (!result.ok) return result.error;
    state.user.value = result.data.user;
    return null;
  }

  /** The language the account chose: the server's answers and its mails follow it. */
  async function chooseLanguage(language: string): Promise<ApiError | { msg: string }> {
    const result = await api.put<UserResponse>("/api/users/update", { language });
    if (!result.ok) return result.error;
    state.user.value = result.data.user;
    return { msg: result.data.msg };
  }

  async function changePassword(current_password: string, new_password: string): Promise<ApiError | null> {
    const result = await api.put<RenewedUserResponse>("/api/users/password", { current_password, new_password });
    if (!result.ok) return result.error;
    state.user.value = result.data.user;
    return null;
  }

  async function deleteAccount(password: string): Promise<ApiError | null> {
    const result = await api.delete("/api/users/me", { password });
    if (!result.ok) return result.error;
    leave(T.accountDeleted, "/signup");
    return null;
  }

  return { loadActivity, signUp, updateProfile, chooseLanguage, changePassword, deleteAccount };
});
