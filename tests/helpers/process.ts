/**
 * Starts the real server (src/main.ts) as a child process on a free port and talks to it over
 * real HTTP, as a browser or curl would.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { uniqueEmail } from "./backends.ts";
import { CookieJar } from "./cookie-jar.ts";
import { linkToken } from "./mail.ts";
import { eventually } from "./wait.ts";

const ROOT = join(import.meta.dir, "..", "..");

export interface Server {
  url: string;
  proc: Subprocess<"ignore", "pipe", "pipe">;
  lines: string[];
  stop(signal?: NodeJS.Signals): Promise<number>;
}

/** Only what the server should see: no DATABASE_URL or REDIS_URL unless given. */
export function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    NODE_ENV: "development",
  };
  return { ...env, ...extra };
}

export async function startServer(env: Record<string, string>, timeoutMs = 20_000): Promise<Server> {
  const proc = Bun.spawn([process.execPath, join(ROOT, "src", "main.ts")], {
    cwd: ROOT,
    env: cleanEnv({ PORT: "0", ...env }),
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const lines: string[] = [];
  const reader = proc.stdout.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  const deadline = Date.now() + timeoutMs;
  let url: string | undefined;
  while (!url) {
    if (Date.now() > deadline) {
      proc.kill();
      throw new Error(`server did not start:\n${lines.join("\n")}`);
    }
    const { done, value } = await reader.read();
    if (done) throw new Error(`server exited: ${await new Response(proc.stderr).text()}\n${lines.join("\n")}`);
    buffered += decoder.decode(value, { stream: true });
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    for (const line of parts) {
      lines.push(line);
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === "listening") url = entry.url;
    }
  }
  // Keep draining stdout so the child never blocks on a full pipe.
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      lines.push(...decoder.decode(value).split("\n").filter(Boolean));
    }
  })();
  return {
    url: url.replace("localhost", "127.0.0.1"),
    proc,
    lines,
    async stop(signal = "SIGTERM") {
      proc.kill(signal);
      return proc.exited;
    },
  };
}

/** fetch with a cookie jar and the dashboard's CSRF habit. */
export async function call(
  server: Pick<Server, "url">,
  path: string,
  options: { method?: string; body?: unknown; jar?: CookieJar; csrf?: boolean; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; response: Response }> {
  const headers = new Headers(options.headers);
  if (options.body !== undefined) headers.set("content-type", "application/json");
  if (options.jar?.cookies.size) headers.set("cookie", options.jar.header());
  const csrf = options.jar?.get("csrf_access_token");
  if (options.csrf && csrf) headers.set("x-csrf-token", csrf);
  const response = await fetch(server.url + path, {
    method: options.method ?? "GET",
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  options.jar?.take(response);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (the SPA page)
  }
  return { status: response.status, body, response };
}

/** A new account signed up and in at `server` over HTTP (its cookies in the jar), as a browser would. */
export async function signedInAt(
  server: Pick<Server, "url">,
  password: string,
  label = "user",
): Promise<{ jar: CookieJar; email: string }> {
  const email = uniqueEmail(label);
  const signup = await call(server, "/api/users/signup", {
    method: "POST",
    body: { username: label, email, password },
  });
  if (signup.status !== 201) throw new Error(`sign-up: ${signup.status}`);
  const jar = new CookieJar();
  const login = await call(server, "/api/users/login", { method: "POST", body: { email, password }, jar });
  if (login.status !== 200) throw new Error(`sign-in: ${login.status}`);
  return { jar, email };
}

/**
 * The token of the newest `page` link (verify-email, reset-password) mailed to `email` by a server
 * with no SMTP_URL: its worker writes each message as an .eml file in DATA_DIR/outbox.
 */
export async function linkFromOutbox(
  dataDir: string,
  email: string,
  page: "verify-email" | "reset-password",
): Promise<string> {
  const outbox = join(dataDir, "outbox");
  let token = "";
  await eventually(async () => {
    for (const file of (await readdir(outbox).catch(() => [] as string[])).sort()) {
      const raw = await Bun.file(join(outbox, file)).text();
      if (raw.includes(email) && raw.includes(`/${page}#token=`))
        token = linkToken({ to: [email], raw, subject: "" }, page);
    }
    return token !== "";
  }, 10_000);
  return token;
}

/**
 * An admin of a server started with ADMIN_EMAILS naming `email`: signed up, and its address
 * confirmed through the link in DATA_DIR's outbox (the confirmation is what makes it an admin).
 */
export async function confirmedAdmin(server: Server, dataDir: string, email: string, password: string): Promise<void> {
  const made = await call(server, "/api/users/signup", {
    method: "POST",
    body: {
      username: email
        .split("@")[0]
        ?.replace(/[^a-z0-9_]/gi, "_")
        .slice(0, 30),
      email,
      password,
    },
  });
  if (made.status !== 201) throw new Error(`sign-up: ${made.status}`);
  const token = await linkFromOutbox(dataDir, email, "verify-email");
  const confirmed = await call(server, "/api/users/email/verify", { method: "POST", body: { token } });
  if (confirmed.body?.user?.role !== "admin") throw new Error(`not an admin: is ${email} in ADMIN_EMAILS?`);
}

/** `bun src/main.ts ARGS` (a command besides serving), to its end: its exit code and what it printed. */
export async function runMain(
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number; stderr: string; stdout: string }> {
  const proc = Bun.spawn([process.execPath, join(ROOT, "src", "main.ts"), ...args], {
    env: cleanEnv(env),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [code, stderr, stdout] = await Promise.all([
    proc.exited,
    new Response(proc.stderr).text(),
    new Response(proc.stdout).text(),
  ]);
  return { code, stderr, stdout };
}
