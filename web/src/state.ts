import { computed, signal } from "@preact/signals";

export interface User {
  public_id: string;
  username: string;
  email: string;
  role: string;
  created_at: string;
}

export interface ActivityEvent {
  type: "signup" | "login" | "login_failed" | "logout" | "password_changed" | "profile_updated";
  at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface DailySignIns {
  date: string;
  logins: number;
  failed: number;
}

export interface Activity {
  events: ActivityEvent[];
  daily: DailySignIns[];
}

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
