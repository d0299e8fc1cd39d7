import { Elysia, t } from "elysia";
import type { Database } from "../platform/db/sql.ts";

import type { Store } from "../platform/store/store.ts";

export interface HealthDeps {
  db: Database;
  store: Store;
  /** How long each dependency may take to answer /api/ready (ms). */
  readyTimeoutMs?: number;
}

type Check = "ok" | "down";

async function check(probe: () => Promise<void>, timeoutMs: number): Promise<Check> {
  let timer: Timer | undefined;
  const timeout = new Promise<Check>((resolve) => {
    timer = setTimeout(() => resolve("down"), timeoutMs);
  });
  try {
    return await Promise.race([
      probe().then(
        (): Check => "ok",
        (): Check => "down",
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Liveness (/api/health: the process answers) and readiness (/api/ready: its dependencies do). */
export function healthRoutes(deps: HealthDeps) {
  const timeoutMs = deps.readyTimeoutMs ?? 1000;
  return new Elysia({ prefix: "/api", tags: ["health"] })
    .get("/health", () => ({ status: "ok" as const }), {
      response: { 200: t.Object({ status: t.Literal("ok") }) },
      detail: { summary: "Liveness: the process is up" },
    })
    .get(
      "/ready",
      async ({ set }) => {
        const [database, store] = await Promise.all([
          check(deps.db.ping, timeoutMs),
          check(deps.store.ping, timeoutMs),
        ]);
        if (database === "ok" && store === "ok") return { status: "ready" as const, checks: { database, store } };
        const down = [database === "down" && "the database", store === "down" && "the store"].filter(Boolean);
        set.status = 503;
        const msg = `Not ready: ${down.join(" and ")} ${down.length > 1 ? "are" : "is"} down.`;
        return { success: false as const, msg, checks: { database, store } };
      },
      {
        response: {
          200: t.Object({
            status: t.Literal("ready"),
            checks: t.Object({ database: t.Literal("ok"), store: t.Literal("ok") }),
          }),
          503: t.Object({
            success: t.Literal(false),
            msg: t.String(),
            checks: t.Object({ database: t.UnionEnum(["ok", "down"]), store: t.UnionEnum(["ok", "down"]) }),
          }),
        },
        detail: { summary: "Readiness: the database and the blocklist store answer" },
      },
    );
}
