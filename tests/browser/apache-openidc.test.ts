/**
 * A relying party nobody here wrote: Debian's Apache with mod_auth_openidc protects a static page
 * and signs in through the OpenID provider (discovery, the code flow with PKCE, the ID token and
 * userinfo, all checked by the module). In Chromium: the protected page sends a signed-out browser
 * to the dashboard's sign-in, the consent page, and back to the page, signed in; the module's
 * headers name the user. Apache runs here on a loopback port with a configuration of its own.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Subprocess } from "bun";
import { buildWeb } from "../../web/build.ts";
import { uniqueEmail } from "../helpers/backends.ts";
import { type BrowserSession, hasChromium, openBrowser } from "../helpers/chromium.ts";
import { leftOut, NEEDS } from "../helpers/left-out.ts";
import { call, cleanEnv, type Server, startServer } from "../helpers/process.ts";
import { eventually, freePort } from "../helpers/wait.ts";

setDefaultTimeout(60_000);

const ROOT = join(import.meta.dir, "..", "..");
const MODULES = "/usr/lib/apache2/modules";
const hasApache = existsSync("/usr/sbin/apache2") && existsSync(join(MODULES, "mod_auth_openidc.so"));
const PASSWORD = "apache passphrase 1";

/** `datta-dashboard clients add …` on DATA_DIR before the server holds it: its JSON. */
function addClient(dataDir: string, args: string[]): { client_id: string; client_secret: string } {
  const added = Bun.spawnSync([process.execPath, join(ROOT, "src", "main.ts"), "clients", "add", ...args], {
    env: cleanEnv({ DATA_DIR: dataDir }),
    stdout: "pipe",
    stderr: "pipe",
  });
  if (added.exitCode !== 0) throw new Error(`clients add: ${added.stderr.toString()}`);
  return JSON.parse(added.stdout.toString());
}

/** Apache's whole configuration: one loopback port, one page, mod_auth_openidc in front of it. */
function apacheConfig(dir: string, port: number, issuer: string, client: { client_id: string; client_secret: string }) {
  const running = process.getuid?.() === 0;
  return `ServerRoot ${dir}
ServerName 127.0.0.1
Listen 127.0.0.1:${port}
PidFile ${dir}/httpd.pid
ErrorLog ${dir}/error.log
LogLevel warn
LoadModule mpm_event_module ${MODULES}/mod_mpm_event.so
LoadModule authn_core_module ${MODULES}/mod_authn_core.so
LoadModule authz_core_module ${MODULES}/mod_authz_core.so
LoadModule authz_user_module ${MODULES}/mod_authz_user.so
LoadModule headers_module ${MODULES}/mod_headers.so
LoadModule mime_module ${MODULES}/mod_mime.so
LoadModule dir_module ${MODULES}/mod_dir.so
LoadModule auth_openidc_module ${MODULES}/mod_auth_openidc.so
${running ? "User nobody\nGroup nogroup" : ""}
TypesConfig /etc/mime.types
DirectoryIndex index.html
DocumentRoot ${dir}/www
<Directory />
  AllowOverride None
</Directory>
<Directory ${dir}/www>
  Require all granted
</Directory>
OIDCProviderMetadataURL ${issuer}/.well-known/openid-configuration
OIDCClientID ${client.client_id}
OIDCClientSecret ${client.client_secret}
OIDCRedirectURI http://127.0.0.1:${port}/protected/callback
OIDCCryptoPassphrase ${crypto.randomUUID()}
OIDCScope "openid email profile"
OIDCPKCEMethod S256
OIDCRemoteUserClaim email
<Location /protected/>
  AuthType openid-connect
  Require valid-user
  Header always set X-Signed-In-As "%{OIDC_CLAIM_email}e"
</Location>
`;
}

