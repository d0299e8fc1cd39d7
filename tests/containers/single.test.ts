/**
 * The project's image alone, on its embedded defaults, under a real Docker engine: healthy by its
 * own health check, the dashboard and the API answer, a user signs up and in, the data survives a
 * restart of the container, and `docker stop` ends it within a second.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { answers, docker, hasDocker, IMAGE, secret, until } from "../helpers/docker.ts";
import { leftOut, NEEDS } from "../helpers/left-out.ts";
import { call, signedInAt } from "../helpers/process.ts";
import { freePort } from "../helpers/wait.ts";

setDefaultTimeout(60_000);
const PASSWORD = "container passphrase 1";

if (hasDocker) {
  describe("the image alone, on embedded defaults", () => {
    const name = `datta-single-${crypto.randomUUID().slice(0, 8)}`;
    const volume = `${name}-data`;
    let url: string;

    beforeAll(async () => {
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      docker(
        "run",
        "-d",
        "--name",
        name,
        "-p",
        `127.0.0.1:${port}:3000`,
        "-v",
        `${volume}:/data`,
        "-e",
        `JWT_SECRET_KEY=${secret()}`,
        "-e",
        `DATA_ENCRYPTION_KEY=${secret()}`,
        "-e",
        `PUBLIC_URL=${url}`,
        "-e",
        "COOKIE_SECURE=false",
        IMAGE,
      );
      await until(() => answers(url), 30_000, "the container's /api/ready");
    });
    afterAll(() => {
      docker("rm", "-f", "-v", name);
      docker("volume", "rm", "-f", volume);
    });

    test("healthy by its own check; the dashboard and the API answer; runs as the unprivileged user", async () => {
      // The image's HEALTHCHECK runs the binary's --healthcheck every 10 s.
      await until(
        () => docker("inspect", "--format", "{{.State.Health.Status}}", name) === "healthy",
        30_000,
        "the health check",
      );
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="app">');
      expect((await fetch(`${url}/api/health`)).status).toBe(200);
      expect(docker("exec", name, "id", "-u")).toBe("10001");
      expect(docker("exec", name, "id", "-g")).toBe("10001");
    });

    test("sign up and sign in; the account and its session survive a restart of the container", async () => {
      const { jar, email } = await signedInAt({ url }, PASSWORD, "container");
      const me = await call({ url }, "/api/users/me", { jar });
      expect(me.status).toBe(200);
      docker("restart", "-t", "10", name);
      await until(() => answers(url), 30_000, "ready again after the restart");
      // The same session (the secrets came from the environment, the data from the volume).
      const again = await call({ url }, "/api/users/me", { jar });
      expect(again.status).toBe(200);
      expect(again.body.user.email).toBe(email);
      const login = await call({ url }, "/api/users/login", { method: "POST", body: { email, password: PASSWORD } });
      expect(login.status).toBe(200);
    });

    test("docker stop ends it within a second (SIGTERM: it drains and exits, never waits to be killed)", () => {
      const started = performance.now();
      docker("stop", "-t", "10", name);
      const took = performance.now() - started;
      expect(docker("inspect", "--format", "{{.State.ExitCode}}", name)).toBe("0");
      expect(took).toBeLessThan(1000);
    });
  });
} else leftOut("containers/single", NEEDS.docker);
