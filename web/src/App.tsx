import { useEffect, useRef } from "preact/hooks";
import type { UserResponse } from "../../src/users/model.ts";

import { useApp } from "./context.ts";
import { isPage, routeOf } from "./features.ts";
import { pickedLanguage, showLanguage } from "./language.ts";
import { Loading } from "./lazy.tsx";
import { APP_MESSAGES as T } from "./messages.ts";
import { NotFound } from "./pages/NotFound.tsx";
import { interceptLinks, leaveFor, listenToHistory, navigate, safeNext } from "./router.ts";
import { Shell } from "./shell.tsx";
import { followSystemTheme } from "./theme.ts";

function Redirect({ to }: { to: string }) {
  const { state } = useApp();
  useEffect(() => {
    // A service behind the same proxy (after ?next=) is loaded, not routed in the page.
    if (isPage(to)) navigate(state, to, { replace: true });
    else leaveFor(to, { replace: true });
  }, [to]);
  return <Loading />;
}

/** The polite live region: route changes and session changes, read once by screen readers. */
function Announcer() {
  const { state } = useApp();
  return (
    <div class="sr-only" role="status" aria-live="polite" aria-atomic="true">
      {state.announcement.value}
    </div>
  );
}

/**
 * After a route change (not the first page): the new page's heading takes the focus and its title
 * is announced, as a page load would be. A field that focused itself (a form's only task) keeps it.
 */
function useRouteFocus(): void {
  const { state, actions } = useApp();
  const first = useRef(true);
  const path = state.pathname.value;
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // The page's heading may come later than the route (a page, or the signed-in shell, still
    // loading): it takes the focus when it appears.
    const settle = (): boolean => {
      const heading = document.querySelector<HTMLElement>("h1");
      if (!heading) return false;
      const active = document.activeElement;
      if (!(active instanceof HTMLInputElement && active.closest("main"))) {
        heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: true });
      }
      actions.announce(document.title);
      return true;
    };
    let observer: MutationObserver | null = null;
    const timer = setTimeout(() => {
      if (settle()) return;
      observer = new MutationObserver(() => settle() && observer?.disconnect());
      observer.observe(document.body, { childList: true, subtree: true });
    }, 0);
    return () => {
      clearTimeout(timer);
      observer?.disconnect();
    };
  }, [path]);
}

export function App() {
  const { state, actions } = useApp();
  useRouteFocus();
  // The account's language, once known (and whenever Profile changes it), over the browser's.
  const chosen = state.user.value?.language;
  useEffect(() => {
    if (chosen) showLanguage(chosen).catch(() => undefined);
    if (chosen !== null) return;
    // Picked on a signed-out page, for an account that has none yet: kept on the account, as Profile would.
    const picked = pickedLanguage();
    if (picked)
      void actions.api.put<UserResponse>("/api/users/update", { language: picked }).then((result) => {
        if (result.ok) state.user.value = result.data.user;
      });
  }, [chosen]);
  useEffect(() => {
    void actions.loadUser();
    const stopKeeper = actions.startSessionKeeper();
    const stopTheme = followSystemTheme((theme) => actions.setTheme(theme, false));
    const stopHistory = listenToHistory(state);
    const stopLinks = interceptLinks(state);
    // A page restored from the back/forward cache must not show what it showed before sign-out.
    const onShow = (event: PageTransitionEvent) => {
      if (event.persisted) location.reload();
    };
    window.addEventListener("pageshow", onShow);
    return () => {
      stopKeeper();
      stopTheme();
      stopHistory();
      stopLinks();
      window.removeEventListener("pageshow", onShow);
    };
  }, []);

  return (
    <>
      <Page />
      <Announcer />
    </>
  );
}

function Page() {
  const { state } = useApp();
  const pathname = state.pathname.value;
  const route = routeOf(pathname);
  const known = state.userKnown.value;
  const signedIn = state.signedIn.value;

  if (!route) {
    if (!known) return <Loading />;
    return signedIn ? (
      <Shell title={T.pageNotFound}>
        <NotFound />
      </Shell>
    ) : (
      <NotFound standalone />
    );
  }
  if (route.private) {
    if (!known) return <Loading />;
    if (!signedIn) return <Redirect to={`/signin?next=${encodeURIComponent(state.path.value)}`} />;
    if (route.admin && state.user.value?.role !== "admin") {
      return (
        <Shell title={T.pageNotFound}>
          <NotFound />
        </Shell>
      );
    }
    const Private = route.page;
    return (
      <Shell title={route.title()}>
        <Private />
      </Shell>
    );
  }
  // A signed-in visitor goes on, unless an application asked to sign in again: with the password
  // or passkey (`fresh=1`), or with two factors (`mfa=1`).
  const again = new URLSearchParams(location.search);
  if (route.guest && known && signedIn && !again.has("fresh") && !again.has("mfa")) {
    return <Redirect to={safeNext(location.search)} />;
  }
  const Guest = route.page;
  return <Guest />;
}
