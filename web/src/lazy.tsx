/**
 * Code loaded when first needed: pages, parts of pages, the signed-in shell. None of it is part of
 * the first load (the sign-in page is).
 */
import { useSignal } from "@preact/signals";
import type { FunctionComponent } from "preact";
import { useEffect } from "preact/hooks";
import { Alert } from "./components/ui.tsx";
import { useTitle } from "./context.ts";
import { pageSentences } from "./language.ts";
import { APP_MESSAGES as T } from "./messages.ts";

/** Links the other pages' stylesheet (index.html names it), once; resolves when it applies, so nothing shows unstyled. */
let styles: Promise<void> | null = null;
function pageStyles(): Promise<void> {
  styles ??= new Promise<void>((resolve, reject) => {
    const href = document.querySelector<HTMLMetaElement>('meta[name="page-styles"]')?.content;
    if (!href) return resolve();
    const link = Object.assign(document.createElement("link"), { rel: "stylesheet", href });
    link.onload = () => resolve();
    link.onerror = () => {
      link.remove();
      styles = null;
      reject(new Error("the pages' stylesheet could not be fetched"));
    };
    document.head.append(link);
  });
  return styles;
}

/** A component fetched once, the first time one is drawn: it (or null until then), whether it failed, a retry. */
function lazyComponent<P extends object>(load: () => Promise<FunctionComponent<P>>) {
  let loaded: FunctionComponent<P> | null = null;
  return function useLoaded() {
    const component = useSignal<FunctionComponent<P> | null>(loaded);
    const failed = useSignal(false);
    const fetch = () => {
      failed.value = false;
      // A page's styles and its sentences in the language shown come with it.
      Promise.all([load(), pageSentences(), pageStyles()])
        .then(([made]) => {
          loaded = made;
          component.value = made;
        })
        .catch(() => (failed.value = true));
    };
    useEffect(() => {
      if (!loaded) fetch();
    }, []);
    return { Component: component.value, failed: failed.value, retry: fetch };
  };
}

/**
 * A feature's part of another feature's page (a card of Profile, of a user's admin page), loaded
 * with that page: nothing until it comes, and nothing if it cannot.
 */
export function lazyPart<P extends object>(load: () => Promise<FunctionComponent<P>>): FunctionComponent<P> {
  const useLoaded = lazyComponent(load);
  return function LazyPart(props: P) {
    const { Component } = useLoaded();
    return Component ? <Component {...props} /> : null;
  };
}

/**
 * A page or a frame loaded when first drawn: the loading line until then, and a sentence with "Try
 * again" if it cannot be fetched.
 */
export function lazyFrame<P extends object>(load: () => Promise<FunctionComponent<P>>): FunctionComponent<P> {
  const useLoaded = lazyComponent(load);
  return function LazyFrame(props: P) {
    const { Component, failed, retry } = useLoaded();
    if (failed) {
      return (
        <Alert kind="error" retry={retry}>
          {T.pageNotLoaded}
        </Alert>
      );
    }
    return Component ? <Component {...props} /> : <Loading />;
  };
}

/** A page loaded when first opened, titled at once as an eager page would be (it sets it again when it comes). */
export function lazyPage(title: () => string, load: () => Promise<FunctionComponent>): FunctionComponent {
  const Frame = lazyFrame(load);
  return function LazyPage() {
    useTitle(title());
    return <Frame />;
  };
}

export function Loading() {
  return (
    <div class="loading" role="status">
      <span class="spinner" aria-hidden="true" /> {T.loading}
    </div>
  );
}
