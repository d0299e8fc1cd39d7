/**
 * Signing keys on a database of their own (a fresh embedded one): replicas starting at once make
 * one first key, and a rotation publishes, activates and retires keys on the clock.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { loadMigrations, migrate } from "../../src/platform/db/migrate.ts";
import { openPglite } from "../../src/platform/db/pglite.ts";
import { cachedSeed } from "../../src/platform/db/seed.ts";
import type { Database } from "../../src/platform/db/sql.ts";
import {
  createKeyring,
  JWKS_MAX_AGE_SECONDS,
  KEY_ALGS,
  PREVIOUS_KEY_GRACE_SECONDS,
  REFRESH_SECONDS,
  rotateKeys,
} from "../../src/platform/keys/keyring.ts";
import { createSealer } from "../../src/platform/sealed.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const sealer = createSealer(["unit-test-data-encryption-key-32-bytes!"]);

describe("signing keys", () => {
  let db: Database;
  const clock = { now: 1_900_000_000 };
  const now = () => clock.now;
  beforeAll(async () => {
    const migrations = await loadMigrations();
    db = await openPglite(undefined, { seed: await cachedSeed(migrations) });
    await migrate(db.sql, migrations);
  });
  afterAll(() => db.close());

  test("three replicas starting at once make one key and all sign with it", async () => {
    const rings = await Promise.all(
      [1, 2, 3].map(() => createKeyring({ sql: db.sql, sealer, now, autoRefresh: false })),
    );
    const [{ count }] = (await db.sql`select count(*)::int as count from signing_keys`) as [{ count: number }];
    expect(count).toBe(2);
    for (const alg of KEY_ALGS) expect(new Set(rings.map((ring) => ring.current(alg).kid)).size).toBe(1);
    expect(rings[0]?.jwks().map((key) => key.alg)).toEqual(["EdDSA", "RS256"]);
    // A signer is handed each algorithm's current key, never a pending one.
    const ring = rings[0] as (typeof rings)[number];
    expect(ring.usable().map((key) => key.kid)).toEqual([ring.current("EdDSA").kid, ring.current("RS256").kid]);
  });

  test.each(KEY_ALGS)(
    "a rotation of %s: published at once, signing at activation, the old key retired after its grace",
    async (alg) => {
      const ring = await createKeyring({ sql: db.sql, sealer, now, autoRefresh: false });
      const published = () =>
        ring
          .jwks()
          .filter((key) => key.alg === alg)
          .map((key) => key.kid);
      const first = ring.current(alg).kid;
      const rotated = await rotateKeys(db.sql, sealer, { activateInSeconds: 60, now: clock.now });
      const second = rotated.kids[alg];
      await ring.refresh();
      expect(ring.current(alg).kid).toBe(first);
      expect(published()).toEqual([second, first]);
      expect(ring.usable().map((key) => key.kid)).not.toContain(second);
      const generation = ring.generation();

      clock.now = rotated.activatesAt;
      expect(ring.current(alg).kid).toBe(second);
      expect(published()).toEqual([second, first]);
      // The signer's keys changed: the new one first, the old one kept to verify what it signed.
      expect(ring.generation()).not.toBe(generation);
      expect(
        ring
          .usable()
          .filter((key) => key.alg === alg)
          .map((key) => key.kid),
      ).toEqual([second, first]);
      clock.now = rotated.activatesAt + PREVIOUS_KEY_GRACE_SECONDS - 1;
      expect(published()).toEqual([second, first]);
      clock.now = rotated.activatesAt + PREVIOUS_KEY_GRACE_SECONDS;
      expect(published()).toEqual([second]);
      expect(
        ring
          .usable()
          .filter((key) => key.alg === alg)
          .map((key) => key.kid),
      ).toEqual([second]);

      // The next rotation deletes the keys nobody publishes any more (one of each algorithm).
      const third = await rotateKeys(db.sql, sealer, { activateInSeconds: 0, now: clock.now });
      expect(third.deleted).toBe(KEY_ALGS.length);
      await ring.refresh();
      expect(ring.current(alg).kid).toBe(third.kids[alg]);
      expect(published()).toEqual([third.kids[alg], second]);
      clock.now += 3600;
    },
  );

  test("a key rotated in within the same second as the one it replaces still takes over", async () => {
    const ring = await createKeyring({ sql: db.sql, sealer, now, autoRefresh: false });
    const { kids } = await rotateKeys(db.sql, sealer, { activateInSeconds: 0, now: clock.now });
    const again = await rotateKeys(db.sql, sealer, { activateInSeconds: 0, now: clock.now });
    await ring.refresh();
    expect(ring.current().kid).toBe(again.kids.EdDSA);
    expect(ring.current("RS256").kid).toBe(again.kids.RS256);
    expect(ring.jwks().map((k) => k.kid)).toEqual([again.kids.EdDSA, kids.EdDSA, again.kids.RS256, kids.RS256]);
  });

  test("by default a new key signs only after every replica and every JWKS cache (max-age) can have it", async () => {
    const ring = await createKeyring({ sql: db.sql, sealer, now, autoRefresh: false });
    const before = ring.current().kid;
    const {
      kids: { EdDSA: kid },
      activatesAt,
    } = await rotateKeys(db.sql, sealer, { now: clock.now });
    expect(activatesAt - clock.now).toBeGreaterThanOrEqual(JWKS_MAX_AGE_SECONDS + REFRESH_SECONDS);
    await ring.refresh();
    expect(ring.jwks().map((k) => k.kid)).toContain(kid);
    clock.now = activatesAt - 1;
    expect(ring.current().kid).toBe(before);
    clock.now = activatesAt;
    expect(ring.current().kid).toBe(kid);
  });

  test("a keyring whose DATA_ENCRYPTION_KEY cannot open the keys refuses to start", async () => {
    const other = createSealer(["another-data-encryption-key-of-32-bytes"]);
    await expect(createKeyring({ sql: db.sql, sealer: other, now, autoRefresh: false })).rejects.toThrow(
      /not in DATA_ENCRYPTION_KEY/,
    );
  });
});

describe("signing keys of a version before the RSA ring", () => {
  test("an upgrade adds the RSA key dated before every key there, so an older replica never signs with it", async () => {
    const migrations = await loadMigrations();
    const db = await openPglite(undefined, { seed: await cachedSeed(migrations) });
    try {
      await migrate(db.sql, migrations);
      const ring = await createKeyring({ sql: db.sql, sealer, now: () => 1_900_000_000, autoRefresh: false });
      await db.sql`delete from signing_keys where alg = 'RS256'`;
      const ed25519 = ring.current().kid;
      const upgraded = await createKeyring({ sql: db.sql, sealer, now: () => 1_900_000_100, autoRefresh: false });
      // What the version before reads: every key, newest activation first, and signs with the first.
      const [newest] = await db.sql<{ kid: string }>`select kid from signing_keys order by activates_at desc limit 1`;
      expect(newest?.kid).toBe(ed25519);
      expect(upgraded.current().kid).toBe(ed25519);
      expect(upgraded.current("RS256").alg).toBe("RS256");
    } finally {
      await db.close();
    }
  });
});
