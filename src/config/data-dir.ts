/**
 * DATA_DIR holds what must stay private: the embedded database (password hashes), generated keys.
 * It is created 0700 and everything in it 0600/0700 (the process umask is 077); the server refuses
 * to start when another user could write to it, and tightens files an older version left readable.
 */
import { unlinkSync } from "node:fs";
import { chmod, mkdir, readdir, readFile, stat, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ConfigError } from "./config.ts";

/** Group or others may write: somebody else could replace the database or plant a key. */
const WRITABLE_BY_OTHERS = 0o022;
/** Group or others may read or enter. */
const OPEN_TO_OTHERS = 0o077;

export async function prepareDataDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const info = await stat(dir);
  const mode = info.mode & 0o777;
  if (mode & WRITABLE_BY_OTHERS) {
    throw new ConfigError(
      "DATA_DIR",
      `(${dir}) is writable by other users (mode ${mode.toString(8)}); run chmod 700 on it, or choose another`,
    );
  }
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) {
    throw new ConfigError("DATA_DIR", `(${dir}) belongs to another user (uid ${info.uid}); it must be this user's own`);
  }
  if (mode & OPEN_TO_OTHERS) await chmod(dir, 0o700);
}

/**
 * Makes a directory tree private (0700 directories, 0600 files) when its `sentinel` file shows it
 * is not: the embedded database's own files come out 0666 from PGlite's file system layer whatever
 * the umask, and an earlier version left them so. Cheap when already private: one stat.
 */
export async function keepPrivate(path: string, sentinel: string): Promise<void> {
  const probe = await stat(join(path, sentinel)).catch(() => null);
  if (probe && probe.mode & OPEN_TO_OTHERS) await tighten(path);
}

async function tighten(path: string): Promise<void> {
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  await chmod(path, 0o700);
  // All at once: a thousand files one after another took a quarter of a second.
  await Promise.all(
    entries
      .filter((entry) => !entry.isSymbolicLink())
      .map((entry) => chmod(join(entry.parentPath, entry.name), entry.isDirectory() ? 0o700 : 0o600)),
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * One process at a time on the embedded database: PGlite takes no lock of its own, and two
 * processes on one directory would corrupt it (a server and `keys rotate`, or two servers).
 * `DATA_DIR/lock` holds the owner's pid and goes at exit; one left by a process that died is taken
 * over (as is one holding this very pid: a restarted container, or `bun --watch` reloading).
 */
export async function lockDataDir(dir: string): Promise<void> {
  const file = join(dir, "lock");
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(file, `${process.pid}\n`, { flag: "wx", mode: 0o600 });
      process.once("exit", () => {
        try {
          unlinkSync(file);
        } catch {
          // already gone
        }
      });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number((await readFile(file, "utf8").catch(() => "")).trim());
      if (Number.isSafeInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new ConfigError(
          "DATA_DIR",
          `(${dir}) is in use by process ${owner}; stop it first (the embedded database takes one process at a time)`,
        );
      }
      await unlink(file).catch(() => {});
    }
  }
  throw new ConfigError("DATA_DIR", `(${dir}): could not take its lock`);
}
