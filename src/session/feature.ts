/**
 * The sessions as a feature: where the user is signed in, and ending any of it (routes.ts). The
 * session itself (service, tokens, transport, the auth plugin) is what every feature stands on.
 */
import { feature } from "../kit.ts";
import { sessionRoutes } from "./routes.ts";

export const sessionFeature = () =>
  feature({
    name: "session",
    events: ["session_revoked", "sessions_revoked"],
    plug: (kit) => ({ routes: () => sessionRoutes(kit) }),
  });
