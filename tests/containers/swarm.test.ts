/**
 * deploy/swarm/stack.yaml on a one-node swarm (Swarm ships inside the engine): three replicas
 * behind nginx; a rolling update of the app under load with no failed request; a replica killed
 * and rescheduled. The checks run from a container on the stack's network (tests/containers/
 * probe.ts), as nothing is published on the host here (dockerd runs without iptables).
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { DOCKER, docker, hasDocker, hostPidOf, IMAGE, ROOT, run, secret, until } from "../helpers/docker.ts";
import { leftOut, NEEDS } from "../helpers/left-out.ts";

setDefaultTimeout(180_000);
const BUN_IMAGE = process.env.DATTA_BUN_IMAGE ?? "oven/bun:1.4.5";

if (hasDocker) {
  describe("deploy/swarm/stack.yaml on a one-node swarm", () => {
    const stack = `dattaswarm${crypto.randomUUID().slice(0, 6)}`;
    const network = `${stack}_edge`;
    const service = `${stack}_api`;
    const next = `${IMAGE.split(":")[0]}:ci-next-${stack}`;
    let joined = false;
    const env = {
      POSTGRES_PASSWORD: secret(18).replace(/[^A-Za-z0-9]/g, ""),
      REDIS_PASSWORD: secret(18).replace(/[^A-Za-z0-9]/g, ""),
      JWT_SECRET_KEY: secret(),
      DATA_ENCRYPTION_KEY: secret(),
      COOKIE_SECURE: "false",
      DATTA_IMAGE: IMAGE,
      DATTA_PUBLISH_PORT: String(20_000 + Math.floor(Math.random() * 20_000)),
    };
    /** The running tasks of the app: their container ids and images. */
    const runningTasks = () =>
      docker("ps", "--filter", `label=com.docker.swarm.service.name=${service}`, "--format", "{{.ID}} {{.Image}}")
        .split("\n")
        .filter(Boolean)
        .map((line) => line.split(" ") as [string, string]);
    /** One request from inside the stack's network; the status, or 0. */
    const probeOnce = (path: string): number => {
      try {
        return Number(
          run(
            [
              DOCKER,
              "run",
              "--rm",
              "--network",
              network,
              BUN_IMAGE,
              "bun",
              "-e",
              `const r = await fetch("http://tasks.nginx${path}").catch(() => null); console.log(r ? r.status : 0);`,
            ],
            { timeoutMs: 20_000 },
          )
            .split("\n")
            .at(-1),
        );
      } catch {
        return 0;
      }
    };
    const healthyTasks = () =>
      runningTasks().filter(([id]) => docker("inspect", "--format", "{{.State.Health.Status}}", id) === "healthy");

    beforeAll(async () => {
      if (docker("info", "--format", "{{.Swarm.LocalNodeState}}") !== "active") {
        docker("swarm", "init", "--advertise-addr", "127.0.0.1");
        joined = true;
      }
      run([DOCKER, "stack", "deploy", "--resolve-image", "never", "-c", join(ROOT, "deploy/swarm/stack.yaml"), stack], {
        env,
      });
      await until(() => healthyTasks().length === 3, 120_000, "three healthy replicas");
      await until(() => probeOnce("/api/ready") === 200, 60_000, "ready through nginx");
    }, 240_000);
    afterAll(async () => {
      run([DOCKER, "stack", "rm", stack]);
      await until(
        () => !docker("network", "ls", "--format", "{{.Name}}").split("\n").includes(network),
        60_000,
        "the stack gone",
      );
      if (joined) docker("swarm", "leave", "--force");
      docker("rmi", next);
    }, 120_000);

    test("three replicas of the app behind nginx, each healthy", () => {
      const tasks = healthyTasks();
      expect(tasks.length).toBe(3);
      expect(probeOnce("/api/health")).toBe(200);
      // Forward auth's question is nginx's alone.
      expect(probeOnce("/api/auth/verify")).toBe(404);
    });

    test("Postgres and Redis on an internal network the edge cannot reach; Redis wants the password", () => {
      expect(docker("network", "inspect", "--format", "{{.Internal}}", `${stack}_data`)).toBe("true");
      // From the edge network, where nginx and the sample service are: the stores' names are unknown.
      const fromEdge = Bun.spawnSync(
        [
          DOCKER,
          "run",
          "--rm",
          "--network",
          network,
          BUN_IMAGE,
          "bun",
          "-e",
          'const dns = await import("node:dns/promises"); for (const name of ["tasks.redis", "tasks.postgres", "tasks.api"]) console.log(name, await dns.lookup(name).then(() => "found", () => "unknown"));',
        ],
        { stdout: "pipe", stderr: "pipe", timeout: 30_000 },
      ).stdout.toString();
      expect(fromEdge).toContain("tasks.redis unknown");
      expect(fromEdge).toContain("tasks.postgres unknown");
      expect(fromEdge).toContain("tasks.api found");
      const [redis] = docker("ps", "-q", "--filter", `label=com.docker.swarm.service.name=${stack}_redis`).split("\n");
      expect(run([DOCKER, "exec", redis as string, "redis-cli", "ping"])).toContain("NOAUTH");
    });

    test("a rolling update of the app under load: not one request fails", async () => {
      docker("tag", IMAGE, next);
      const probe: Subprocess<"pipe", "pipe", "pipe"> = Bun.spawn(
        [
          DOCKER,
          "run",
          "--rm",
          "-i",
          "--network",
          network,
          "-v",
          `${join(ROOT, "tests/containers/probe.ts")}:/probe.ts:ro`,
          BUN_IMAGE,
          "bun",
          "/probe.ts",
          "http://tasks.nginx",
        ],
        { stdin: "pipe", stdout: "pipe", stderr: "pipe" },
      );
      const reader = probe.stdout.getReader();
      let output = "";
      while (!output.includes("started")) {
        const { done, value } = await reader.read();
        if (done) throw new Error(`the probe ended: ${await new Response(probe.stderr).text()}`);
        output += new TextDecoder().decode(value);
      }
      // One replica at a time, each new one healthy before an old one stops (start-first).
      run([DOCKER, "service", "update", "--detach=false", "--image", next, service], { timeoutMs: 170_000 });
      probe.stdin.write("stop\n");
      probe.stdin.end();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        output += new TextDecoder().decode(value);
      }
      await probe.exited;
      const result = JSON.parse(output.trim().split("\n").at(-1) as string) as { made: number; failures: string[] };
      expect(result.made).toBeGreaterThan(100);
      expect(result.failures).toEqual([]);
      await until(() => healthyTasks().length === 3, 60_000, "three healthy replicas after the update");
      expect(runningTasks().every(([, image]) => image === next)).toBe(true);
    });

    test("a replica killed is rescheduled: three healthy replicas again", async () => {
      const [victim] = runningTasks()[0] as [string, string];
      process.kill(hostPidOf(victim), "SIGKILL");
      await until(
        () => {
          const tasks = healthyTasks();
          return tasks.length === 3 && !tasks.some(([id]) => id === victim);
        },
        90_000,
        "a new task in place of the killed one",
      );
      expect(probeOnce("/api/ready")).toBe(200);
    });
  });
} else leftOut("containers/swarm", NEEDS.docker);
