import { computed, signal } from "@preact/signals";
// The server's models, imported as types only: the compiler catches any drift between the two.
import type { ActivityResponse, DailySignIns } from "../../src/account/model.ts";
import type { SessionInfo } from "../../src/session/model.ts";
import type { ActivityEvent, PublicUser as User } from "../../src/users/model.ts";

export type { ActivityEvent, DailySignIns, SessionInfo, User };

/** The account's activity as the page keeps it: the answer of /api/users/activity. */
export type Activity = Omit<ActivityResponse, "success">;

/** Times in ms since the epoch, from the server's X-Token-Expires-At / X-Session-Expires-At. */
export interface SessionTimes {
  tokenExpiresAt: number;
  sessionExpiresAt: number;
  /** When a response last brought a later expiry: a renewal, seen from the page. */
  refreshedAt: number | null;
}

/**
 * The session is about to end: "idle" (nobody used the page; any activity, or Stay signed in,
 * renews it) or "limit" (the absolute lifetime since the password was entered; only signing in
 * again helps). `at` is when it ends.
 */
export interface SessionWarning {
  reason: "idle" | "limit";
  at: number;
}

export interface Notice {
  kind: "error" | "info" | "success";
  text: string;
  /** Offered as a "Try again" button. */
  retry?: () => void;
}

export type Theme = "light" | "dark";

/** All app state, as signals; derived values are computed. One instance, handed down by context. */
export function createAppState(initialPath = "/", initialTheme: Theme = "light") {
  const user = signal<User | null>(null);
  /** Whether we know if somebody is signed in (after /me, or at once when there is no session cookie). */
  const userKnown = signal(false);
  const session = signal<SessionTimes | null>(null);
  const warning = signal<SessionWarning | null>(null);
  const activity = signal<Activity | null>(null);
  /** Where the user is signed in (GET /api/users/sessions), newest first. */
  const sessions = signal<SessionInfo[] | null>(null);
  const notice = signal<Notice | null>(null);
  const path = signal(initialPath);
  const sidebarOpen = signal(false);
  const theme = signal<Theme>(initialTheme);
  /** What the screen reader's polite live region says next (route changes, session changes). */
  const announcement = signal("");
  /** Bumped by every form submission: a form's message from an earlier action is no longer shown. */
  const actionCount = signal(0);

  return {
    user,
    userKnown,
    session,
    warning,
    activity,
    sessions,
    notice,
    path,
    sidebarOpen,
    theme,
    announcement,
    actionCount,
    signedIn: computed(() => user.value !== null),
    pathname: computed(() => path.value.split(/[?#]/)[0] || "/"),
    initials: computed(() => (user.value?.username ?? "?").slice(0, 2).toUpperCase()),
  };
}

export type AppState = ReturnType<typeof createAppState>;
