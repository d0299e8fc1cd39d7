import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Config } from "./config.ts";

export interface ResolvedSecret {
  secret: string;
  /** Where it came from, for the start-up line (never the value itself). */
  source: "environment" | "generated" | "data-dir";
}

/**
 * The JWT signing key. Production requires JWT_SECRET_KEY (checked in config.ts); elsewhere a key
 * is generated once and kept in DATA_DIR/jwt-secret (mode 0600), so restarting the development
 * server does not sign everybody out.
 */
export async function resolveJwtSecret(config: Config): Promise<ResolvedSecret> {
  if (config.jwtSecret !== undefined) return { secret: config.jwtSecret, source: "environment" };

  const file = join(config.dataDir, "jwt-secret");
  const existing = await readFile(file, "utf8").catch(() => undefined);
  if (existing !== undefined && existing.trim().length >= 43) return { secret: existing.trim(), source: "data-dir" };

  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const secret = Buffer.from(crypto.getRandomValues(new Uint8Array(48))).toString("base64url");
  // Write-then-rename: a crash never leaves a half-written key behind.
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${secret}\n`, { mode: 0o600 });
  await rename(temporary, file);
  return { secret, source: "generated" };
}
