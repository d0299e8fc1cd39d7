import type {
  ActivityResponse,
  MeResponse,
  PasswordResponse,
  ProfileBody,
  UserResponse,
} from "../../src/account/model.ts";
import type { LoginResponse } from "../../src/sign-in/model.ts";
import { type ApiError, type ApiResult, createApi, hasSessionCookie } from "./api.ts";
import { navigate, safeNext } from "./router.ts";
import type { AppState } from "./state.ts";

/** Everything the pages can do, as plain functions over the state and the API. */
export function createActions(state: AppState) {
  const api = createApi({
    onUnauthorized() {
      forget();
      const here = state.path.value;
      if (!here.startsWith("/signin") && !here.startsWith("/signup")) {
        navigate(state, `/signin?next=${encodeURIComponent(here)}`, { replace: true });
      }
    },
    onSessionTimes(tokenExpires, sessionExpires) {
      const previous = state.session.value;
      const tokenExpiresAt = tokenExpires * 1000;
      const refreshed = previous !== null && tokenExpiresAt > previous.tokenExpiresAt;
      state.session.value = {
        tokenExpiresAt,
        sessionExpiresAt: sessionExpires * 1000,
        refreshedAt: refreshed ? Date.now() : (previous?.refreshedAt ?? null),
      };
    },
  });

  /** Drops every piece of private data the page holds. */
  function forget(): void {
    state.user.value = null;
    state.session.value = null;
    state.activity.value = null;
    state.userKnown.value = true;
  }

  /** Network errors become a banner with a retry button; other errors go back to the caller. */
  function reportNetwork<T>(result: ApiResult<T>, retry: () => void): ApiResult<T> {
    if (!result.ok && result.error.network) state.notice.value = { kind: "error", text: result.error.msg, retry };
    else if (result.ok && state.notice.value?.retry) state.notice.value = null;
    return result;
  }

  async function loadUser(): Promise<void> {
    if (!hasSessionCookie()) {
      forget();
      return;
    }
    const result = reportNetwork(await api.get<MeResponse>("/api/users/me"), () => void loadUser());
    if (result.ok) state.user.value = result.data.user;
    else if (result.error.status === 401) forget();
    if (result.ok || !result.error.network) state.userKnown.value = true;
  }

  async function loadActivity(): Promise<void> {
    const result = reportNetwork(await api.get<ActivityResponse>("/api/users/activity"), () => void loadActivity());
    if (result.ok) state.activity.value = { events: result.data.events, daily: result.data.daily };
  }

  async function signIn(email: string, password: string): Promise<ApiError | null> {
    const result = reportNetwork(await api.post<LoginResponse>("/api/users/login", { email, password }), () => {});
    if (!result.ok) return result.error;
    state.user.value = result.data.user;
    state.userKnown.value = true;
    return null;
  }

  /** After a successful sign-in or sign-up: on to where the visitor was going. */
  function enter(): void {
    state.notice.value = null;
    navigate(state, safeNext(location.search), { replace: true });
  }

  async function signUp(username: string, email: string, password: string): Promise<ApiError | null> {
    const result = reportNetwork(
      await api.post<UserResponse>("/api/users/signup", { username, email, password }),
      () => {},
    );
    if (!result.ok) return result.error;
    return signIn(email, password);
  }

  async function signOut(): Promise<void> {
    const result = await api.post("/api/users/logout");
    // Signed out only when the server says so, or when there was no session left to end (401).
    // Anything else (503: the session store is down) leaves the session alive: say so, offer again.
    if (!result.ok && result.error.status !== 401) {
      state.notice.value = { kind: "error", text: result.error.msg, retry: () => void signOut() };
      return;
    }
    forget();
    state.notice.value = { kind: "info", text: "You have signed out." };
    navigate(state, "/signin", { replace: true });
  }

  async function updateProfile(changes: ProfileBody): Promise<ApiError | null> {
    const result = reportNetwork(await api.put<UserResponse>("/api/users/update", changes), () => {});
    if (!result.ok) return result.error;
    state.user.value = result.data.user;
    return null;
  }

  async function changePassword(current_password: string, new_password: string): Promise<ApiError | null> {
    const result = reportNetwork(
      await api.put<PasswordResponse>("/api/users/password", { current_password, new_password }),
      () => {},
    );
    if (!result.ok) return result.error;
    state.user.value = result.data.user;
    return null;
  }

  async function deleteAccount(password: string): Promise<ApiError | null> {
    const result = reportNetwork(await api.delete("/api/users/me", { password }), () => {});
    if (!result.ok) return result.error;
    forget();
    state.notice.value = { kind: "info", text: "Your account has been deleted." };
    navigate(state, "/signup", { replace: true });
    return null;
  }

  return {
    loadUser,
    loadActivity,
    signIn,
    signUp,
    enter,
    signOut,
    updateProfile,
    changePassword,
    deleteAccount,
    forget,
  };
}

export type Actions = ReturnType<typeof createActions>;
