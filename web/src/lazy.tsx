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
 * then, and a sentence with "Try again" if it cannot be fetched.
 */
export function lazyPage(title: string, load: () => Promise<FunctionComponent>): FunctionComponent {
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

export function Loading() {
  return (
    <div class="loading" role="status">
      <span class="spinner" aria-hidden="true" /> Loading…
    </div>
  );
}
