/** The single binary, built once per test run by the same script as `bun run build`. */
import { join } from "node:path";
import { BINARY } from "../../scripts/cluster.ts";

export { BINARY };

let built: Promise<string> | undefined;

export function ensureBinary(): Promise<string> {
  built ??= (async () => {
    const proc = Bun.spawn([process.execPath, join(import.meta.dir, "..", "..", "scripts", "build.ts")], {
      stdout: "pipe",
      stderr: "pipe",
    });
    if ((await proc.exited) !== 0) throw new Error(`bun run build failed:\n${await new Response(proc.stderr).text()}`);
    return BINARY;
  })();
  return built;
}
