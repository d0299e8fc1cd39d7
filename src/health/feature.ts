/** Health: liveness (the process answers) and readiness (its database and store do), for probes. */
import { feature } from "../kit.ts";
import { type HealthDeps, healthRoutes } from "./routes.ts";

export const healthFeature = (deps: HealthDeps) =>
  feature({ name: "health", plug: () => ({ routes: () => healthRoutes(deps) }) });
