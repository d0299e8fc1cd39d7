import { useSignal } from "@preact/signals";
import type { FunctionComponent } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { Layout } from "./components/Layout.tsx";
import { Alert } from "./components/ui.tsx";
import { useApp, useTitle } from "./context.ts";
import { NotFound } from "./pages/NotFound.tsx";
import { SignIn } from "./pages/SignIn.tsx";
import { SignUp } from "./pages/SignUp.tsx";
import { ADMIN_USER, interceptLinks, isPage, leaveFor, listenToHistory, navigate, PAGES, safeNext } from "./router.ts";
import { followSystemTheme } from "./theme.ts";

interface Route {
  page: FunctionComponent;
  title: string;
  /** For admins only: anybody else gets the 404 page, and no admin data is ever asked for. */
  admin?: boolean;
  /** Needs a signed-in user; otherwise /signin?next=... */
  private?: boolean;
  /** For signed-out visitors; a signed-in user goes on to the app. */
  guest?: boolean;
}

/**
 * A page loaded when first opened (its code is not part of the first load); the loading line until
 * then, and a sentence with "Try again" if it cannot be fetched.
 */
function lazyPage(title: string, load: () => Promise<FunctionComponent>): FunctionComponent {
  let loaded: FunctionComponent | null = null;
  return function LazyPage() {
    useTitle(title); // at once, as an eager page would: the page sets it again when it comes
    const page = useSignal<FunctionComponent | null>(loaded);
    const failed = useSignal(false);
    const fetchPage = () => {
      failed.value = false;
      load()
        .then((component) => {
          loaded = component;
          page.value = component;
        })
        .catch(() => (failed.value = true));
    };
    useEffect(() => {
      if (!loaded) fetchPage();
    }, []);
    if (failed.value) {
      return (
        <Alert kind="error" retry={fetchPage}>
          This page could not be loaded. Check your connection.
        </Alert>
      );
    }
    const Page = page.value;
    return Page ? <Page /> : <Loading />;
  };
}

// Pages not on the way in (the sign-in page): each loaded when first opened.
const Dashboard = lazyPage("Dashboard", () => import("./pages/Dashboard.tsx").then((module) => module.Dashboard));
const Profile = lazyPage("Profile", () => import("./pages/Profile.tsx").then((module) => module.Profile));
const Sessions = lazyPage("Sessions", () => import("./pages/Sessions.tsx").then((module) => module.Sessions));
const Security = lazyPage("Security", () => import("./pages/Security.tsx").then((module) => module.Security));
const ForgotPassword = lazyPage("Forgot password", () =>
  import("./pages/ForgotPassword.tsx").then((module) => module.ForgotPassword),
);
const ResetPassword = lazyPage("Choose a new password", () =>
  import("./pages/ResetPassword.tsx").then((module) => module.ResetPassword),
);
const VerifyEmail = lazyPage("Confirm your e-mail address", () =>
  import("./pages/VerifyEmail.tsx").then((module) => module.VerifyEmail),
);

const AdminUsers = lazyPage("Admin", () => import("./pages/Admin.tsx").then((module) => module.AdminUsers));
const AdminAudit = lazyPage("Admin · audit log", () =>
  import("./pages/AdminAudit.tsx").then((module) => module.AdminAudit),
);
const AdminUser = lazyPage("Admin · user", () =>
  import("./pages/AdminUser.tsx").then((module) => module.AdminUserPage),
);
const ADMIN_USER_ROUTE: Route = { page: AdminUser, title: "User", private: true, admin: true };

const ROUTES: Record<string, Route> = {
  [PAGES.dashboard]: { page: Dashboard, title: "Dashboard", private: true },
  [PAGES.profile]: { page: Profile, title: "Profile", private: true },
  [PAGES.sessions]: { page: Sessions, title: "Sessions", private: true },
  [PAGES.security]: { page: Security, title: "Security", private: true },
  [PAGES.admin]: { page: AdminUsers, title: "Admin", private: true, admin: true },
  [PAGES.adminAudit]: { page: AdminAudit, title: "Audit log", private: true, admin: true },
  [PAGES.signIn]: { page: SignIn, title: "Sign in", guest: true },
  [PAGES.signUp]: { page: SignUp, title: "Sign up", guest: true },
  // Opened from a mail, signed in or not.
  [PAGES.forgotPassword]: { page: ForgotPassword, title: "Forgot password" },
  [PAGES.resetPassword]: { page: ResetPassword, title: "Choose a new password" },
  [PAGES.verifyEmail]: { page: VerifyEmail, title: "Confirm your e-mail address" },
};

function Redirect({ to }: { to: string }) {
  const { state } = useApp();
  useEffect(() => {
    // A service behind the same proxy (after ?next=) is loaded, not routed in the page.
    if (isPage(to)) navigate(state, to, { replace: true });
    else leaveFor(to, { replace: true });
  }, [to]);
  return <Loading />;
}

function Loading() {
  return (
    <div class="loading" role="status">
      <span class="spinner" aria-hidden="true" /> Loading…
    </div>
  );
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
    const timer = setTimeout(() => {
      const active = document.activeElement;
      if (!(active instanceof HTMLInputElement && active.closest("main"))) {
        const heading = document.querySelector<HTMLElement>("h1");
        heading?.setAttribute("tabindex", "-1");
        heading?.focus({ preventScroll: true });
      }
      actions.announce(document.title);
    }, 0);
    return () => clearTimeout(timer);
  }, [path]);
}

export function App() {
  const { state, actions } = useApp();
  useRouteFocus();
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
  const route = ROUTES[pathname] ?? (ADMIN_USER.test(pathname) ? ADMIN_USER_ROUTE : undefined);
  const known = state.userKnown.value;
  const signedIn = state.signedIn.value;

  if (!route) {
    if (!known) return <Loading />;
    return signedIn ? (
      <Layout title="Page not found">
        <NotFound />
      </Layout>
    ) : (
      <NotFound standalone />
    );
  }
  if (route.private) {
    if (!known) return <Loading />;
    if (!signedIn) return <Redirect to={`/signin?next=${encodeURIComponent(state.path.value)}`} />;
    if (route.admin && state.user.value?.role !== "admin") {
      return (
        <Layout title="Page not found">
          <NotFound />
        </Layout>
      );
    }
    const Private = route.page;
    return (
      <Layout title={route.title}>
        <Private />
      </Layout>
    );
  }
  if (route.guest && known && signedIn) return <Redirect to={safeNext(location.search)} />;
  const Guest = route.page;
  return <Guest />;
}
