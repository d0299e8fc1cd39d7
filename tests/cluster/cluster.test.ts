/**
 * compose.yaml's topology on the host (`bun run cluster`): replicas of the built binary behind
 * nginx running docker/nginx.conf, against Postgres and Redis. Each test starts and stops what it
 * needs; Redis and Postgres instances that get killed are its own, on spare ports, never the
 * machine's shared services.
 */
import { afterEach, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SQL } from "bun";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import * as oidc from "openid-client";
import { BINARY, type ClusterOptions, freePort, type Replica, startCluster } from "../../scripts/cluster.ts";
import { loadMigrations } from "../../src/platform/db/migrate.ts";
import { REFRESH_SECONDS } from "../../src/platform/keys/keyring.ts";
import { createTokenService } from "../../src/session/tokens.ts";
import { totpCode } from "../../src/two-factor/codes.ts";
import { hasRealBackends, realUrls, TEST_DATA_KEY, uniqueEmail } from "../helpers/backends.ts";
import { ensureBinary } from "../helpers/binary.ts";
import { hasChromium, openBrowser } from "../helpers/chromium.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { leftOut, NEEDS } from "../helpers/left-out.ts";
import { call, signedInAt } from "../helpers/process.ts";
import { atUpstream, startUpstream } from "../helpers/upstream.ts";
import { eventually } from "../helpers/wait.ts";

export const hasNginx = Bun.which("nginx") !== null;
const PASSWORD = "cluster passphrase";
setDefaultTimeout(60_000);

const signedIn = (url: string) => signedInAt({ url }, PASSWORD, "cluster");

