/**
 * The real server with METRICS_PORT: Prometheus's scrape answers there and only there (the public
 * port never serves it); the counters move with the requests made on the public port, and the mail
 * worker reports its backlog and the sends the mail server refused.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { uniqueEmail } from "../helpers/backends.ts";
import { call, type Server, startServer } from "../helpers/process.ts";
import { eventually, freePort, SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const PASSWORD = "metrics passphrase 1";

describe("METRICS_PORT: GET /metrics for Prometheus, apart from the public port", () => {
  let server: Server;
  let metricsUrl: string;
  const scrape = async () => {
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    return response.text();
  };
  const sample = (text: string, key: string): number => {
    const line = text.split("\n").find((l) => l.startsWith(`${key} `));
    return line === undefined ? Number.NaN : Number(line.slice(key.length + 1));
  };

  beforeAll(async () => {
    const port = await freePort();
    server = await startServer({
      DATA_DIR: await mkdtemp(join(tmpdir(), "datta-metrics-")),
      METRICS_PORT: String(port),
      // Nothing listens on port 1: every send fails, and the messages wait in the outbox.
      SMTP_URL: "smtp://127.0.0.1:1",
    });
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });

  test("the start line names the metrics address; the public port never serves them", async () => {
    const listening = server.lines.map((line) => JSON.parse(line)).find((entry) => entry.msg === "listening");
    expect(listening.metrics).toBe(metricsUrl);
    const publicAnswer = await fetch(`${server.url}/metrics`);
    expect(await publicAnswer.text()).not.toContain("datta_http_requests_total");
  });

  test("requests and sign-ins made on the public port are counted; the outbox reports its failures", async () => {
    const email = uniqueEmail("scraped");
    const signup = await call(server, "/api/users/signup", {
      method: "POST",
      body: { username: "scraped_user", email, password: PASSWORD },
    });
    expect(signup.status).toBe(201);
    expect(
      (await call(server, "/api/users/login", { method: "POST", body: { email, password: PASSWORD } })).status,
    ).toBe(200);
    expect(
      (await call(server, "/api/users/login", { method: "POST", body: { email, password: "not it at all" } })).status,
    ).toBe(401);

    const text = await scrape();
    expect(text).toContain("# TYPE datta_http_requests_total counter");
    expect(text).toContain("# TYPE datta_http_request_duration_seconds histogram");
    expect(sample(text, 'datta_http_requests_total{method="POST",route="/api/users/signup",status="201"}')).toBe(1);
    expect(sample(text, 'datta_sign_ins_total{result="ok"}')).toBe(1);
    expect(sample(text, 'datta_sign_ins_total{result="failed"}')).toBe(1);
    expect(sample(text, "datta_process_resident_memory_bytes")).toBeGreaterThan(1_000_000);
    expect(text).not.toContain(email);

    // The confirmation mail: the worker (every 2 s) fails to hand it over and keeps it.
    await eventually(async () => sample(await scrape(), "datta_mail_send_failures_total") >= 1, 10_000);
    expect(sample(await scrape(), "datta_mail_outbox_backlog")).toBeGreaterThanOrEqual(1);
  }, 20_000);
});
