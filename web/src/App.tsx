import type { FunctionComponent } from "preact";
import { useEffect } from "preact/hooks";
import { Layout } from "./components/Layout.tsx";
import { useApp } from "./context.ts";
import { Dashboard } from "./pages/Dashboard.tsx";
import { NotFound } from "./pages/NotFound.tsx";
import { Profile } from "./pages/Profile.tsx";
import { SignIn } from "./pages/SignIn.tsx";
import { SignUp } from "./pages/SignUp.tsx";
import { interceptLinks, listenToHistory, navigate, safeNext } from "./router.ts";

interface Route {
  page: FunctionComponent;
  title: string;
  /** Needs a signed-in user; otherwise /signin?next=... */
  private?: boolean;
  /** For signed-out visitors; a signed-in user goes on to the app. */
  guest?: boolean;
}

const ROUTES: Record<string, Route> = {
  "/": { page: Dashboard, title: "Dashboard", private: true },
  "/profile": { page: Profile, title: "Profile", private: true },
  "/signin": { page: SignIn, title: "Sign in", guest: true },
  "/signup": { page: SignUp, title: "Sign up", guest: true },
};

function Redirect({ to }: { to: string }) {
  const { state } = useApp();
  useEffect(() => navigate(state, to, { replace: true }), [to]);
  return <Loading />;
}

function Loading() {
  return (
    <div class="loading" role="status">
      <span class="spinner" aria-hidden="true" /> Loading…
    </div>
  );
}

export function App() {
  const { state, actions } = useApp();
  useEffect(() => {
    void actions.loadUser();
    const stopHistory = listenToHistory(state);
    const stopLinks = interceptLinks(state);
    // A page restored from the back/forward cache must not show what it showed before sign-out.
    const onShow = (event: PageTransitionEvent) => {
      if (event.persisted) location.reload();
    };
    window.addEventListener("pageshow", onShow);
    return () => {
      stopHistory();
      stopLinks();
      window.removeEventListener("pageshow", onShow);
    };
  }, []);

  const route = ROUTES[state.pathname.value];
  const known = state.userKnown.value;
  const signedIn = state.signedIn.value;

  if (!route) {
    if (!known) return <Loading />;
    const Missing = NotFound;
    return signedIn ? (
      <Layout title="Not found">
        <Missing />
      </Layout>
    ) : (
      <div class="standalone">
        <Missing />
      </div>
    );
  }
  if (route.private) {
    if (!known) return <Loading />;
    if (!signedIn) return <Redirect to={`/signin?next=${encodeURIComponent(state.path.value)}`} />;
    const Page = route.page;
    return (
      <Layout title={route.title}>
        <Page />
      </Layout>
    );
  }
  if (route.guest && known && signedIn) return <Redirect to={safeNext(location.search)} />;
  const Page = route.page;
  return <Page />;
}
