/**
 * `make`, run at the first call only; every call gets what that one gave. For a module loaded on
 * first use (`once(() => import("nodemailer"))`): a process that never needs it never holds it.
 */
export function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}
