/**
 * What the server counts for Prometheus (prom-client), served as `GET /metrics` on METRICS_PORT only
 * (main.ts; never on the public port). One registry per app, so tests and replicas in one process
 * count apart. Labels are bounded: a route is its registered pattern (`/api/admin/users/:uid`), never
 * the requested path; no label carries a user, an address or a token.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { UnavailableError } from "../platform/errors.ts";

/** How a sign-in attempt ended: signed in, a second factor due, refused (401/403), limited (429). */
export type SignInResult = "ok" | "second_factor_due" | "failed" | "limited";

export interface Metrics {
  readonly registry: Registry;
  /** One answered request: its method, route pattern, status and duration (seconds). */
  request(method: string, route: string, status: number, seconds: number): void;
  signIn(result: SignInResult): void;
  /** Tokens revoked one by one (sign-out of one), sessions ended (every replica refuses them). */
  revoked(kind: "token" | "session", count?: number): void;
  /** The mail worker: a message it could not hand to SMTP (it will try again). */
  mailFailed(): void;
  /** A call to the database or the store that failed; `unavailable` when it could not be reached. */
  dependencyError(dependency: "database" | "store", error: unknown): void;
  /** Read at each scrape: the password-hash queue (running, waiting) and the outbox backlog. */
  watch(gauges: {
    passwordHashes?: () => { running: number; waiting: number };
    outboxBacklog?: () => Promise<number>;
  }): void;
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Latency buckets (seconds) from a /me answer (~1 ms) to an argon2id sign-in under load (~1 s). */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export function createMetrics(): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const requests = new Counter({
    name: "datta_http_requests_total",
    help: "HTTP requests answered, by method, route pattern and status",
    labelNames: ["method", "route", "status"] as const,
    registers,
  });
  const duration = new Histogram({
    name: "datta_http_request_duration_seconds",
    help: "Time to answer an HTTP request, by method, route pattern and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: BUCKETS,
    registers,
  });
  const signIns = new Counter({
    name: "datta_sign_ins_total",
    help: "Sign-in attempts by result: ok, second_factor_due (right password, a code to come), failed, limited (429)",
    labelNames: ["result"] as const,
    registers,
  });
  const revocations = new Counter({
    name: "datta_revocations_total",
    help: "Revocations written to the shared store: single tokens, and ended sessions",
    labelNames: ["kind"] as const,
    registers,
  });
  const mailFailures = new Counter({
    name: "datta_mail_send_failures_total",
    help: "Outbox messages the mail server did not take (each is tried again later)",
    registers,
  });
  const dependencyErrors = new Counter({
    name: "datta_dependency_errors_total",
    help: "Failed calls to the database or the store; kind unavailable when it could not be reached",
    labelNames: ["dependency", "kind"] as const,
    registers,
  });
  let passwordHashes: (() => { running: number; waiting: number }) | undefined;
  let outboxBacklog: (() => Promise<number>) | undefined;
  new Gauge({
    name: "datta_password_hashes",
    help: "Password hashes (argon2id) running, and waiting for a slot",
    labelNames: ["state"] as const,
    registers,
    collect() {
      const load = passwordHashes?.();
      this.set({ state: "running" }, load?.running ?? 0);
      this.set({ state: "waiting" }, load?.waiting ?? 0);
    },
  });
  new Gauge({
    name: "datta_mail_outbox_backlog",
    help: "Messages in the outbox not sent yet",
    registers,
    async collect() {
      // A scrape during a database outage still answers, without this figure's update.
      if (outboxBacklog) this.set(await outboxBacklog().catch(() => Number.NaN));
    },
  });
  new Gauge({
    name: "datta_process_resident_memory_bytes",
    help: "Resident memory of the server process",
    registers,
    collect() {
      this.set(process.memoryUsage.rss());
    },
  });
  new Counter({
    name: "datta_process_cpu_seconds_total",
    help: "CPU time of the server process (user and system)",
    registers,
    collect() {
      const used = process.cpuUsage();
      this.reset();
      this.inc((used.user + used.system) / 1e6);
    },
  });

  return {
    registry,
    request(method, route, status, seconds) {
      // A client may send any method name: only the known ones become labels (bounded series).
      const labels = { method: METHODS.has(method) ? method : "other", route, status: String(status) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
    signIn: (result) => signIns.inc({ result }),
    revoked: (kind, count = 1) => revocations.inc({ kind }, count),
    mailFailed: () => mailFailures.inc(),
    dependencyError(dependency, error) {
      dependencyErrors.inc({ dependency, kind: error instanceof UnavailableError ? "unavailable" : "error" });
    },
    watch(gauges) {
      passwordHashes = gauges.passwordHashes ?? passwordHashes;
      outboxBacklog = gauges.outboxBacklog ?? outboxBacklog;
    },
  };
}
