/**
 * Pages loaded when first opened: their code is not part of the first load (the sign-in page is).
 */
import { useSignal } from "@preact/signals";
import type { FunctionComponent } from "preact";
import { useEffect } from "preact/hooks";
import { Alert } from "./components/ui.tsx";
import { useTitle } from "./context.ts";

/**
 * A feature's part of another feature's page (a card of Profile, of a user's admin page), loaded
 * with that page: nothing until it comes, and nothing if it cannot.
 */
export function lazyPart<P extends object>(load: () => Promise<FunctionComponent<P>>): FunctionComponent<P> {
  let loaded: FunctionComponent<P> | null = null;
  return function LazyPart(props: P) {
    const part = useSignal<FunctionComponent<P> | null>(loaded);
    useEffect(() => {
      if (!loaded)
        load()
          .then((component) => {
            loaded = component;
            part.value = component;
          })
          .catch(() => undefined);
    }, []);
    const Part = part.value;
    return Part ? <Part {...props} /> : null;
  };
}

/**
 * A page loaded when first opened (its code is not part of the first load); the loading line until
 * then, and a sentence with "Try again" if it cannot be fetched.
 */
export function lazyPage(title: string, load: () => Promise<FunctionComponent>): FunctionComponent {
  let loaded: FunctionComponent | null = null;
  return function LazyPage() {
    // At once, as an eager page would: the page sets it again when it comes.
    useTitle(title);
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

export function Loading() {
  return (
    <div class="loading" role="status">
      <span class="spinner" aria-hidden="true" /> Loading…
    </div>
  );
}
