import type { WebFeature } from "../../feature.ts";
import { lazyPage, lazyPart } from "../../lazy.tsx";

/**
 * Signing in with another provider: its buttons under the sign-in and sign-up forms, the link step
 * (an account here has the address the provider gave: its owner signs in to link), and Profile's
 * "Sign-in methods".
 */
export const upstream: WebFeature = {
  routes: [
    {
      path: "/signin/link",
      page: lazyPage("Link your account", () => import("./LinkStep.tsx").then((m) => m.LinkStep)),
      title: "Link your account",
    },
  ],
  parts: {
    // Loaded with the page, not in its first load: the buttons wait for the list of providers anyway.
    signInOptions: [lazyPart(() => import("./ProviderButtons.tsx").then((m) => m.ProviderButtons))],
    profile: [lazyPart(() => import("./SignInMethods.tsx").then((m) => m.SignInMethods))],
  },
  eventLabels: {
    provider_linked: "Provider linked",
    provider_unlinked: "Provider unlinked",
  },
};
