import { BusyError } from "../platform/errors.ts";

/** argon2id at the OWASP minimum: 19 MiB of memory, 2 iterations, 1 lane. */
export const ARGON2_PARAMS = { algorithm: "argon2id", memoryCost: 19456, timeCost: 2 } as const;

/**
 * A hash of a random string nobody knows, with the same parameters. A login for an unknown
 * e-mail verifies against it, so both failures cost one argon2id verification.
 */
const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$BGfA3eUo6R/xTFibkGAoTOcPM5LWcBiAaq4LF24YVpo$rFvXDO0knHSoVc+Ptpo1eKPulzHgbQ953QYQuDYLv6A";

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password; with no stored hash (unknown user) it still spends the same work. */
  verify(password: string, storedHash: string | null): Promise<boolean>;
  /** Hashes running now and callers waiting for a slot (for /metrics). */
  load?(): { running: number; waiting: number };
}

export interface PasswordHasherOptions {
  /** Hashes running at once: one per core by default. */
  concurrency?: number;
  /** Callers waiting for a slot; one more gets BusyError (503). */
  maxQueue?: number;
}

/**
 * Bun.password on its thread pool, with a semaphore: at most `concurrency` argon2id runs (19 MiB
 * each) at once, then a bounded queue. A login flood waits or gets 503, and memory stays bounded.
 */
export function createPasswordHasher(options: PasswordHasherOptions = {}): PasswordHasher {
  const concurrency = Math.max(1, options.concurrency ?? navigator.hardwareConcurrency ?? 1);
  const maxQueue = options.maxQueue ?? 64;
  let running = 0;
  const waiting: Array<() => void> = [];

  /**
   * Runs `work` in a free slot, or queues it. A finishing hash starts the next queued one itself,
   * in its own completion, so a core never waits for the event loop to hand its slot over.
   */
  function withSlot<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        running++;
        work()
          .then(resolve, reject)
          .finally(() => {
            running--;
            waiting.shift()?.();
          });
      };
      if (running < concurrency) start();
      else if (waiting.length >= maxQueue) reject(new BusyError(1));
      else waiting.push(start);
    });
  }

  return {
    hash: (password) => withSlot(() => Bun.password.hash(password, ARGON2_PARAMS)),
    verify: (password, storedHash) =>
      withSlot(async () => {
        const valid = await Bun.password.verify(password, storedHash ?? DUMMY_HASH, "argon2id");
        return storedHash !== null && valid;
      }),
    load: () => ({ running, waiting: waiting.length }),
  };
}
