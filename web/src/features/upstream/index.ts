import type { WebFeature } from "../../feature.ts";
import { lazyPage, lazyPart } from "../../lazy.tsx";
import { UPSTREAM_EVENTS as E, UPSTREAM_LABELS as T } from "./labels.ts";

/**
 * Signing in with another provider: its buttons under the sign-in and sign-up forms, the link step
 * (an account here has the address the provider gave: its owner signs in to link), and Profile's
 * "Sign-in methods".
 */
export const upstream: WebFeature = {
  routes: [
    {
      path: "/signin/link",
      page: lazyPage(
        () => T.linkYourAccount,
        () => import("./LinkStep.tsx").then((m) => m.LinkStep),
      ),
      title: () => T.linkYourAccount,
    },
  ],
  parts: {
    // Loaded with the page, not in its first load: the buttons wait for the list of providers anyway.
    signInOptions: [lazyPart(() => import("./ProviderButtons.tsx").then((m) => m.ProviderButtons))],
    profile: [lazyPart(() => import("./SignInMethods.tsx").then((m) => m.SignInMethods))],
  },
  eventLabels: {
    provider_linked: () => E.eventLinked,
    provider_unlinked: () => E.eventUnlinked,
  },
};
