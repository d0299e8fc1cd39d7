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
    expect(count).toBe(1);
    expect(new Set(rings.map((ring) => ring.current().kid)).size).toBe(1);
    expect(rings[0]?.jwks()).toHaveLength(1);
  });

  test("a rotation: published at once, signing at activation, the old key retired after its grace", async () => {
    const ring = await createKeyring({ sql: db.sql, sealer, now, autoRefresh: false });
    const first = ring.current().kid;
    const { kid: second, activatesAt } = await rotateKeys(db.sql, sealer, { activateInSeconds: 60, now: clock.now });
    await ring.refresh();
    expect(ring.current().kid).toBe(first);
    expect(ring.jwks().map((k) => k.kid)).toEqual([second, first]);

    clock.now = activatesAt;
    expect(ring.current().kid).toBe(second);
    expect(ring.jwks().map((k) => k.kid)).toEqual([second, first]);
    clock.now = activatesAt + PREVIOUS_KEY_GRACE_SECONDS - 1;
    expect(ring.jwks().map((k) => k.kid)).toEqual([second, first]);
    clock.now = activatesAt + PREVIOUS_KEY_GRACE_SECONDS;
    expect(ring.jwks().map((k) => k.kid)).toEqual([second]);

    // The next rotation deletes the key nobody publishes any more.
    const third = await rotateKeys(db.sql, sealer, { activateInSeconds: 0, now: clock.now });
    expect(third.deleted).toBe(1);
    await ring.refresh();
    expect(ring.current().kid).toBe(third.kid);
    expect(ring.jwks().map((k) => k.kid)).toEqual([third.kid, second]);
  });

  test("a key rotated in within the same second as the one it replaces still takes over", async () => {
    const ring = await createKeyring({ sql: db.sql, sealer, now, autoRefresh: false });
    const { kid } = await rotateKeys(db.sql, sealer, { activateInSeconds: 0, now: clock.now });
    const again = await rotateKeys(db.sql, sealer, { activateInSeconds: 0, now: clock.now });
    await ring.refresh();
    expect(ring.current().kid).toBe(again.kid);
    expect(ring.jwks().map((k) => k.kid)).toEqual([again.kid, kid]);
  });

  test("by default a new key signs only after every replica and every JWKS cache (max-age) can have it", async () => {
    const ring = await createKeyring({ sql: db.sql, sealer, now, autoRefresh: false });
    const before = ring.current().kid;
    const { kid, activatesAt } = await rotateKeys(db.sql, sealer, { now: clock.now });
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
