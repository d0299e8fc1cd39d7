import { link, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
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
  return generatedSecret(config.dataDir, "jwt-secret");
}

/**
 * DATA_ENCRYPTION_KEY as a list (the first seals). Production requires it (config.ts); elsewhere
 * one key is generated once into DATA_DIR/data-encryption-key (0600), so what it sealed stays readable.
 */
export async function resolveDataEncryptionKeys(
  config: Config,
): Promise<{ keys: string[]; source: ResolvedSecret["source"] }> {
  if (config.dataEncryptionKeys !== undefined) return { keys: config.dataEncryptionKeys, source: "environment" };
  const { secret, source } = await generatedSecret(config.dataDir, "data-encryption-key");
  return { keys: [secret], source };
}

/** A random secret kept in `dir/name`, made on first use. */
async function generatedSecret(dir: string, name: string): Promise<ResolvedSecret> {
  const file = join(dir, name);
  const existing = await readFile(file, "utf8").catch(() => undefined);
  if (existing !== undefined && existing.trim().length >= 43) return { secret: existing.trim(), source: "data-dir" };

  await mkdir(dir, { recursive: true, mode: 0o700 });
  const secret = Buffer.from(crypto.getRandomValues(new Uint8Array(48))).toString("base64url");
  // Written aside, then linked into place: a crash never leaves a half-written key, and of two
  // processes starting at once the first link wins and the other reads that key.
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${secret}\n`, { mode: 0o600 });
  try {
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const winner = (await readFile(file, "utf8")).trim();
    if (winner.length < 43) throw new Error(`${file} holds no usable key; remove it to make a new one`);
    return { secret: winner, source: "data-dir" };
  } finally {
    await unlink(temporary).catch(() => {});
  }
  return { secret, source: "generated" };
}
