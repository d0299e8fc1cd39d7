/**
 * compose.yaml as it is, under a real engine and Compose (Debian's docker-compose 1.29 in CI; the
 * same file is Compose v2's): nginx in front of three replicas, Postgres and Redis. Signing in
 * through nginx (and into the sample service behind forward auth); a logout seen by every replica;
 * a replica crashed under load with no failed GET, then restarted by its policy; a replica
 * recreated with a new address served again without reloading nginx; Redis crashed with the
 * revocations kept; Postgres restarted with every replica recovering.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { join } from "node:path";
import { CookieJar } from "../helpers/cookie-jar.ts";
import {
  addressOf,
  answers,
  COMPOSE,
  DOCKER,
  docker,
  hasDocker,
  hostPidOf,
  load,
  ROOT,
  run,
  secret,
  until,
} from "../helpers/docker.ts";
import { leftOut, NEEDS } from "../helpers/left-out.ts";
import { call, signedInAt } from "../helpers/process.ts";
import { freePort } from "../helpers/wait.ts";

setDefaultTimeout(90_000);
const PASSWORD = "compose passphrase 1";

if (hasDocker) {
  describe("compose.yaml: nginx, three replicas, Postgres and Redis", () => {
    const project = `dattaci${crypto.randomUUID().slice(0, 6)}`;
    // The replicas are reached on the edge network, as nginx reaches them.
    const network = `${project}_edge`;
    let url: string;
    let env: Record<string, string>;
    const placeholders: string[] = [];
    const compose = (...args: string[]) =>
      run([...COMPOSE, "-f", join(ROOT, "compose.yaml"), "--project-directory", ROOT, ...args], {
        env,
        timeoutMs: 180_000,
      });
    const containerOf = (service: string) => compose("ps", "-q", service);
    const replicaUrl = (service: string) => `http://${addressOf(containerOf(service), network)}:3000`;

    beforeAll(async () => {
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      env = {
        COMPOSE_PROJECT_NAME: project,
        DATTA_PUBLISH: `127.0.0.1:${port}`,
        PUBLIC_URL: url,
        COOKIE_SECURE: "false",
        POSTGRES_PASSWORD: secret(18).replace(/[^A-Za-z0-9]/g, ""),
        REDIS_PASSWORD: secret(18).replace(/[^A-Za-z0-9]/g, ""),
        JWT_SECRET_KEY: secret(),
        DATA_ENCRYPTION_KEY: secret(),
      };
      compose("up", "-d", "--no-build");
      await until(() => answers(url), 90_000, "nginx and a replica ready");
    }, 180_000);
    afterAll(() => {
      for (const name of placeholders) docker("rm", "-f", name);
      compose("down", "-v", "--remove-orphans", "-t", "5");
    });

    test("sign in through nginx, and into the sample service behind forward auth", async () => {
      const { jar, email } = await signedInAt({ url }, PASSWORD, "container");
      expect((await call({ url }, "/api/users/me", { jar })).body.user.email).toBe(email);
      const whoami = await call({ url }, "/whoami/", { jar, headers: { accept: "application/json" } });
      expect(whoami.status).toBe(200);
      expect(JSON.stringify(whoami.body)).toContain(email);
      // Without a session, forward auth sends the browser to sign in.
      const anonymous = await fetch(`${url}/whoami/`, { redirect: "manual" });
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.get("location")).toBe("/signin?next=/whoami/");
      // The sample access rules (docker/access/rules.yaml, its folder mounted): a public path needs nobody.
      const open = await call({ url }, "/whoami/public/", { headers: { accept: "application/json" } });
      expect([open.status, open.body]).toEqual([200, { identity: null, path: "/whoami/public/" }]);
    });

    test("the service behind forward auth never gets the user's cookies or bearer token; nginx answers verify 404", async () => {
      const { jar, email } = await signedInAt({ url }, PASSWORD, "container");
      const byCookie = await call({ url }, "/whoami/", { jar, headers: { accept: "application/json" } });
      expect(byCookie.body.credentials).toEqual({ authorization: false, cookie: false });
      const bearer = (await call({ url }, "/api/users/token", { method: "POST", body: { email, password: PASSWORD } }))
        .body.access_token;
      const byBearer = await call({ url }, "/whoami/", {
        headers: { accept: "application/json", authorization: `Bearer ${bearer}` },
      });
      expect(byBearer.body.identity.email).toBe(email);
      expect(byBearer.body.credentials).toEqual({ authorization: false, cookie: false });
      for (const headers of [{ authorization: `Bearer ${bearer}` }, { cookie: jar.header() }] as Record<
        string,
        string
      >[]) {
        const asked = await fetch(`${url}/api/auth/verify`, { headers });
        expect(asked.status).toBe(404);
        expect(asked.headers.get("x-auth-assertion")).toBeNull();
        expect(await asked.json()).toEqual({ success: false, msg: "Not found." });
      }
    });

    test("Postgres and Redis: on an internal network only the replicas join; Redis refuses a client without the password", async () => {
      const data = `${project}_data`;
      expect(docker("network", "inspect", "--format", "{{.Internal}}", data)).toBe("true");
      const networksOf = (service: string) =>
        Object.keys(
          JSON.parse(docker("inspect", "--format", "{{json .NetworkSettings.Networks}}", containerOf(service))),
        ).sort();
      for (const store of ["postgres", "redis"]) expect(networksOf(store)).toEqual([data]);
      for (const service of ["nginx", "whoami"]) expect(networksOf(service)).toEqual([network]);
      for (const replica of ["api1", "api2", "api3"]) expect(networksOf(replica)).toEqual([data, network].sort());
      // From where the sample service and nginx are, neither store is there, by name or by address.
      const fromEdge = (...cmd: string[]) => {
        const done = Bun.spawnSync([DOCKER, "run", "--rm", "--network", network, "redis:7-alpine", ...cmd], {
          stdout: "pipe",
          stderr: "pipe",
          timeout: 30_000,
        });
        return `${done.stdout.toString()}${done.stderr.toString()}`;
      };
      expect(fromEdge("redis-cli", "-h", "redis", "ping")).not.toContain("PONG");
      const redisAddress = addressOf(containerOf("redis"), data);
      expect(fromEdge("timeout", "5", "redis-cli", "-h", redisAddress, "ping")).not.toContain("PONG");
      expect(
        fromEdge("timeout", "5", "redis-cli", "-h", addressOf(containerOf("postgres"), data), "-p", "5432", "ping"),
      ).not.toContain("PONG");
      // On its own network, without the password: refused; with it (as the replicas have it): PONG.
      const redis = containerOf("redis");
      expect(run([DOCKER, "exec", redis, "env", "-u", "REDISCLI_AUTH", "redis-cli", "ping"])).toContain("NOAUTH");
      expect(run([DOCKER, "exec", redis, "redis-cli", "ping"])).toBe("PONG");
    });

    test("a logout through nginx is refused by every replica on the next request", async () => {
      const { jar } = await signedInAt({ url }, PASSWORD, "container");
      const replicas = ["api1", "api2", "api3"].map(replicaUrl);
      for (const replica of replicas) expect((await call({ url: replica }, "/api/users/me", { jar })).status).toBe(200);
      const stale = new CookieJar();
      for (const [name, cookie] of jar.cookies) stale.cookies.set(name, { ...cookie });
      expect((await call({ url }, "/api/users/logout", { method: "POST", jar, csrf: true })).status).toBe(200);
      for (const replica of replicas) {
        expect((await call({ url: replica }, "/api/users/me", { jar: stale })).status).toBe(401);
      }
    });

    test("a replica crashed under load: not one GET fails, and its restart policy brings it back", async () => {
      const { jar } = await signedInAt({ url }, PASSWORD, "container");
      const victim = containerOf("api2");
      const restarts = Number(docker("inspect", "--format", "{{.RestartCount}}", victim));
      const crash = (async () => {
        await Bun.sleep(1000);
        // Killed from outside Docker, as a crash or the kernel's OOM killer would: `docker kill`
        // counts as stopping it on purpose, and `restart: unless-stopped` would leave it down.
        process.kill(hostPidOf(victim), "SIGKILL");
        await Bun.sleep(5000);
      })();
      const { made, failures } = await load(url, "/api/users/me", jar, 6, crash);
      expect(made).toBeGreaterThan(50);
      expect(failures).toEqual([]);
      await until(
        () => Number(docker("inspect", "--format", "{{.RestartCount}}", victim)) > restarts,
        15_000,
        "restarted by its policy",
      );
      await until(() => answers(replicaUrl("api2")), 20_000, "the restarted replica ready");
    });

    test("a replica recreated with a new address gets traffic again, nginx never reloaded", async () => {
      const nginx = containerOf("nginx");
      const nginxStarted = docker("inspect", "--format", "{{.State.StartedAt}}", nginx);
      const before = addressOf(containerOf("api3"), network);
      compose("rm", "-s", "-f", "api3");
      // Something else takes the free address first, so the new api3 cannot get the old one back.
      const placeholder = `${project}-placeholder`;
      placeholders.push(placeholder);
      docker("run", "-d", "--network", network, "--name", placeholder, "debian:bookworm-slim", "sleep", "600");
      compose("up", "-d", "--no-build", "--no-deps", "api3");
      const recreated = containerOf("api3");
      const after = addressOf(recreated, network);
      expect(after).not.toBe(before);
      await until(() => answers(`http://${after}:3000`), 30_000, "the recreated replica ready");
      const served = () =>
        docker("logs", recreated)
          .split("\n")
          .filter((line) => line.includes('"msg":"request"') && line.includes('"/api/health"')).length;
      // nginx looks the name up again within 5 s; from then on api3 takes its turn.
      await until(
        async () => {
          for (let i = 0; i < 12; i++) await fetch(`${url}/api/health`).then((r) => r.arrayBuffer());
          return served() > 0;
        },
        20_000,
        "requests through nginx reaching the recreated replica",
      );
      expect(docker("inspect", "--format", "{{.State.StartedAt}}", nginx)).toBe(nginxStarted);
    });

    test("Redis crashed and restarted: a session ended before the crash stays ended on every replica", async () => {
      const { email, jar: first } = await signedInAt({ url }, PASSWORD, "container");
      const second = new CookieJar();
      expect(
        (await call({ url }, "/api/users/login", { method: "POST", body: { email, password: PASSWORD }, jar: second }))
          .status,
      ).toBe(200);
      const listed = await call({ url }, "/api/users/sessions", { jar: first });
      const other = (listed.body.sessions as Array<{ id: string; current: boolean }>).find((s) => !s.current);
      expect(
        (await call({ url }, `/api/users/sessions/${other?.id}`, { method: "DELETE", jar: first, csrf: true })).status,
      ).toBe(200);
      const redis = containerOf("redis");
      // In the append-only file before the crash (written before Redis answered; fsynced each second).
      await until(
        () => run([DOCKER, "exec", redis, "sh", "-c", `cat /data/appendonlydir/* | grep -c '${other?.id}'`]) !== "0",
        5_000,
        "the ended session in the AOF",
      );
      const restarts = Number(docker("inspect", "--format", "{{.RestartCount}}", redis));
      process.kill(hostPidOf(redis), "SIGKILL");
      await until(
        () => Number(docker("inspect", "--format", "{{.RestartCount}}", redis)) > restarts,
        15_000,
        "Redis restarted by its policy",
      );
      await until(() => answers(url), 20_000, "ready again");
      for (const service of ["api1", "api2", "api3"]) {
        const replica = replicaUrl(service);
        await until(() => answers(replica), 20_000, `${service} ready`);
        expect((await call({ url: replica }, "/api/users/me", { jar: second })).status).toBe(401);
        expect((await call({ url: replica }, "/api/users/me", { jar: first })).status).toBe(200);
      }
    });

    test("Postgres restarted: every replica recovers and signs users in again", async () => {
      docker("restart", "-t", "5", containerOf("postgres"));
      for (const service of ["api1", "api2", "api3"]) {
        await until(() => answers(replicaUrl(service)), 30_000, `${service} ready after Postgres came back`);
      }
      const { jar } = await signedInAt({ url }, PASSWORD, "container");
      expect((await call({ url }, "/api/users/me", { jar })).status).toBe(200);
    });
  });
} else leftOut("containers/compose", NEEDS.docker);
