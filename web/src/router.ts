import type { AppState } from "./state.ts";

/** Client-side routing on the History API: the path lives in state.path. */
export function navigate(state: AppState, to: string, options: { replace?: boolean } = {}): void {
  if (to === state.path.value) return;
  if (options.replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  state.path.value = to;
  state.sidebarOpen.value = false;
  window.scrollTo(0, 0);
}

/** Where the page is being loaded away to, once asked (see leaveFor). */
let leavingFor: string | null = null;

/**
 * Goes to `to` by loading it (a path outside the dashboard: a service behind the same proxy), once:
 * the sign-in form and the guest page's redirect both ask for it as sign-in completes, and a second
 * load would abort the first.
 */
export function leaveFor(to: string, options: { replace?: boolean } = {}): void {
  if (leavingFor === to) return;
  leavingFor = to;
  if (options.replace) location.replace(to);
  else location.assign(to);
}

/** Keeps state.path in step with the back and forward buttons. */
export function listenToHistory(state: AppState): () => void {
  const onPop = () => {
    state.path.value = location.pathname + location.search;
  };
  window.addEventListener("popstate", onPop);
  return () => window.removeEventListener("popstate", onPop);
}

/**
 * The pages every part of the dashboard sends people to (home, sign-in, sign-up); each feature
 * names its own (web/src/features/<feature>/index.ts), and features.ts knows them all.
 */
export const PAGES = {
  dashboard: "/",
  signIn: "/signin",
  signUp: "/signup",
} as const;

/**
 * The token of a mailed link (`#token=…`), taken from the address bar once: the fragment is then
 * dropped from the address and the history, so it is not left behind for the next person at the
 * screen (it never reached the server or a Referer in the first place).
 */
export function takeLinkToken(): string | null {
  if (taken?.path === location.pathname && !location.hash) return taken.token; // the page drawn again
  const token = /^#token=([A-Za-z0-9_-]+)$/.exec(location.hash)?.[1] ?? null;
  if (location.hash) history.replaceState(history.state, "", location.pathname + location.search);
  taken = { path: location.pathname, token };
  return token;
}

let taken: { path: string; token: string | null } | null = null;

/** A backslash (read as "/" by browsers) or a control character: never in a path we follow. */
const hasBackslashOrControl = (text: string): boolean =>
  [...text].some((c) => c === "\\" || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/**
 * Where to go after sign-in: only a path of this origin, never another ("//evil", "/\\evil",
 * "https:"). The dashboard writes `next` encoded; nginx, sending a signed-out browser here from a
 * service behind it, writes its raw request URI last (`/signin?next=/whoami/?a=1&b=2`), which is
 * read whole.
 */
export function safeNext(search: string, origin = location.origin): string {
  const raw = /^\?next=(\/.*)$/s.exec(search)?.[1];
  const next = raw ?? new URLSearchParams(search).get("next");
  if (!next?.startsWith("/") || next.startsWith("//") || hasBackslashOrControl(next)) return "/";
  try {
    const url = new URL(next, origin);
    return url.origin === origin ? url.pathname + url.search + url.hash : "/";
  } catch {
    return "/";
  }
}

/** Plain left clicks on same-origin links route in the app; anything else the browser handles. */
export function interceptLinks(state: AppState): () => void {
  const onClick = (event: MouseEvent) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    const link = (event.target as Element | null)?.closest?.("a");
    if (!link || link.target || link.hasAttribute("download") || link.origin !== location.origin) return;
    // An in-page link (the skip link): move the focus there, leave the address alone.
    if (link.getAttribute("href")?.startsWith("#")) {
      event.preventDefault();
      document.getElementById(link.hash.slice(1))?.focus();
      return;
    }
    if (link.pathname.startsWith("/api/")) return;
    event.preventDefault();
    navigate(state, link.pathname + link.search);
  };
  document.addEventListener("click", onClick);
  return () => document.removeEventListener("click", onClick);
}
