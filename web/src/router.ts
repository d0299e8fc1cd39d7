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

/** Keeps state.path in step with the back and forward buttons. */
export function listenToHistory(state: AppState): () => void {
  const onPop = () => {
    state.path.value = location.pathname + location.search;
  };
  window.addEventListener("popstate", onPop);
  return () => window.removeEventListener("popstate", onPop);
}

/** Where to go after sign-in: only a same-site path, never another origin ("//evil", "https:"). */
export function safeNext(search: string): string {
  const next = new URLSearchParams(search).get("next");
  return next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
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
