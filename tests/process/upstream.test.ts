/**
 * SIGN_IN_PROVIDERS at start, in the real process: a malformed entry stops it with one line naming
 * the entry; a provider that cannot be reached is a warning and an unavailable button, never a failed
 * start; a provider whose discovery document names another issuer is refused the same way; a real
 * upstream (panva's oidc-provider, started here) is listed available. Nothing of a client secret
 * is in any answer or log line.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { call, cleanEnv, type Server, startServer } from "../helpers/process.ts";
import { type StartedUpstream, startUpstream } from "../helpers/upstream.ts";
import { freePort, SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const SECRET = "upstream-client-secret-never-shown";

describe("SIGN_IN_PROVIDERS at start", () => {
  let upstream: StartedUpstream;
  let server: Server;
  let nobody: string;
  beforeAll(async () => {
    upstream = await startUpstream([
      {
        client_id: "datta",
        client_secret: SECRET,
        redirect_uris: ["http://127.0.0.1/api/auth/providers/corp/callback"],
      },
    ]);
    nobody = `http://127.0.0.1:${await freePort()}`;
    const mismatched = upstream.issuer.replace("127.0.0.1", "localhost");
    server = await startServer({
      DATA_DIR: await mkdtemp(join(tmpdir(), "datta-upstream-")),
      CORP_SECRET: SECRET,
      SIGN_IN_PROVIDERS: JSON.stringify([
        { id: "corp", name: "Corp ID", issuer: upstream.issuer, client_id: "datta", client_secret_env: "CORP_SECRET" },
        { id: "gone", name: "Gone", issuer: nobody, client_id: "datta", client_secret: SECRET },
        { id: "other", name: "Other", issuer: mismatched, client_id: "datta", client_secret: SECRET },
      ]),
    });
  });
  afterAll(async () => {
    await server?.stop();
    await upstream?.stop();
  });

  test("listed in order: the reachable one available; the unreachable and the mismatched ones not", async () => {
    const listed = await call(server, "/api/auth/providers");
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      providers: [
        { id: "corp", name: "Corp ID", available: true },
        { id: "gone", name: "Gone", available: false },
        { id: "other", name: "Other", available: false },
      ],
    });
    expect(JSON.stringify(listed.body)).not.toContain("datta");
  });

  test("a warning names each provider it could not discover, and nothing of the secret is logged", async () => {
    await call(server, "/api/auth/providers");
    const warnings = server.lines.filter((line) => line.includes("could not be discovered"));
    expect(warnings.map((line) => JSON.parse(line).provider).sort()).toEqual(["gone", "other"]);
    expect(server.lines.join("\n")).not.toContain(SECRET);
  });
});

test("a malformed entry stops the start with one line naming it, never its secret", async () => {
  const proc = Bun.spawn([process.execPath, join(import.meta.dir, "..", "..", "src", "main.ts")], {
    env: cleanEnv({
      DATA_DIR: await mkdtemp(join(tmpdir(), "datta-upstream-")),
      SIGN_IN_PROVIDERS: JSON.stringify([
        { id: "corp", name: "Corp", issuer: "ftp://corp.example.com", client_id: "x", client_secret: SECRET },
      ]),
    }),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [code, stderr] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
  expect(code).toBe(1);
  expect(stderr.trim().split("\n")).toHaveLength(1);
  expect(stderr).toContain("SIGN_IN_PROVIDERS entry 1 (corp): issuer must be");
  expect(stderr).not.toContain(SECRET);
});