if (hasChromium && hasApache) {
  let server: Server;
  let apache: Subprocess;
  let apacheUrl: string;
  let dir: string;
  const email = uniqueEmail("apache");
  beforeAll(async () => {
    await buildWeb();
    dir = await mkdtemp(join(tmpdir(), "datta-apache-"));
    const dataDir = join(dir, "data");
    await mkdir(dataDir);
    const port = await freePort();
    const issuer = `http://127.0.0.1:${port}`;
    const apachePort = await freePort();
    apacheUrl = `http://127.0.0.1:${apachePort}`;
    const client = addClient(dataDir, [
      "--name",
      "The team wiki (Apache)",
      "--redirect-uri",
      `${apacheUrl}/protected/callback`,
      "--scope",
      "openid email profile",
    ]);
    server = await startServer({ DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: issuer });
    const signup = await call(server, "/api/users/signup", {
      method: "POST",
      body: { username: "apache_user", email, password: PASSWORD },
    });
    expect(signup.status).toBe(201);
    // Apache's files: readable by the user it runs as (nobody, when started as root).
    await mkdir(join(dir, "www", "protected"), { recursive: true });
    await writeFile(
      join(dir, "www", "protected", "index.html"),
      '<!doctype html><html lang="en"><title>Team wiki</title><h1>The team wiki</h1><p>Only for signed-in people.</p></html>',
    );
    await writeFile(join(dir, "httpd.conf"), apacheConfig(dir, apachePort, issuer, client));
    for (const path of [dir, join(dir, "www"), join(dir, "www", "protected")]) await chmod(path, 0o755);
    // The run's temporary folder is its user's alone: Apache's user may pass through it (0711, not list it).
    await chmod(dirname(dir), 0o711);
    await chmod(join(dir, "www", "protected", "index.html"), 0o644);
    apache = Bun.spawn(["/usr/sbin/apache2", "-f", join(dir, "httpd.conf"), "-DFOREGROUND"], {
      stdout: "pipe",
      stderr: "pipe",
    });
    await eventually(
      () =>
        fetch(`${apacheUrl}/`, { redirect: "manual" }).then(
          () => true,
          () => false,
        ),
      15_000,
    ).catch(async (error) => {
      apache.kill();
      throw new Error(`apache2 did not start: ${await new Response(apache.stderr as ReadableStream).text()} ${error}`);
    });
  }, 90_000);
  afterAll(async () => {
    apache?.kill("SIGTERM");
    await apache?.exited;
    await server?.stop();
  });

  describe("Apache mod_auth_openidc in front of a page", () => {
    let b: BrowserSession;
    beforeAll(async () => {
      b = await openBrowser("desktop", "light");
    });
    afterAll(async () => {
      await b?.close();
    });

    test("signed out: Apache sends the browser to this server's authorization endpoint, with PKCE S256", async () => {
      const away = await fetch(`${apacheUrl}/protected/`, { redirect: "manual" });
      expect(away.status).toBe(302);
      const to = new URL(away.headers.get("location") as string);
      expect(to.origin + to.pathname).toBe(`${server.url}/oidc/auth`);
      expect(to.searchParams.get("code_challenge_method")).toBe("S256");
      expect(to.searchParams.get("response_type")).toBe("code");
    });

    test("in Chromium: sign in on the dashboard, allow, and the page is there, Apache naming the user", async () => {
      const { page } = b;
      const seen: string[] = [];
      page.on("response", (response) => {
        const who = response.headers()["x-signed-in-as"];
        if (who) seen.push(who);
      });
      await page.goto(`${apacheUrl}/protected/`);
      await page.waitForURL(/\/signin\?next=/);
      await page.getByLabel("E-mail").fill(email);
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await page.waitForURL(/\/consent\//);
      await page.getByRole("heading", { name: "Allow The team wiki (Apache) to use your account?" }).waitFor();
      await page.getByRole("button", { name: "Allow" }).click();
      await page.waitForURL(`${apacheUrl}/protected/`);
      await page.getByRole("heading", { name: "The team wiki" }).waitFor();
      expect(seen).toContain(email);
      await b.shot("apache-protected");
      expect(b.problems).toEqual([]);
    });
  });
} else leftOut("browser/apache-openidc", NEEDS.apache);