/** A database of its own on the shared server, dropped afterwards. */
async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = new SQL(realUrls.database as string, { max: 1 });
  const name = `datta_cluster_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(realUrls.database as string);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.close();
    },
  };
}

if (hasNginx && hasRealBackends) {
  describe("the cluster: nginx in front of replicas", () => {
    const cleanups: Array<() => Promise<unknown>> = [];
    beforeAll(async () => {
      await ensureBinary();
    });
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
    });

    /**
     * A cluster, stopped after the test: by default 3 replicas on the machine's Postgres and Redis,
     * with the data key that opens the signing keys the other tests left in that database.
     */
    async function startedCluster(options: Partial<ClusterOptions> = {}) {
      const started = await startCluster({
        replicas: 3,
        databaseUrl: realUrls.database as string,
        dataEncryptionKey: TEST_DATA_KEY,
        redisUrl: realUrls.redis as string,
        ...options,
      });
      cleanups.push(() => started.stop());
      return started;
    }

    test("1. three replicas started at once on an empty database: migrations applied exactly once, all healthy", async () => {
      const db = await freshDatabase();
      cleanups.push(db.drop);
      const cluster = await startedCluster({ databaseUrl: db.url });
      for (const replica of cluster.replicas) expect((await call(replica, "/api/ready")).status).toBe(200);
      // They trust X-Forwarded-For, so only nginx may reach them: loopback, and nothing else.
      for (const replica of cluster.replicas) {
        const elsewhere = `http://127.0.0.2:${new URL(replica.url).port}/api/health`;
        expect(
          await fetch(elsewhere).then(
            () => "reachable",
            () => "unreachable",
          ),
        ).toBe("unreachable");
      }
      const applied = cluster.replicas.filter((r) => r.lines.some((line) => line.includes('"migrations applied"')));
      expect(applied).toHaveLength(1);
      const check = new SQL(db.url, { max: 1 });
      const rows: Array<{ version: number }> = await check`select version from schema_migrations order by version`;
      await check.close();
      expect(rows.map((r) => Number(r.version))).toEqual((await loadMigrations()).map((m) => m.version));
    });

    test("2. a session made through nginx works on every replica; a logout through nginx is honoured by all at once", async () => {
      const cluster = await startedCluster();
      const { jar, email } = await signedIn(cluster.url);
      for (const replica of cluster.replicas) {
        const me = await call(replica, "/api/users/me", { jar: jar.clone() });
        expect(me.status).toBe(200);
        expect(me.body.user.email).toBe(email);
      }
      const old = jar.clone();
      expect((await call(cluster, "/api/users/logout", { method: "POST", jar, csrf: true })).status).toBe(200);
      for (const replica of cluster.replicas)
        expect((await call(replica, "/api/users/me", { jar: old.clone() })).status).toBe(401);
      // The client's address reached the replicas through X-Forwarded-For (TRUST_PROXY).
      const again = new CookieJar();
      await call(cluster, "/api/users/login", { method: "POST", body: { email, password: PASSWORD }, jar: again });
      const activity = await call(cluster, "/api/users/activity", { jar: again });
      expect(activity.body.events[0].ip).toBe("127.0.0.1");
      // nginx keeps the API's error shape for its own refusals.
      const big = await fetch(`${cluster.url}/api/users/signup`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "x".repeat(70_000),
      });
      expect(big.status).toBe(413);
      expect(await big.json()).toEqual({ success: false, msg: expect.any(String) });
      const page = await fetch(`${cluster.url}/profile`);
      expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(page.headers.get("x-frame-options")).toBe("DENY");
    });

    test("3. a replica killed with SIGKILL under load: the client sees zero failed requests", async () => {
      const cluster = await startedCluster();
      const { jar } = await signedIn(cluster.url);
      const cookie = jar.header();
      const total = 3000;
      const concurrency = 16;
      let sent = 0;
      let failed = 0;
      const statuses = new Map<number, number>();
      const deadline = Date.now() + 30_000;
      const worker = async () => {
        while (sent < total && Date.now() < deadline) {
          sent++;
          if (sent === Math.floor(total / 4)) cluster.kill(1);
          const status = await fetch(`${cluster.url}/api/users/me`, { headers: { cookie } }).then(
            (r) => r.status,
            () => 0,
          );
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status !== 200) failed++;
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      expect(cluster.replicas[1]?.proc.killed || cluster.replicas[1]?.proc.exitCode !== null).toBe(true);
      expect(sent).toBe(total);
      expect(Object.fromEntries(statuses)).toEqual({ 200: total });
      expect(failed).toBe(0);
    });

    test("4. Redis with a password, restarted with docker/redis.conf's persistence: revoked tokens stay revoked", async () => {
      const dir = await mkdtemp(join(tmpdir(), "datta-redis-"));
      const port = await freePort();
      // As compose runs it: the file, and a password on the command line (letters and digits).
      const password = crypto.randomUUID().replaceAll("-", "");
      const startRedis = () =>
        Bun.spawn(
          [
            "redis-server",
            join(import.meta.dir, "..", "..", "docker", "redis.conf"),
            "--port",
            String(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            dir,
            "--requirepass",
            password,
          ],
          {
            stdout: "ignore",
            stderr: "ignore",
          },
        );
      let redis = startRedis();
      cleanups.push(async () => {
        redis.kill("SIGKILL");
        await rm(dir, { recursive: true, force: true });
      });
      const cli = (...args: string[]) =>
        Bun.spawnSync(["redis-cli", "-p", String(port), ...args], { env: { ...process.env, REDISCLI_AUTH: password } })
          .stdout.toString()
          .trim();
      await eventually(async () => cli("ping") === "PONG", 5000);
      // Without the password, nothing: no revocation deleted, no counter reset.
      const anonymous = Bun.spawnSync(["redis-cli", "-p", String(port), "ping"], {
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
      });
      expect(anonymous.stdout.toString() + anonymous.stderr.toString()).toContain("NOAUTH");

      const cluster = await startedCluster({ replicas: 2, redisUrl: `redis://:${password}@127.0.0.1:${port}` });
      const { jar } = await signedIn(cluster.url);
      const jti = JSON.parse(
        Buffer.from((jar.get("access_token_cookie") as string).split(".")[1] as string, "base64url").toString(),
      ).jti;
      const old = jar.clone();
      expect((await call(cluster, "/api/users/logout", { method: "POST", jar, csrf: true })).status).toBe(200);
      expect(cli("exists", `${cluster.redisKeyPrefix}datta:revoked:${jti}`)).toBe("1");

      // A crash, not a clean shutdown: only what appendfsync everysec wrote survives.
      await Bun.sleep(1500);
      redis.kill("SIGKILL");
      await redis.exited;
      redis = startRedis();
      await eventually(async () => cli("ping") === "PONG", 5000);
      expect(cli("exists", `${cluster.redisKeyPrefix}datta:revoked:${jti}`)).toBe("1");
      expect(Number(cli("ttl", `${cluster.redisKeyPrefix}datta:revoked:${jti}`))).toBeGreaterThan(800);

      await eventually(
        async () => (await call(cluster.replicas[0] as { url: string }, "/api/ready")).status === 200,
        5000,
      );
      for (const replica of cluster.replicas)
        expect((await call(replica, "/api/users/me", { jar: old.clone() })).status).toBe(401);
    });

    test("5. Postgres stopped: 503 on every replica, none exits; all serve 200 again within 5 s of its return", async () => {
      const version = Bun.spawnSync(["sh", "-c", "ls /etc/postgresql | sort -V | tail -n 1"]).stdout.toString().trim();
      const name = `datta_${crypto.randomUUID().slice(0, 8)}`;
      const port = await freePort();
      const pgctl = (action: string) =>
        Bun.spawnSync(["pg_ctlcluster", "--skip-systemctl-redirect", version, name, action], { stderr: "pipe" });
      const created = Bun.spawnSync(
        [
          "pg_createcluster",
          version,
          name,
          "-p",
          String(port),
          "--start",
          "--",
          "--auth-host=trust",
          "--auth-local=trust",
        ],
        { stdout: "ignore", stderr: "pipe" },
      );
      expect(created.exitCode).toBe(0);
      cleanups.push(async () => Bun.spawnSync(["pg_dropcluster", version, name, "--stop"], { stderr: "ignore" }));

      const cluster = await startedCluster({ databaseUrl: `postgres://postgres@127.0.0.1:${port}/postgres` });
      const { jar } = await signedIn(cluster.url);

      expect(pgctl("stop").exitCode).toBe(0);
      for (const replica of cluster.replicas) {
        const ready = await call(replica, "/api/ready");
        expect(ready.status).toBe(503);
        expect(ready.body.checks.database).toBe("down");
        expect((await call(replica, "/api/users/me", { jar: jar.clone() })).status).toBe(503);
      }
      await Bun.sleep(1000);
      for (const replica of cluster.replicas) expect(replica.proc.exitCode).toBeNull();

      expect(pgctl("start").exitCode).toBe(0);
      const back = Date.now();
      await Promise.all(
        cluster.replicas.map((replica) =>
          eventually(async () => (await call(replica, "/api/users/me", { jar: jar.clone() })).status === 200, 5000),
        ),
      );
      expect(Date.now() - back).toBeLessThan(5000);
      for (const replica of cluster.replicas) expect((await call(replica, "/api/ready")).status).toBe(200);
    });

    test("6. forward auth: signed out to /whoami/ lands on sign-in; signed in it gets there with its identity, never the credentials; verify is nginx's alone", async () => {
      const secret = "cluster-forward-auth-secret-0123456789abcdef";
      const cluster = await startedCluster({ jwtSecret: secret });

      const away = await fetch(`${cluster.url}/whoami/?tab=1`, { redirect: "manual" });
      expect(away.status).toBe(302);
      expect(away.headers.get("location")).toBe("/signin?next=/whoami/?tab=1");

      const { jar, email } = await signedIn(cluster.url);
      // A forged identity header from the client is overwritten by what the dashboard said.
      const res = await call(cluster, "/whoami/", {
        jar,
        headers: { accept: "application/json", "x-auth-user-role": "admin", "x-auth-assertion": "forged" },
      });
      expect(res.status).toBe(200);
      expect(res.body.identity).toMatchObject({ email, role: "user", name: "cluster" });
      expect(res.body.headers["x-auth-user-role"]).toBe("user");
      expect(res.body.headers["x-auth-user-id"]).toBe(res.body.identity.sub);
      const sessions = await call(cluster, "/api/users/sessions", { jar });
      expect(res.body.identity.sid).toBe(sessions.body.sessions[0].id);
      // The credentials that proved who it is never reach the service: not the cookies, and not a
      // bearer token either (the service could sign in as the user anywhere with it).
      expect(res.body.credentials).toEqual({ authorization: false, cookie: false });
      const bearer = (await call(cluster, "/api/users/token", { method: "POST", body: { email, password: PASSWORD } }))
        .body.access_token;
      const byBearer = await call(cluster, "/whoami/", {
        headers: { accept: "application/json", authorization: `Bearer ${bearer}`, cookie: "theme=dark" },
      });
      expect(byBearer.status).toBe(200);
      expect(byBearer.body.identity.email).toBe(email);
      expect(byBearer.body.credentials).toEqual({ authorization: false, cookie: false });
      // Forward auth's question is nginx's alone: asked through nginx, by cookie or bearer, 404 in the
      // API's shape, with no identity and no assertion. (The replicas answer it, nginx's subrequest
      // reaching them directly.)
      for (const path of ["/api/auth/verify", "/api/auth/verify/", "/api/auth/%76erify", "/api//auth/verify?x=1"]) {
        for (const headers of [{ authorization: `Bearer ${bearer}` }, { cookie: jar.header() }] as Record<
          string,
          string
        >[]) {
          const asked = await fetch(`${cluster.url}${path}`, { headers });
          expect({ path, status: asked.status }).toEqual({ path, status: 404 });
          expect(asked.headers.get("x-auth-user-id")).toBeNull();
          expect(asked.headers.get("x-auth-assertion")).toBeNull();
          expect(await asked.json()).toEqual({ success: false, msg: "Not found." });
        }
      }
      expect((await call(cluster.replicas[0] as Replica, "/api/auth/verify", { jar: jar.clone() })).status).toBe(200);
      // The HTML page, as a browser gets it.
      const page = await call(cluster, "/whoami/", { jar });
      expect(page.response.headers.get("content-type")).toContain("text/html");
      expect(page.body).toContain("Signed in as cluster");

      // CSRF for the service, with no code of its own: a cookie POST without the header is refused.
      expect((await call(cluster, "/whoami/", { method: "POST", jar })).status).toBe(403);
      expect((await call(cluster, "/whoami/", { method: "POST", jar, csrf: true })).status).toBe(200);

      // A token past half its life: verify renews it, and nginx relays the fresh cookies.
      const me = await call(cluster, "/api/users/me", { jar });
      const tokens = createTokenService({
        secret,
        ttlSeconds: 900,
        sessionMaxAgeSeconds: 12 * 3600,
        now: () => Math.floor(Date.now() / 1000) - 500,
      });
      const old = tokens.issue(me.body.user.public_id, res.body.identity.sid);
      const aging = new CookieJar();
      aging.cookies.set("access_token_cookie", {
        name: "access_token_cookie",
        value: old.token,
        attributes: new Map(),
      });
      const renewed = await fetch(`${cluster.url}/whoami/`, {
        headers: { cookie: aging.header(), accept: "application/json" },
      });
      expect(renewed.status).toBe(200);
      const relayed = renewed.headers.getSetCookie();
      expect(relayed.map((c) => c.split("=")[0]).sort()).toEqual(["access_token_cookie", "csrf_access_token"]);
      expect(relayed.find((c) => c.startsWith("access_token_cookie="))).toContain("HttpOnly");
      aging.take(renewed);
      expect(aging.get("access_token_cookie")).not.toBe(old.token);
      expect((await call(cluster, "/api/users/me", { jar: aging })).status).toBe(200);
    });

    test("7. a session ended on replica 1 is refused on replicas 2 and 3 at once, and by nginx's forward auth", async () => {
      const cluster = await startedCluster();
      const { jar, email } = await signedIn(cluster.url);
      const phone = new CookieJar();
      await call(cluster, "/api/users/login", { method: "POST", body: { email, password: PASSWORD }, jar: phone });
      const [r1, r2, r3] = cluster.replicas as [Replica, Replica, Replica];
      for (const replica of [r2, r3])
        expect((await call(replica, "/api/users/me", { jar: phone.clone() })).status).toBe(200);
      const phoneId = (await call(r1, "/api/users/sessions", { jar: phone.clone() })).body.sessions[0].id;

      const ended = await call(r1, `/api/users/sessions/${phoneId}`, {
        method: "DELETE",
        jar: jar.clone(),
        csrf: true,
      });
      expect(ended.status).toBe(200);
      for (const replica of [r2, r3]) {
        expect((await call(replica, "/api/users/me", { jar: phone.clone() })).status).toBe(401);
        expect((await call(replica, "/api/auth/verify", { jar: phone.clone() })).status).toBe(401);
      }
      const away = await fetch(`${cluster.url}/whoami/`, { headers: { cookie: phone.header() }, redirect: "manual" });
      expect(away.status).toBe(302);
      expect((await call(cluster, "/whoami/", { jar, headers: { accept: "application/json" } })).status).toBe(200);
    });

    test("8. key rotation: every replica's assertions verify against every replica's JWKS, before and after", async () => {
      const db = await freshDatabase();
      cleanups.push(db.drop);
      const secret = "cluster-rotation-secret-0123456789abcdef";
      const cluster = await startedCluster({ databaseUrl: db.url, jwtSecret: secret });
      const { jar } = await signedIn(cluster.url);

      const assertionsAndKeys = async () =>
        Promise.all(
          cluster.replicas.map(async (replica) => ({
            assertion: (await call(replica, "/api/auth/verify", { jar: jar.clone() })).response.headers.get(
              "x-auth-assertion",
            ) as string,
            jwks: (await call(replica, "/.well-known/jwks.json")).body,
          })),
        );
      const verifyAll = async () => {
        const seen = await assertionsAndKeys();
        for (const { assertion } of seen) {
          for (const { jwks } of seen) {
            const { payload } = await jwtVerify(assertion, createLocalJWKSet(jwks), {
              issuer: cluster.url,
              audience: "datta-services",
              algorithms: ["EdDSA"],
            });
            expect(payload.sid).toBeString();
          }
        }
        return seen.map(({ assertion }) => decodeProtectedHeader(assertion).kid);
      };
      const before = await verifyAll();
      expect(new Set(before).size).toBe(1);

      // Activating one refresh later (the default waits two refreshes and half a minute more): every
      // replica publishes the key before any signs with it.
      const activateIn = REFRESH_SECONDS + 1;
      const rotate = Bun.spawnSync([BINARY, "keys", "rotate", "--activate-in", String(activateIn)], {
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          NODE_ENV: "production",
          DATABASE_URL: db.url,
          JWT_SECRET_KEY: secret,
          DATA_ENCRYPTION_KEY: TEST_DATA_KEY,
          PUBLIC_URL: cluster.url,
        },
        stdout: "pipe",
        stderr: "pipe",
      });
      expect(rotate.exitCode).toBe(0);
      const newKid = JSON.parse(rotate.stdout.toString().trim().split("\n").at(-1) as string).kid as string;
      expect(newKid).not.toBe(before[0]);

      // While the replicas catch up, every assertion any of them signs verifies against the JWKS of
      // every one (verifyAll throws otherwise); at activation all sign with the new key, and the
      // sample service accepts it through nginx.
      await eventually(async () => (await verifyAll()).every((kid) => kid === newKid), (activateIn + 10) * 1000);
      const through = await call(cluster, "/whoami/", { jar: jar.clone(), headers: { accept: "application/json" } });
      expect(through.status).toBe(200);
      expect(through.body.identity.kid).toBe(newKid);
    });

    test("10. OpenID Connect across replicas: a flow begun on one finishes on another, a refresh on a third, a back-channel logout delivered once, also after the client was down", async () => {
      const cluster = await startedCluster();
      const [r1, r2, r3] = cluster.replicas as [Replica, Replica, Replica];
      // The application's back-channel endpoint, down at first.
      const received: string[] = [];
      let down = true;
      const app = Bun.serve({
        hostname: "127.0.0.1",
        port: 0,
        async fetch(request) {
          if (down) return new Response(null, { status: 503 });
          received.push(new URLSearchParams(await request.text()).get("logout_token") ?? "");
          return new Response(null, { status: 200 });
        },
      });
      cleanups.push(async () => app.stop(true));
      const callback = `http://127.0.0.1:${app.port}/callback`;
      const added = Bun.spawnSync(
        [
          BINARY,
          ...["clients", "add", "--name", "Cluster app", "--redirect-uri", callback, "--first-party"],
          ...["--backchannel-logout-uri", `http://127.0.0.1:${app.port}/backchannel`],
        ],
        {
          env: {
            PATH: process.env.PATH ?? "/usr/bin:/bin",
            NODE_ENV: "production",
            DATABASE_URL: realUrls.database as string,
            JWT_SECRET_KEY: "cluster-clients-secret-0123456789abcdef",
            DATA_ENCRYPTION_KEY: TEST_DATA_KEY,
            PUBLIC_URL: cluster.url,
          },
          stdout: "pipe",
          stderr: "pipe",
        },
      );
      expect(added.exitCode).toBe(0);
      const registered = JSON.parse(added.stdout.toString()) as { client_id: string; client_secret: string };

      /** openid-client speaking to one replica (the endpoints discovery names are nginx's). */
      const on = (replica: Replica) => {
        const fetcher = ((url: string, init: RequestInit) =>
          fetch(url.replace(cluster.url, replica.url), init)) as oidc.CustomFetch;
        return oidc
          .discovery(new URL(cluster.url), registered.client_id, registered.client_secret, undefined, {
            [oidc.customFetch]: fetcher,
            execute: [oidc.allowInsecureRequests],
          })
          .then((config) => {
            config[oidc.customFetch] = fetcher;
            return config;
          });
      };
      const { jar } = await signedIn(cluster.url);
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const request = oidc.buildAuthorizationUrl(await on(r1), {
        redirect_uri: callback,
        scope: "openid email",
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        state,
      });
      // The browser's steps, each on the next replica: the request, the sign-in step, the resumption.
      let location = request.href;
      for (let step = 0; !location.startsWith(callback); step++) {
        expect(step).toBeLessThan(6);
        const replica = cluster.replicas[step % 3] as Replica;
        const url = new URL(location, cluster.url);
        // As a browser: its cookies sent, the redirect read, not followed by fetch (which has no jar).
        const answer = await fetch(replica.url + url.pathname + url.search, {
          headers: { cookie: jar.header() },
          redirect: "manual",
        });
        jar.take(answer);
        expect({ step, path: url.pathname, status: answer.status }).toEqual({ step, path: url.pathname, status: 303 });
        location = new URL(answer.headers.get("location") as string, cluster.url).href;
      }
      const tokens = await oidc.authorizationCodeGrant(await on(r2), new URL(location), {
        pkceCodeVerifier: verifier,
        expectedState: state,
      });
      const refreshed = await oidc.refreshTokenGrant(await on(r3), tokens.refresh_token as string);
      const sub = tokens.claims()?.sub as string;
      expect((await oidc.fetchUserInfo(await on(r1), refreshed.access_token, sub)).sub).toBe(sub);

      // Signed out on replica 2 while the application is down; every replica's sender tries it;
      // once the application is back (its backoff is seconds), it gets one logout token, once.
      expect((await call(r2, "/api/users/logout", { method: "POST", jar, csrf: true })).status).toBe(200);
      await Bun.sleep(3000);
      expect(received).toHaveLength(0);
      down = false;
      await eventually(async () => received.length > 0, 30_000);
      await Bun.sleep(5000);
      expect(received).toHaveLength(1);
      const jwks = createLocalJWKSet((await call(r3, "/.well-known/jwks.json")).body);
      const { payload } = await jwtVerify(received[0] as string, jwks, {
        issuer: cluster.url,
        audience: registered.client_id,
      });
      expect(payload).toMatchObject({ sub, sid: tokens.claims()?.sid });
      expect(
        await oidc.fetchUserInfo(await on(r3), refreshed.access_token, sub).catch((e: { status?: number }) => e.status),
      ).toBe(401);
    });

    test("11. sign in with another provider across replicas: started on replica 1, the callback on replica 2", async () => {
      const port = await freePort();
      const secret = "cluster-upstream-client-secret";
      const callback = `http://127.0.0.1:${port}/api/auth/providers/corp/callback`;
      const upstream = await startUpstream([
        { client_id: "cluster", client_secret: secret, redirect_uris: [callback] },
      ]);
      cleanups.push(() => upstream.stop());
      const providers = [
        { id: "corp", name: "Corp ID", issuer: upstream.issuer, client_id: "cluster", client_secret: secret },
      ];
      const cluster = await startedCluster({ port, env: { SIGN_IN_PROVIDERS: JSON.stringify(providers) } });
      const [r1, r2] = cluster.replicas as [Replica, Replica, Replica];
      const email = uniqueEmail("cluster-upstream");
      upstream.accounts.set("cluster-person", { email, preferred_username: "cluster person" });

      const jar = new CookieJar();
      const started = await fetch(`${r1.url}/api/auth/providers/corp/start?next=/sessions`, { redirect: "manual" });
      jar.take(started);
      expect(started.status).toBe(302);
      const back = new URL(
        await atUpstream(started.headers.get("location") as string, "cluster-person", new CookieJar()),
      );
      expect(back.origin + back.pathname).toBe(callback);
      const landed = await fetch(`${r2.url}${back.pathname}${back.search}`, {
        redirect: "manual",
        headers: { cookie: jar.header() },
      });
      jar.take(landed);
      expect(landed.status).toBe(302);
      expect(landed.headers.get("location")).toBe("/sessions");
      // Signed in, through nginx, on whichever replica answers.
      for (let i = 0; i < 3; i++) {
        const me = await fetch(`${cluster.url}/api/users/me`, { headers: { cookie: jar.header() } });
        expect(me.status).toBe(200);
        expect(((await me.json()) as { user: { email: string } }).user.email).toBe(email);
      }
    });

    test("12. the sample access rules through nginx: a public path, the 403 page without the group, the group's way in, a two-factor path by way of /step-up", async () => {
      const cluster = await startedCluster();
      const publicPage = await call(cluster, "/whoami/public/hello", { headers: { accept: "application/json" } });
      expect(publicPage.status).toBe(200);
      expect(publicPage.body).toEqual({ identity: null, path: "/whoami/public/hello" });

      const { jar, email } = await signedIn(cluster.url);
      const json = { accept: "application/json" };
      // Signed in, not in the group: nginx shows the dashboard's 403 page (an HTML page, whatever was asked).
      const refused = await call(cluster, "/whoami/admin/reports", { jar, headers: json });
      expect(refused.status).toBe(403);
      expect(refused.response.headers.get("content-type")).toContain("text/html");
      expect(refused.body).toContain("You may not reach this page");
      // The command line puts them in `admins`; the next request through any replica lets them in.
      const added = Bun.spawnSync([BINARY, "groups", "add", "admins", email], {
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          DATABASE_URL: realUrls.database as string,
          DATA_ENCRYPTION_KEY: TEST_DATA_KEY,
          NODE_ENV: "production",
          PUBLIC_URL: cluster.url,
          JWT_SECRET_KEY: "cluster-groups-command-secret-0123456789abcdef",
        },
        stderr: "pipe",
      });
      expect({ code: added.exitCode, stderr: added.exitCode === 0 ? "" : added.stderr.toString() }).toEqual({
        code: 0,
        stderr: "",
      });
      for (let i = 0; i < 3; i++) {
        const admitted = await call(cluster, "/whoami/admin/reports", { jar, headers: json });
        expect(admitted.status).toBe(200);
        expect(admitted.body.identity.groups.split(",")).toContain("admins");
        expect(admitted.body.headers["x-auth-user-groups"].split(",")).toContain("admins");
      }

      // Two factors wanted: a password's session goes to the step-up page, and back after it.
      const vault = await fetch(`${cluster.url}/whoami/vault/keys?x=1`, {
        headers: { cookie: jar.header() },
        redirect: "manual",
      });
      expect(vault.status).toBe(302);
      expect(vault.headers.get("location")).toBe("/step-up?next=/whoami/vault/keys?x=1");
      const post = (path: string, body: unknown) => call(cluster, path, { method: "POST", body, jar, csrf: true });
      const secret = (await post("/api/users/2fa/totp", { password: PASSWORD })).body.secret as string;
      const confirmed = await post("/api/users/2fa/totp/confirm", { code: totpCode(secret, Date.now()) });
      expect(confirmed.status).toBe(200);
      const recovery = confirmed.body.recovery_codes[0] as string;
      expect(
        (await fetch(`${cluster.url}/whoami/vault/keys`, { headers: { cookie: jar.header() }, redirect: "manual" }))
          .status,
      ).toBe(302);
      expect((await post("/api/users/login/step-up", { recovery_code: recovery })).status).toBe(200);
      const through = await call(cluster, "/whoami/vault/keys", { jar, headers: json });
      expect(through.status).toBe(200);
      expect(through.body.identity.email).toBe(email);
    });

    if (hasChromium)
      test("9. in Chromium: the sample service sends a signed-out browser to sign in, and it comes back signed in", async () => {
        const cluster = await startedCluster({ replicas: 2 });
        const email = uniqueEmail("whoami");
        await call(cluster, "/api/users/signup", {
          method: "POST",
          body: { username: "whoami_browser", email, password: PASSWORD },
        });
        const b = await openBrowser("desktop");
        cleanups.push(() => b.close());
        await b.page.goto(`${cluster.url}/whoami/?from=browser`);
        await b.page.waitForURL(`${cluster.url}/signin?next=/whoami/?from=browser`);
        await b.page.getByLabel("E-mail").fill(email);
        await b.page.getByLabel("Password", { exact: true }).fill(PASSWORD);
        await b.page.getByRole("button", { name: "Sign in", exact: true }).click();
        await b.page.waitForURL(`${cluster.url}/whoami/?from=browser`);
        await b.page.getByRole("heading", { name: "Signed in as whoami_browser" }).waitFor();
        expect(await b.page.getByRole("cell", { name: email }).count()).toBeGreaterThan(0);
        await b.shot("whoami");
        // The dashboard's own Sign out ends it for the service too.
        await b.page.goto(`${cluster.url}/`);
        await b.page.getByRole("button", { name: "Account menu" }).click();
        await b.page.getByRole("menuitem", { name: "Sign out everywhere" }).click();
        await b.page.waitForURL(/\/signin$/);
        await b.page.goto(`${cluster.url}/whoami/`);
        await b.page.waitForURL(`${cluster.url}/signin?next=/whoami/`);
      });
  });
} else leftOut("cluster/cluster", NEEDS.cluster);
