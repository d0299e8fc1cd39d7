/** argon2id hashing with bounded concurrency: a flood queues, and past the queue gets BusyError. */
import { describe, expect, test } from "bun:test";
import { BusyError } from "../../src/platform/errors.ts";
import { createPasswordHasher } from "../../src/users/password.ts";

describe("password hasher", () => {
  test("hashes with argon2id at 19 MiB, t=2, and verifies", async () => {
    const hasher = createPasswordHasher();
    const hash = await hasher.hash("correct horse");
    expect(hash).toStartWith("$argon2id$v=19$m=19456,t=2,p=1$");
    expect(await hasher.verify("correct horse", hash)).toBe(true);
    expect(await hasher.verify("wrong horse", hash)).toBe(false);
  });

  test("an unknown user (no hash) is always false", async () => {
    expect(await createPasswordHasher().verify("anything", null)).toBe(false);
  });

  test("at most `concurrency` at once; the queue is bounded and the overflow is refused", async () => {
    const hasher = createPasswordHasher({ concurrency: 1, maxQueue: 2 });
    const started = [hasher.hash("a-password-1"), hasher.hash("a-password-2"), hasher.hash("a-password-3")];
    await expect(hasher.hash("a-password-4")).rejects.toBeInstanceOf(BusyError);
    const hashes = await Promise.all(started);
    expect(hashes).toHaveLength(3);
    // Slots are given back: the hasher works again once the flood has passed.
    expect(await hasher.verify("a-password-1", hashes[0] as string)).toBe(true);
  });

  test("with one slot the hashes run one after another", async () => {
    const hasher = createPasswordHasher({ concurrency: 1, maxQueue: 10 });
    const order: string[] = [];
    await Promise.all(
      ["x1-password", "x2-password", "x3-password"].map((p) => hasher.hash(p).then(() => order.push(p))),
    );
    expect(order).toEqual(["x1-password", "x2-password", "x3-password"]);
  });
});
