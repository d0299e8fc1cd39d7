import { type Dependency, UnavailableError } from "./errors.ts";

/**
 * A deadline for every call to a dependency: a database or store that accepts connections but
 * stops answering must give 503 within 2 s, never a hang. A client's own timeouts do not cover a
 * command already sent over a connection that has gone silent; this does.
 *
 * One sweep timer per dependency instead of one timer per call: a call is a set entry, and the
 * sweep (every `ms / 10`) rejects those past their time. A call's answer arriving later is dropped.
 */
export type Deadline = <T>(work: Promise<T>) => Promise<T>;

export function createDeadline(dependency: Dependency, ms: number, now: () => number = performance.now): Deadline {
  interface Pending {
    started: number;
    reject(error: unknown): void;
  }
  const pending = new Set<Pending>();
  let sweep: ReturnType<typeof setInterval> | undefined;

  const startSweep = () => {
    sweep = setInterval(
      () => {
        const late = now() - ms;
        for (const call of pending) {
          if (call.started > late) continue;
          pending.delete(call);
          call.reject(new UnavailableError(dependency, { cause: new Error(`no answer within ${ms} ms`) }));
        }
        if (pending.size === 0) {
          clearInterval(sweep);
          sweep = undefined;
        }
      },
      Math.max(10, ms / 10),
    );
    sweep.unref?.();
  };

  return <T>(work: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const call: Pending = { started: now(), reject };
      pending.add(call);
      if (sweep === undefined) startSweep();
      work.then(
        (value) => {
          if (pending.delete(call)) resolve(value);
        },
        (error: unknown) => {
          if (pending.delete(call)) reject(error);
        },
      );
    });
}
