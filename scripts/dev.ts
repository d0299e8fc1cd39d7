/**
 * `bun run dev`: builds the dashboard, rebuilds it when web/ changes, and runs the server in watch
 * mode (it restarts when src/ changes). Ctrl-C stops both.
 */
import { watch } from "node:fs";
import { join } from "node:path";
import { buildWeb, formatReport, WEB_DIR } from "../web/build.ts";

const root = join(import.meta.dir, "..");

async function rebuild(): Promise<void> {
  try {
    const report = await buildWeb();
    console.log(formatReport(report));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
  }
}

await rebuild();

let pending: Timer | undefined;
const schedule = () => {
  clearTimeout(pending);
  pending = setTimeout(() => void rebuild(), 100);
};
watch(WEB_DIR, { recursive: true }, (_event, file) => {
  if (file && !file.endsWith("build.ts")) schedule();
});
// The forms share their rules and sentences with the server; the languages translate both.
for (const shared of [
  "users/validation.ts",
  "http/messages.ts",
  "http/catalogue.ts",
  "http/user-agent.ts",
  "platform/languages.ts",
])
  watch(join(root, "src", shared), schedule);
watch(join(root, "languages"), { recursive: true }, schedule);

const server = Bun.spawn([process.execPath, "--watch", join(root, "src", "main.ts")], {
  cwd: root,
  stdio: ["inherit", "inherit", "inherit"],
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.kill(signal);
    void server.exited.then(() => process.exit(0));
  });
}
process.exitCode = await server.exited;
