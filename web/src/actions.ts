import type { ErrorBody } from "../../src/http/schemas.ts";
import type { MfaRequiredResponse } from "../../src/sign-in/model.ts";
import type { LoginResponse, MeResponse } from "../../src/users/model.ts";
import { type ApiError, type ApiResult, createApi, hasSessionCookie } from "./api.ts";
import { dropDrafts, keepDrafts } from "./drafts.ts";
import { isPage } from "./features.ts";
import { APP_MESSAGES as T } from "./messages.ts";
import { leaveFor, navigate, safeNext } from "./router.ts";
import { createSessionKeeper } from "./session-keeper.ts";
import type { AppState, Theme } from "./state.ts";
import { applyTheme, keepTheme } from "./theme.ts";

/** Why a session ended, as the sign-in page says it. */
const ENDED: Record<NonNullable<ErrorBody["reason"]>, () => string> = {
  expired: () => T.expired,
  signed_out_elsewhere: () => T.signedOutElsewhere,
  locked: () => T.locked,
  password_changed: () => T.passwordChanged,
};

/** Everything the pages can do, as plain functions over the state and the API. */
export function createActions(state: AppState) {
  let checking: Promise<void> | null = null;
  const keeper = createSessionKeeper(state, () => checkSession());

  const api = createApi({
    onUnauthorized(reason) {
      // A session we had is over (expired, or ended elsewhere): say why, keep the typing, come back here.
      if (state.user.value) expire(reason);
      else forget();
    },
    onSessionTimes(tokenExpires, sessionExpires) {
      if (keeper.heard(tokenExpires, sessionExpires)) announce(T.stillSignedIn);
    },
  });

  const { announce, forget, leave, expire } = pageState(state);

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

  function signedIn(data: LoginResponse): null {
    state.user.value = data.user;
    state.userKnown.value = true;
    return null;
  }

  /**
   * The password step: signed in (null), an error, or a second step due (its mfa_token);
   * `secondFactor` asks it even in a browser remembered for the account.
   */
  async function signIn(
    email: string,
    password: string,
    secondFactor = false,
  ): Promise<ApiError | null | { mfaToken: string }> {
    const body = { email, password, ...(secondFactor ? { second_factor: true } : {}) };
    const result = await api.post<LoginResponse | MfaRequiredResponse>("/api/users/login", body);
    if (!result.ok) return result.error;
    if ("mfa_required" in result.data) return { mfaToken: result.data.mfa_token };
    return signedIn(result.data);
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

  /** Signs out this device, or (`everywhere`) every device of the account; then to `to` (the sign-in page). */
  async function signOut(everywhere: boolean, to = "/signin"): Promise<void> {
    state.notice.value = null;
    const result = everywhere ? await api.post("/api/users/logout") : await api.delete("/api/users/sessions/current");
    // Signed out only when the server says so, or when there was no session left to end (401).
    // Anything else (503: the session store is down) leaves the session alive: say so, offer again.
    if (!result.ok && result.error.status !== 401) {
      state.notice.value = { kind: "error", text: result.error.msg, retry: () => void signOut(everywhere, to) };
      return;
    }
    leave(everywhere ? T.signedOutEverywhere : T.signedOutHere, to);
  }

  function setTheme(theme: Theme, remember = true): void {
    state.theme.value = theme;
    applyTheme(theme);
    if (remember) keepTheme(theme);
  }

  return {
    loadUser,
    checkSession,
    startSessionKeeper: keeper.start,
    signIn,
    signedIn,
    /** For each feature's own actions (web/src/features/<feature>/actions.ts): the one API client. */
    api,
    reportNetwork,
    enter,
    signOut,
    leave,
    forget,
    announce,
    setTheme,
  };
}

export type Actions = ReturnType<typeof createActions>;

/** What happens to the page's own state: a sentence read out, private data dropped, the session over. */
function pageState(state: AppState) {
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

  /**
   * The user ended the session here (sign-out, this device's own session, account deletion): what
   * is kept of the account forgotten, a notice, and on to a signed-out page.
   */
  function leave(text: string, to: string): void {
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
    state.notice.value = { kind: "info", text: ENDED[reason ?? "expired"]() };
    if (!here.startsWith("/signin") && !here.startsWith("/signup")) {
      navigate(state, `/signin?next=${encodeURIComponent(here)}`, { replace: true });
    }
  }

  return { announce, forget, leave, expire };
}
