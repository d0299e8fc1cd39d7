/**
 * Pages loaded when first opened: their code is not part of the first load (the sign-in page is).
 */
import { useSignal } from "@preact/signals";
import type { FunctionComponent } from "preact";
import { useEffect } from "preact/hooks";
import { Alert } from "./components/ui.tsx";
import { useTitle } from "./context.ts";

/**
 * A page loaded when first opened (its code is not part of the first load); the loading line until
 * then, and a sentence with "Try again" if it cannot be fetched. With no title, a feature's part of
 * another feature's page (a card of Profile): nothing until it comes.
 */
export function lazyPage(title: string | null, load: () => Promise<FunctionComponent>): FunctionComponent {
  let loaded: FunctionComponent | null = null;
  return function LazyPage() {
    // At once, as an eager page would: the page sets it again when it comes. (The same for every
    // render of this component: a hook called or not, never both.)
    if (title !== null) useTitle(title);
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
    // A part of another page (title null) is nothing until it comes, and nothing if it cannot.
    if (title === null && !page.value) return null;
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
