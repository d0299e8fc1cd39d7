import { Elysia } from "elysia";

/** Liveness only: the process answers. Readiness (database and store) is /api/ready. */
export const healthRoutes = new Elysia({ name: "health" }).get("/api/health", () => ({ status: "ok" }));
