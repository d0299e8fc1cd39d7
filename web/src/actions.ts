import type { ActivityResponse, ProfileBody } from "../../src/account/model.ts";
import type { ErrorBody, MessageResponse } from "../../src/http/schemas.ts";
import type { SessionsResponse, SessionsRevokedResponse } from "../../src/session/model.ts";
import type { MfaRequiredResponse } from "../../src/sign-in/model.ts";
import type { LoginResponse, MeResponse, RenewedUserResponse, UserResponse } from "../../src/users/model.ts";
import { type ApiError, type ApiResult, createApi, hasSessionCookie } from "./api.ts";
import { dropDrafts, keepDrafts } from "./drafts.ts";
import { getPasskey } from "./passkeys.ts";
import { isPage, leaveFor, navigate, PAGES, safeNext } from "./router.ts";
import type { AppState, Theme } from "./state.ts";
import { applyTheme, keepTheme } from "./theme.ts";

/** Why a session ended, as the sign-in page says it. */
const ENDED: Record<NonNullable<ErrorBody["reason"]>, string> = {
  expired: "Your session expired.",
  signed_out_elsewhere: "You were signed out from another device.",
  locked: "Your account was locked; your administrator can tell you why.",
  password_changed: "Your password was changed.",
};

/** What counts as somebody using the page (only while the tab is visible). */
const ACTIVITY_EVENTS = ["pointerdown", "pointermove", "keydown", "input", "wheel", "touchstart", "scroll"] as const;
/** The warning comes this long before the end (less for very short tokens). */
const WARN_MS = 60_000;

