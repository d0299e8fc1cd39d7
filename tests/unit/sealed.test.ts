/** Secrets at rest: sealed with the first key, opened by any, bound to their context, tamper-evident. */
import { describe, expect, test } from "bun:test";
import { createSealer, SealedError } from "../../src/platform/sealed.ts";

const A = "a-data-encryption-key-of-at-least-32-bytes";
const B = "b-data-encryption-key-of-at-least-32-bytes";

describe("sealer", () => {
  test("seal then open gives the plaintext back; the sealed text never holds it", () => {
    const sealer = createSealer([A]);
    const sealed = sealer.seal("the secret value", "row:1");
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain("secret");
    expect(sealer.open(sealed, "row:1").toString()).toBe("the secret value");
    // A fresh nonce each time: the same plaintext never seals the same way twice.
    expect(sealer.seal("the secret value", "row:1")).not.toBe(sealed);
  });

  test("another context, an altered byte, or an unknown key: refused", () => {
    const sealer = createSealer([A]);
    const sealed = sealer.seal(new Uint8Array([1, 2, 3]), "row:1");
    expect(() => sealer.open(sealed, "row:2")).toThrow(SealedError);
    const body = sealed.split(".")[3] as string;
    const flipped = sealed.slice(0, -body.length) + (body[0] === "A" ? "B" : "A") + body.slice(1);
    expect(() => sealer.open(flipped, "row:1")).toThrow(SealedError);
    expect(() => createSealer([B]).open(sealed, "row:1")).toThrow(/not in DATA_ENCRYPTION_KEY/);
    expect(() => sealer.open("v1.x.y", "row:1")).toThrow(SealedError);
    expect(() => sealer.open("plain text", "row:1")).toThrow(SealedError);
  });

  test("rotation: a new key first seals; the old one, still listed, opens what it sealed", () => {
    const old = createSealer([A]).seal("kept", "row:1");
    const rotated = createSealer([B, A]);
    expect(rotated.open(old, "row:1").toString()).toBe("kept");
    const fresh = rotated.seal("new", "row:1");
    expect(fresh.split(".")[1]).not.toBe(old.split(".")[1]);
    expect(() => createSealer([A]).open(fresh, "row:1")).toThrow(SealedError);
    expect(createSealer([B]).open(fresh, "row:1").toString()).toBe("new");
  });
});
