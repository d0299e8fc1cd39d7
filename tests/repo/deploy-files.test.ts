/**
 * The deployment files agree with each other and with the code: compose.yaml, docker/nginx.conf,
 * docker/redis.conf, the Dockerfile. (There is no Docker engine here; the cluster tests run the
 * same topology on the host.)
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { substituteNginx } from "../../scripts/cluster.ts";
import { MAX_BODY_BYTES } from "../../src/http/body.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const root = join(import.meta.dir, "..", "..");
const read = (path: string) => Bun.file(join(root, path)).text();

describe("compose.yaml", () => {
  test("nginx is the only published port, in front of three replicas of one image waiting for healthy services", async () => {
    const compose = Bun.YAML.parse(await read("compose.yaml")) as any;
    const services = compose.services;
    // Services in a profile (the development mail catcher) start only when asked for.
    const published = Object.entries(services).filter(([, s]: [string, any]) => s.ports && !s.profiles);
    expect(published.map(([name]) => name)).toEqual(["nginx"]);
    expect(services.nginx.ports).toEqual([["$", "{DATTA_PUBLISH:-3000}:80"].join("")]);
    // Compose 1.29 (Debian 12's) refuses a top-level `name:`; v2 takes the file as it is.
    expect(Object.keys(compose)).not.toContain("name");
    const replicas = ["api1", "api2", "api3"].map((name) => services[name]);
    for (const replica of replicas) {
      expect(replica.image).toBe("datta-dashboard:latest");
      expect(replica.depends_on).toEqual({
        postgres: { condition: "service_healthy" },
        redis: { condition: "service_healthy" },
      });
      expect(replica.environment.TRUST_PROXY).toBe("true");
      expect(replica.environment.NODE_ENV).toBe("production");
      // The name nginx finds every replica by, looked up again as replicas come and go.
      expect(replica.networks.edge.aliases).toEqual(["api"]);
      expect(Object.keys(replica.networks).sort()).toEqual(["data", "edge"]);
      // Longer than the app's 10 s drain, so a full drain is never cut short.
      expect(replica.stop_grace_period).toBe("15s");
    }
    expect(services.postgres.healthcheck).toBeDefined();
    expect(services.postgres.volumes[0]).toStartWith("pgdata:");
    expect(services.redis.healthcheck).toBeDefined();
    expect(services.redis.volumes).toContain("./docker/redis.conf:/usr/local/etc/redis/redis.conf:ro");
    expect(services.redis.command).toEqual([
      "redis-server",
      "/usr/local/etc/redis/redis.conf",
      "--requirepass",
      ["$", "{REDIS_PASSWORD:?set REDIS_PASSWORD in .env}"].join(""),
    ]);
    expect(services.nginx.volumes).toContain("./docker/nginx.conf:/etc/nginx/nginx.conf:ro");
  });

  test("the data stores sit on an internal network only the replicas join; Redis wants a password, with no default", async () => {
    const compose = Bun.YAML.parse(await read("compose.yaml")) as any;
    expect(compose.networks.data).toEqual({ internal: true });
    const onData = Object.entries(compose.services)
      .filter(([, { networks = ["default"] }]: [string, any]) =>
        (Array.isArray(networks) ? networks : Object.keys(networks)).includes("data"),
      )
      .map(([name]) => name)
      .sort();
    expect(onData).toEqual(["api1", "api2", "api3", "postgres", "redis"]);
    for (const store of ["postgres", "redis"]) expect(compose.services[store].networks).toEqual(["data"]);
    for (const other of ["nginx", "whoami", "mailpit"]) expect(compose.services[other].networks).toEqual(["edge"]);
    // The replicas carry the password in their URL; it has no default anywhere.
    expect(compose.services.api1.environment.REDIS_URL).toBe(
      ["redis://:$", "{REDIS_PASSWORD:?set REDIS_PASSWORD in .env}@redis:6379"].join(""),
    );
    expect(await read(".env.example")).toMatch(/^REDIS_PASSWORD=$/m);
    const stack = Bun.YAML.parse(await read("deploy/swarm/stack.yaml")) as any;
    expect(stack.networks.data).toEqual({ driver: "overlay", internal: true });
    expect(stack.services.api.networks).toEqual(["edge", "data"]);
    for (const store of ["postgres", "redis"]) expect(stack.services[store].networks).toEqual(["data"]);
    for (const other of ["nginx", "whoami"]) expect(stack.services[other].networks).toEqual(["edge"]);
    expect(stack.services.redis.command).toContain("--requirepass");
  });

  test("the mail catcher is for development only: in a profile, its page on loopback, the replicas told how", async () => {
    const compose = Bun.YAML.parse(await read("compose.yaml")) as any;
    const { mailpit, api1 } = compose.services;
    expect(mailpit.profiles).toEqual(["mail"]);
    expect(mailpit.ports.every((port: string) => port.startsWith("127.0.0.1:"))).toBe(true);
    expect(api1.environment.SMTP_URL).toBe(["$", "{SMTP_URL:-}"].join(""));
    expect(await read("README.md")).toContain("SMTP_URL=smtp://mailpit:1025");
  });

  test("the sample service runs from the same image behind nginx, checking assertions for the replicas' issuer and audience", async () => {
    const compose = Bun.YAML.parse(await read("compose.yaml")) as any;
    const { whoami, nginx, api1 } = compose.services;
    expect(whoami.image).toBe(api1.image);
    // The image's one executable, as the sample service.
    expect(whoami.command).toEqual(["whoami"]);
    expect(whoami.ports).toBeUndefined();
    expect(whoami.environment.ISSUER).toBe(api1.environment.PUBLIC_URL);
    expect(whoami.environment.AUDIENCE).toBe(api1.environment.FORWARD_AUTH_AUDIENCE);
    expect(whoami.environment.JWKS_URL).toBe("http://nginx/.well-known/jwks.json");
    expect(nginx.depends_on).toContain("whoami");
    const conf = await read("docker/nginx.conf");
    expect(conf).toMatch(/map \$host \$datta_whoami \{\s*default whoami:4000;/);
    expect(conf).toMatch(/auth_request \/_datta_auth;/);
  });

  test("every variable it takes from .env is documented in .env.example", async () => {
    const used = new Set([...(await read("compose.yaml")).matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1]));
    const documented = await read(".env.example");
    for (const name of used) expect(documented).toContain(`${name}=`);
  });
});

describe("docker/nginx.conf", () => {
  test("the replicas are found by their shared name at request time, not once at start; the body limit is the API's", async () => {
    const conf = await read("docker/nginx.conf");
    // No upstream block (its names are resolved once, at start): the name every replica has, looked
    // up through Docker's DNS and again every few seconds.
    expect(conf).not.toMatch(/^\s*upstream\s/m);
    expect(conf).toMatch(/^\s*resolver 127\.0\.0\.11 valid=5s/m);
    expect(conf).toMatch(/map \$host \$datta_api \{\s*default api:3000;/);
    const proxied = [...conf.matchAll(/proxy_pass\s+([^;]+);/g)].map((m) => m[1]);
    expect(proxied.every((target) => target?.startsWith("http://$datta_"))).toBe(true);
    const compose = Bun.YAML.parse(await read("compose.yaml")) as any;
    const replicas = Object.entries(compose.services).filter(([name]) => name.startsWith("api"));
    expect(replicas.length).toBe(3);
    for (const [, replica] of replicas) expect((replica as any).networks.edge.aliases).toContain("api");
    expect(conf).toContain(`client_max_body_size ${MAX_BODY_BYTES / 1024}k;`);
  });

  test("every location behind forward auth removes the credentials; the public proxy answers verify 404", async () => {
    const conf = await read("docker/nginx.conf");
    const locations = [...conf.matchAll(/location\s+[^{]+\{([^}]*)\}/g)].map((m) => m[1] ?? "");
    const guarded = locations.filter((body) => body.includes("auth_request "));
    expect(guarded.length).toBeGreaterThan(0);
    for (const body of guarded) {
      expect(body).toContain('proxy_set_header Cookie "";');
      expect(body).toContain('proxy_set_header Authorization "";');
    }
    expect(conf).toMatch(
      /location \^~ \/api\/auth\/verify \{[^}]*return 404 '\{"success":false,"msg":"Not found\."\}';/,
    );
    // The subrequest itself goes to the replicas directly.
    expect(conf).toMatch(
      /location = \/_datta_auth \{\s*internal;\s*proxy_pass http:\/\/\$datta_api\/api\/auth\/verify;/,
    );
  });

  test("failover for idempotent requests only: no non_idempotent, and the reason is written down", async () => {
    const conf = await read("docker/nginx.conf");
    const directive = /proxy_next_upstream\s+([^;]+);/.exec(conf)?.[1] ?? "";
    expect(directive).toContain("error");
    expect(directive).toContain("timeout");
    expect(directive).not.toContain("non_idempotent");
    expect(conf).toMatch(/never a POST once the request reached a replica/);
    for (const header of ["X-Forwarded-For", "X-Forwarded-Proto", "X-Real-IP"])
      expect(conf).toContain(`proxy_set_header ${header}`);
    expect(conf).toContain("gzip on;");
    for (const header of ["Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"]) {
      expect(conf).toContain(`add_header ${header}`);
    }
    expect(conf).toContain("# server {");
    expect(conf).toContain("return 301 https://$host$request_uri;");
    expect(conf).toContain("immutable");
  });

  // Where nginx is installed (CI installs it; tests/ci.test.ts fails a CI run without it).
  if (Bun.which("nginx") !== null)
    test("`nginx -t` passes on it, with only the addresses substituted", async () => {
      const conf = substituteNginx(
        await read("docker/nginx.conf"),
        ["127.0.0.1:3101", "127.0.0.1:3102"],
        "127.0.0.1:3100",
        "127.0.0.1:3199",
      );
      expect(conf).toContain("server 127.0.0.1:3199;");
      expect(conf).not.toContain("whoami:4000");
      expect(conf).not.toContain("api1:3000");
      expect(conf.match(/server 127\.0\.0\.1:31\d\d max_fails/g)).toHaveLength(2);
      const dir = await mkdtemp(join(tmpdir(), "datta-nginx-"));
      await writeFile(join(dir, "nginx.conf"), conf);
      const check = Bun.spawnSync(
        ["nginx", "-t", "-c", join(dir, "nginx.conf"), "-g", `pid ${dir}/nginx.pid; error_log ${dir}/error.log;`],
        { stderr: "pipe" },
      );
      expect(check.stderr.toString()).toContain("syntax is ok");
      expect(check.exitCode).toBe(0);
    });
});

describe("docker/redis.conf and the Dockerfile", () => {
  test("Redis keeps RDB snapshots as the original and an AOF synced every second", async () => {
    const conf = await read("docker/redis.conf");
    expect(conf).toMatch(/^save 300 1$/m);
    expect(conf).toMatch(/^appendonly yes$/m);
    expect(conf).toMatch(/^appendfsync everysec$/m);
  });

  test("the image: multi-stage from the pinned Bun image, only the binary, non-root, port, health check, /data", async () => {
    const dockerfile = await read("Dockerfile");
    // The Bun that bun.lock and bun-types were made with, not whatever 1.x is newest.
    const bunTypes = JSON.parse(await read("package.json")).devDependencies["bun-types"].replace(/^\^/, "");
    expect(dockerfile).toMatch(new RegExp(`^FROM oven/bun:${bunTypes.replaceAll(".", "\\.")} AS build$`, "m"));
    // No `# syntax=`: BuildKit would fetch a frontend from a registry first, failing offline.
    expect(dockerfile).not.toMatch(/^# *syntax=/m);
    expect(dockerfile).toMatch(/groupadd --system --gid 10001 datta/);
    expect(dockerfile).toMatch(/useradd --system --uid 10001 --gid 10001/);
    expect(dockerfile).toMatch(/^FROM debian:bookworm-slim$/m);
    expect(dockerfile).toContain("COPY --from=build /app/dist/datta-dashboard /usr/local/bin/datta-dashboard");
    expect(dockerfile).toMatch(/^USER datta$/m);
    expect(dockerfile).toMatch(/^EXPOSE 3000$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*--healthcheck/m);
    expect(dockerfile).toMatch(/^ {4}DATA_DIR=\/data$/m);
    // No anonymous volume for replicas that never use it; single-container mode mounts one.
    expect(dockerfile).not.toMatch(/^VOLUME/m);
    const ignored = (await read(".dockerignore")).split("\n");
    for (const entry of ["tests", "bench", ".ci", "node_modules", ".git"]) expect(ignored).toContain(entry);
  });
});
