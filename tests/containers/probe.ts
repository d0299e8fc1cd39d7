/**
 * Run inside a container on a stack's network (tests/containers/swarm.test.ts): signs a user up
 * and in at BASE, prints "started", then GETs /api/users/me from 4 loops until its standard input
 * says "stop" (or ends), and prints {made, failures} as JSON. What a browser sees, from inside.
 */
export {};

const base = process.argv[2] ?? "http://tasks.nginx";
const email = `probe${crypto.randomUUID().slice(0, 8)}@example.com`;
const password = "probe passphrase 1";
const post = (path: string, body: unknown) =>
  fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
const signup = await post("/api/users/signup", { username: email.slice(0, 13), email, password });
if (signup.status !== 201) throw new Error(`sign-up ${signup.status}`);
const login = await post("/api/users/login", { email, password });
if (login.status !== 200) throw new Error(`sign-in ${login.status}`);
const cookie = login.headers
  .getSetCookie()
  .map((c) => c.split(";")[0])
  .join("; ");

let stopping = false;
void (async () => {
  for await (const chunk of Bun.stdin.stream()) if (new TextDecoder().decode(chunk).includes("stop")) break;
  stopping = true;
})();

let made = 0;
const failures: string[] = [];
console.log("started");
await Promise.all(
  Array.from({ length: 4 }, async () => {
    while (!stopping) {
      made++;
      const status = await fetch(`${base}/api/users/me`, { headers: { cookie }, signal: AbortSignal.timeout(15_000) })
        .then(async (r) => {
          await r.arrayBuffer();
          return r.status;
        })
        .catch((error: unknown) => String(error));
      if (status !== 200) failures.push(String(status));
    }
  }),
);
console.log(JSON.stringify({ made, failures }));
process.exit(0);