/** Everything the pages can do, as plain functions over the state and the API. */
export function createActions(state: AppState) {
  /** When somebody last used the page, and when an authenticated answer last came. */
  let lastActivity = Date.now();
  let lastContact = 0;
  /** The longest token life seen (the server's ACCESS_TOKEN_TTL, near enough). */
  let tokenLife = 0;
  let checking: Promise<void> | null = null;

  const api = createApi({
    onUnauthorized(reason) {
      // A session we had is over (expired, or ended elsewhere): say why, keep the typing, come back here.
      if (state.user.value) expire(reason);
      else forget();
    },
    onSessionTimes(tokenExpires, sessionExpires) {
      const now = Date.now();
      const previous = state.session.value;
      const tokenExpiresAt = tokenExpires * 1000;
      tokenLife = Math.max(tokenLife, tokenExpiresAt - now);
      lastContact = now;
      const refreshed = previous !== null && tokenExpiresAt > previous.tokenExpiresAt;
      state.session.value = {
        tokenExpiresAt,
        sessionExpiresAt: sessionExpires * 1000,
        refreshedAt: refreshed ? now : (previous?.refreshedAt ?? null),
      };
      if (refreshed && state.warning.value) announce("You are still signed in.");
      state.warning.value = null;
    },
  });

  function announce(text: string): void {
    // The same sentence twice must still be read: alternate an invisible difference.
    state.announcement.value = state.announcement.value === text ? `${text}\u00a0` : text;
  }

  /** Drops every piece of private data the page holds. */
  function forget(): void {
    state.user.value = null;
    state.session.value = null;
    state.warning.value = null;
    state.activity.value = null;
    state.sessions.value = null;
    state.userKnown.value = true;
  }

  /** The user ended the session here (sign-out, this device's own session, account deletion). */
  function leave(text: string, to: "/signin" | "/signup"): void {
    dropDrafts();
    forget();
    state.notice.value = { kind: "info", text };
    navigate(state, to, { replace: true });
  }

  /**
   * The session ended without the user asking: say why (as the server said it), keep what they
   * typed, and bring them back here.
   */
  function expire(reason?: ErrorBody["reason"]): void {
    const here = state.path.value;
    keepDrafts();
    forget();
    state.notice.value = { kind: "info", text: `${ENDED[reason ?? "expired"]} Sign in to continue.` };
    if (!here.startsWith("/signin") && !here.startsWith("/signup")) {
      navigate(state, `/signin?next=${encodeURIComponent(here)}`, { replace: true });
    }
  }

  /** Page loads report a network failure in the app-wide notice, with "Try again". */
  function reportNetwork<T>(result: ApiResult<T>, retry: () => void): ApiResult<T> {
    if (!result.ok && result.error.network) state.notice.value = { kind: "error", text: result.error.msg, retry };
    else if (result.ok && state.notice.value?.retry) state.notice.value = null;
    return result;
  }

  async function loadUser(): Promise<void> {
    if (!hasSessionCookie()) {
      // The cookies live as long as the token: gone means the session ran out.
      if (state.user.value) expire();
      else forget();
      return;
    }
    const result = reportNetwork(await api.get<MeResponse>("/api/users/me"), () => void loadUser());
    if (result.ok) state.user.value = result.data.user;
    else if (result.error.status === 401) forget();
    if (result.ok || !result.error.network) state.userKnown.value = true;
  }

  /** Asks the server once (a renewal when the token is past half its life); never twice at a time. */
  function checkSession(): Promise<void> {
    checking ??= loadUser().finally(() => {
      checking = null;
    });
    return checking;
  }

  /**
   * Keeps a session alive while it is used, and says so before it ends: every second, a token
   * past half its life is renewed if somebody used the page since the last answer; a minute before
   * the end (idle, or the absolute limit) a warning; at the end, the server is asked, and its 401
   * brings the sign-in page with "Your session expired".
   */
  function startSessionKeeper(): () => void {
    const onActivity = () => {
      if (document.visibilityState === "visible") lastActivity = Date.now();
    };
    for (const type of ACTIVITY_EVENTS) document.addEventListener(type, onActivity, { passive: true, capture: true });
    document.addEventListener("visibilitychange", onActivity);

    const tick = () => {
      const session = state.session.value;
      if (!state.user.value || !session) return;
      const now = Date.now();
      const left = session.tokenExpiresAt - now;
      const limitLeft = session.sessionExpiresAt - now;
      if (left <= 0 || limitLeft <= 0) {
        void checkSession();
        return;
      }
      // The server renews a token with less than half its life left, counted in whole seconds:
      // ask a little after half, so that the answer does bring a fresh one.
      const half = tokenLife / 2 - 1500;
      const renewable = session.tokenExpiresAt < session.sessionExpiresAt;
      if (renewable && lastActivity > lastContact && left < half) void checkSession();

      const warnWithin = Math.min(WARN_MS, half);
      const next: AppState["warning"]["value"] = !renewable
        ? limitLeft <= WARN_MS
          ? { reason: "limit", at: session.sessionExpiresAt }
          : null
        : left <= warnWithin
          ? { reason: "idle", at: session.tokenExpiresAt }
          : null;
      if (next?.reason !== state.warning.value?.reason || next?.at !== state.warning.value?.at) {
        state.warning.value = next;
      }
    };
    const timer = setInterval(tick, 1000);
    return () => {
      clearInterval(timer);
      for (const type of ACTIVITY_EVENTS) document.removeEventListener(type, onActivity, { capture: true });
      document.removeEventListener("visibilitychange", onActivity);
    };
  }

  async function loadActivity(): Promise<void> {
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const path = `/api/users/activity?tz=${encodeURIComponent(tz)}`;
    const result = reportNetwork(await api.get<ActivityResponse>(path), () => void loadActivity());
    if (result.ok) {
      const { success: _, ...activity } = result.data;
      state.activity.value = activity;
    }
  }

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
      leave("You have signed out of this device.", "/signin");
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

  function signedIn(data: LoginResponse): null {
    state.user.value = data.user;
    state.userKnown.value = true;
    return null;
  }

  /** The password step: signed in (null), an error, or a second step due (its mfa_token). */
  async function signIn(email: string, password: string): Promise<ApiError | null | { mfaToken: string }> {
    const result = await api.post<LoginResponse | MfaRequiredResponse>("/api/users/login", { email, password });
    if (!result.ok) return result.error;
    if ("mfa_required" in result.data) return { mfaToken: result.data.mfa_token };
    return signedIn(result.data);
  }

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

  /**
   * After a successful sign-in or sign-up: on to where the visitor was going; a page of the
   * dashboard in place, anything else (a service behind the same proxy) by loading it.
   */
  function enter(): void {
    state.notice.value = null;
    const next = safeNext(location.search);
    if (isPage(next)) navigate(state, next, { replace: true });
    else leaveFor(next);
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
        text: `Account created. Follow the link we mailed to ${email} to confirm the address, then sign in.`,
      };
      navigate(state, PAGES.signIn, { replace: true });
      return null;
    }
    return signedIn;
  }

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

  /** Signs out this device, or (`everywhere`) every device of the account. */
  async function signOut(everywhere: boolean): Promise<void> {
    state.notice.value = null;
    const result = everywhere ? await api.post("/api/users/logout") : await api.delete("/api/users/sessions/current");
    // Signed out only when the server says so, or when there was no session left to end (401).
    // Anything else (503: the session store is down) leaves the session alive: say so, offer again.
    if (!result.ok && result.error.status !== 401) {
      state.notice.value = { kind: "error", text: result.error.msg, retry: () => void signOut(everywhere) };
      return;
    }
    leave(everywhere ? "You have signed out on every device." : "You have signed out on this device.", "/signin");
  }

  async function updateProfile(changes: ProfileBody): Promise<ApiError | null> {
    const result = await api.put<RenewedUserResponse>("/api/users/update", changes);
    if (!result.ok) return result.error;
    state.user.value = result.data.user;
    return null;
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
    leave("Your account has been deleted.", "/signup");
    return null;
  }

  function setTheme(theme: Theme, remember = true): void {
    state.theme.value = theme;
    applyTheme(theme);
    if (remember) keepTheme(theme);
  }

  return {
    loadUser,
    checkSession,
    startSessionKeeper,
    loadActivity,
    loadSessions,
    endSession,
    endOtherSessions,
    signIn,
    signInSecondStep,
    signInWithPasskey,
    /** For the lazily loaded pages' own actions (security-actions.ts): the one API client. */
    api,
    reportNetwork,
    signUp,
    requestPasswordReset,
    resetPassword,
    verifyEmail,
    resendVerification,
    enter,
    signOut,
    updateProfile,
    changePassword,
    deleteAccount,
    forget,
    announce,
    setTheme,
  };
}

export type Actions = ReturnType<typeof createActions>;
