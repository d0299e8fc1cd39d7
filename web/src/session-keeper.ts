/**
 * Keeps a session alive while it is used, and says so before it ends: every second, a token past
 * half its life is renewed if somebody used the page since the last answer; a minute before the
 * end (idle, or the absolute limit) a warning; at the end, the server is asked, and its 401 brings
 * the sign-in page with "Your session expired".
 */
import type { AppState } from "./state.ts";

/** What counts as somebody using the page (only while the tab is visible). */
const ACTIVITY_EVENTS = ["pointerdown", "pointermove", "keydown", "input", "wheel", "touchstart", "scroll"] as const;
/** The warning comes this long before the end (less for very short tokens). */
const WARN_MS = 60_000;

export function createSessionKeeper(state: AppState, checkSession: () => Promise<void>) {
  /** When somebody last used the page, and when an authenticated answer last came. */
  let lastActivity = Date.now();
  let lastContact = 0;
  /** The longest token life seen (the server's ACCESS_TOKEN_TTL, near enough). */
  let tokenLife = 0;

  /** An authenticated answer told the session's times: true when it renewed a session that was warned about. */
  function heard(tokenExpires: number, sessionExpires: number): boolean {
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
    const warned = refreshed && state.warning.value !== null;
    state.warning.value = null;
    return warned;
  }

  function start(): () => void {
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

  return { heard, start };
}
