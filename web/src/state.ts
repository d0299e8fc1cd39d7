import { computed, signal } from "@preact/signals";
// The server's models, imported as types only: the compiler catches any drift between the two.
import type { ActivityEvent, ActivityResponse, DailySignIns, PublicUser as User } from "../../src/account/model.ts";

export type { ActivityEvent, DailySignIns, User };

/** The account's activity as the page keeps it: the answer of /api/users/activity. */
export type Activity = Omit<ActivityResponse, "success">;

/** Times in ms since the epoch, from the server's X-Token-Expires-At / X-Session-Expires-At. */
export interface SessionTimes {
  tokenExpiresAt: number;
  sessionExpiresAt: number;
  /** When a response last brought a later expiry: the implicit refresh, seen from the page. */
  refreshedAt: number | null;
}

export interface Notice {
  kind: "error" | "info";
  text: string;
  /** Offered as a "Try again" button (network errors). */
  retry?: () => void;
}

/** All app state, as signals; derived values are computed. One instance, handed down by context. */
export function createAppState(initialPath = "/") {
  const user = signal<User | null>(null);
  /** Whether we know if somebody is signed in (after /me, or at once when there is no session cookie). */
  const userKnown = signal(false);
  const session = signal<SessionTimes | null>(null);
  const activity = signal<Activity | null>(null);
  const notice = signal<Notice | null>(null);
  const path = signal(initialPath);
  const sidebarOpen = signal(false);

  return {
    user,
    userKnown,
    session,
    activity,
    notice,
    path,
    sidebarOpen,
    signedIn: computed(() => user.value !== null),
    pathname: computed(() => path.value.split(/[?#]/)[0] || "/"),
    initials: computed(() => (user.value?.username ?? "?").slice(0, 2).toUpperCase()),
  };
}

export type AppState = ReturnType<typeof createAppState>;
