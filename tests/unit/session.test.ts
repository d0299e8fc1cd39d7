/**
 * The session service on its own, with no HTTP framework: start, authenticate (CSRF, revocation,
 * the user, renewal), revoke and end, on a fake clock with the in-process store.
 */
import { describe, expect, test } from "bun:test";
import type { RequestMeta } from "../../src/http/context.ts";
import { UnavailableError } from "../../src/platform/errors.ts";
import { createMemoryStore } from "../../src/platform/store/memory.ts";
import type { Blocklist } from "../../src/platform/store/store.ts";
import type { EndReason, SessionRecord, SessionRecords } from "../../src/session/records.ts";
import { createSessionService, type PresentedToken, type SessionUser } from "../../src/session/service.ts";
import { createTokenService } from "../../src/session/tokens.ts";

const META: RequestMeta = { ip: "127.0.0.1", userAgent: "test" };

function setup(blocklist?: Blocklist) {
  const clock = { now: 1_800_000_000 };
  const tokens = createTokenService({
    secret: "unit-test-secret-of-at-least-32-bytes",
    ttlSeconds: 900,
    sessionMaxAgeSeconds: 3600,
    now: () => clock.now,
  });
  const store = createMemoryStore({ now: () => clock.now * 1000 });
  const byPublicId = new Map<string, SessionUser>();
  const user: SessionUser = { id: "1", public_id: crypto.randomUUID() };
  byPublicId.set(user.public_id, user);
  // The sessions' rows, kept in a Map (records.ts itself is tested through the API on both backends).
  const rows = new Map<string, SessionRecord & { ended: boolean; reason?: EndReason }>();
  const records: SessionRecords = {
    async create({ sid, kind, method, expiresAt }) {
      const at = new Date(clock.now * 1000).toISOString();
      rows.set(sid, {
        id: sid,
        kind,
        method,
        created_at: at,
        last_seen_at: at,
        ip: null,
        user_agent: null,
        expires_at: expiresAt,
        ended: false,
      });
    },
    async touch(sid) {
      const row = rows.get(sid);
      if (!row || row.ended) return false;
      row.last_seen_at = new Date(clock.now * 1000).toISOString();
      return true;
    },
    async raise(sid, factor) {
      const row = rows.get(sid);
      if (!row || row.ended) return false;
      row.method = `password+${factor}`;
      return true;
    },
    listLive: async () => [...rows.values()].filter((row) => !row.ended).reverse(),
    async end(_userId, sids, _type, reason) {
      const live = sids.flatMap((sid) => (rows.get(sid)?.ended === false ? [rows.get(sid)] : []));
      for (const row of live) if (row) Object.assign(row, { ended: true, reason });
      return live.length;
    },
    endReason: async (sid) => (rows.get(sid)?.ended ? (rows.get(sid)?.reason ?? null) : null),
  };
  const sessions = createSessionService({
    tokens,
    records,
    blocklist: blocklist ?? store,
    users: {
      findByPublicId: async (publicId) => byPublicId.get(publicId) ?? null,
      async signOutEverywhere(id, sid) {
        const current = [...byPublicId.values()].find((u) => u.id === id);
        if (!current) return null;
        for (const row of rows.values()) {
          if (!row.ended)
            Object.assign(row, { ended: true, reason: row.id === sid ? "signed_out" : "signed_out_elsewhere" });
        }
        byPublicId.delete(current.public_id);
        const rotated = { ...current, public_id: crypto.randomUUID() };
        byPublicId.set(rotated.public_id, rotated);
        return rotated;
      },
    },
  });
  const present = (token: string, options: Partial<PresentedToken> = {}): PresentedToken => ({
    token,
    source: "cookie",
    method: "GET",
    csrfHeader: null,
    tossed: false,
    ...options,
  });
  return { clock, sessions, user, present, rows };
}

const start = (sessions: ReturnType<typeof setup>["sessions"], user: SessionUser) =>
  sessions.start(user, "browser", META, "password");

describe("session service", () => {
  test("start, then authenticate: the user, the claims and the times, nothing renewed", async () => {
    const { clock, sessions, user, present } = setup();
    const issued = await start(sessions, user);
    expect(issued.maxAgeSeconds).toBe(900);
    expect(issued.times).toEqual({ tokenExpiresAt: clock.now + 900, sessionExpiresAt: clock.now + 3600 });
    const result = await sessions.authenticate(present(issued.token));
    if (!result.ok) throw new Error(result.failure);
    expect(result.session.user).toEqual(user);
    expect(result.session.claims.csrf).toBe(issued.csrf);
    expect(result.renewed).toBeNull();
    expect(result.times).toEqual(issued.times);
  });

  test("no token, a forged one, or one past its expiry: unauthenticated", async () => {
    const { clock, sessions, user, present } = setup();
    expect(await sessions.authenticate(null)).toEqual({ ok: false, failure: "unauthenticated" });
    const issued = await start(sessions, user);
    expect(await sessions.authenticate(present(`${issued.token.slice(0, -2)}AA`))).toEqual({
      ok: false,
      failure: "unauthenticated",
    });
    clock.now += 900;
    expect(await sessions.authenticate(present(issued.token))).toEqual({
      ok: false,
      failure: "unauthenticated",
      reason: "expired",
    });
  });

  test("a cookie write needs the CSRF header equal to the claim; a bearer write does not", async () => {
    const { sessions, user, present } = setup();
    const { token, csrf } = await start(sessions, user);
    expect(await sessions.authenticate(present(token, { method: "POST" }))).toEqual({ ok: false, failure: "csrf" });
    const wrong = await sessions.authenticate(present(token, { method: "PUT", csrfHeader: `${csrf.slice(1)}x` }));
    expect(wrong).toEqual({ ok: false, failure: "csrf" });
    expect((await sessions.authenticate(present(token, { method: "DELETE", csrfHeader: csrf }))).ok).toBe(true);
    expect((await sessions.authenticate(present(token, { method: "POST", source: "bearer" }))).ok).toBe(true);
  });

  test("past half its TTL a cookie session is renewed, keeping auth_time; a bearer token is not", async () => {
    const { clock, sessions, user, present } = setup();
    const issued = await start(sessions, user);
    clock.now += 451;
    const cookie = await sessions.authenticate(present(issued.token));
    if (!cookie.ok || !cookie.renewed) throw new Error("not renewed");
    expect(cookie.renewed.token).not.toBe(issued.token);
    expect(cookie.renewed.times).toEqual({
      tokenExpiresAt: clock.now + 900,
      sessionExpiresAt: issued.times.sessionExpiresAt,
    });
    expect(cookie.times).toEqual(cookie.renewed.times);
    const bearer = await sessions.authenticate(present(issued.token, { source: "bearer" }));
    expect(bearer.ok && bearer.renewed).toBeNull();
  });

  test("revoke ends one token; end also rotates public_id, so every token of the user dies", async () => {
    const { sessions, user, present } = setup();
    const [first, second, third] = await Promise.all([
      start(sessions, user),
      start(sessions, user),
      start(sessions, user),
    ]);
    const one = await sessions.authenticate(present(first.token));
    if (!one.ok) throw new Error(one.failure);
    await sessions.revoke(one.session);
    expect(await sessions.authenticate(present(first.token))).toEqual({ ok: false, failure: "unauthenticated" });
    expect((await sessions.authenticate(present(second.token))).ok).toBe(true);

    const two = await sessions.authenticate(present(second.token));
    if (!two.ok) throw new Error(two.failure);
    const rotated = await sessions.end(two.session, META);
    expect(rotated.public_id).not.toBe(user.public_id);
    expect((await sessions.authenticate(present(third.token))).ok).toBe(false);
    expect((await sessions.authenticate(present((await start(sessions, rotated)).token))).ok).toBe(true);
  });

  test("a blocklist that cannot answer fails the request (503), never lets it through", async () => {
    const down: Blocklist = {
      revoke: () => Promise.reject(new UnavailableError("store")),
      isRevoked: () => Promise.reject(new UnavailableError("store")),
      endSessions: () => Promise.reject(new UnavailableError("store")),
    };
    const { sessions, user, present } = setup(down);
    await expect(sessions.authenticate(present((await start(sessions, user)).token))).rejects.toBeInstanceOf(
      UnavailableError,
    );
  });
});

describe("sessions you can see and end", () => {
  test("each sign-in is its own session; renewal keeps the sid and marks it seen", async () => {
    const { clock, sessions, user, present, rows } = setup();
    const [a, b] = [await start(sessions, user), await start(sessions, user)];
    const first = await sessions.authenticate(present(a.token));
    const second = await sessions.authenticate(present(b.token));
    if (!first.ok || !second.ok) throw new Error("not authenticated");
    expect(first.session.claims.sid).not.toBe(second.session.claims.sid);

    const seenBefore = rows.get(first.session.claims.sid)?.last_seen_at;
    clock.now += 451;
    const renewed = await sessions.authenticate(present(a.token));
    if (!renewed.ok || !renewed.renewed) throw new Error("not renewed");
    const again = await sessions.authenticate(present(renewed.renewed.token));
    expect(again.ok && again.session.claims.sid).toBe(first.session.claims.sid);
    expect(rows.get(first.session.claims.sid)?.last_seen_at).not.toBe(seenBefore);

    const listed = await sessions.list(first.session);
    expect(listed.map((s) => [s.id, s.current])).toEqual([
      [second.session.claims.sid, false],
      [first.session.claims.sid, true],
    ]);
  });

  test("ending a session refuses every token of it, the renewed ones too; the others live", async () => {
    const { clock, sessions, user, present } = setup();
    const [a, b] = [await start(sessions, user), await start(sessions, user)];
    clock.now += 451;
    const renewed = await sessions.authenticate(present(a.token));
    const other = await sessions.authenticate(present(b.token, { source: "bearer" }));
    if (!renewed.ok || !renewed.renewed || !other.ok) throw new Error("not authenticated");

    expect(await sessions.endSession(other.session, renewed.session.claims.sid, META)).toBe("ended");
    expect(await sessions.authenticate(present(a.token))).toEqual({
      ok: false,
      failure: "unauthenticated",
      reason: "signed_out_elsewhere",
    });
    expect(await sessions.authenticate(present(renewed.renewed.token))).toEqual({
      ok: false,
      failure: "unauthenticated",
      reason: "signed_out_elsewhere",
    });
    expect((await sessions.authenticate(present(b.token))).ok).toBe(true);
    // Ended, unknown and malformed ids are one answer.
    expect(await sessions.endSession(other.session, renewed.session.claims.sid, META)).toBe("not_found");
    expect(await sessions.endSession(other.session, crypto.randomUUID(), META)).toBe("not_found");
    expect(await sessions.endSession(other.session, "not-a-uuid", META)).toBe("not_found");
  });

  test("a refresh of a session whose row has ended is refused even if the store forgot it", async () => {
    const { clock, sessions, user, present, rows } = setup();
    const a = await start(sessions, user);
    const first = await sessions.authenticate(present(a.token));
    if (!first.ok) throw new Error(first.failure);
    (rows.get(first.session.claims.sid) as { ended: boolean }).ended = true;
    clock.now += 451;
    expect(await sessions.authenticate(present(a.token))).toEqual({ ok: false, failure: "unauthenticated" });
  });

  test("endOthers ends every session but this one and counts them", async () => {
    const { sessions, user, present } = setup();
    const mine = await start(sessions, user);
    const others = await Promise.all([start(sessions, user), start(sessions, user)]);
    const me = await sessions.authenticate(present(mine.token));
    if (!me.ok) throw new Error(me.failure);
    expect(await sessions.endOthers(me.session, META)).toBe(2);
    for (const other of others) expect((await sessions.authenticate(present(other.token))).ok).toBe(false);
    expect((await sessions.authenticate(present(mine.token))).ok).toBe(true);
    expect(await sessions.endOthers(me.session, META)).toBe(0);
  });
});

describe("why a session ended, told only to a token that was valid", () => {
  const reasonOf = async (result: Awaited<ReturnType<ReturnType<typeof setup>["sessions"]["authenticate"]>>) =>
    result.ok ? "ok" : (result.reason ?? null);

  test("ended from another device: signed_out_elsewhere, for the ended one alone; past its expiry too", async () => {
    const { clock, sessions, user, present } = setup();
    const laptop = await start(sessions, user);
    const phone = await start(sessions, user);
    const me = await sessions.authenticate(present(phone.token));
    if (!me.ok) throw new Error(me.failure);
    const laptopSid = (await sessions.list(me.session)).find((s) => !s.current)?.id as string;
    expect(await sessions.endSession(me.session, laptopSid, META)).toBe("ended");
    expect(await reasonOf(await sessions.authenticate(present(laptop.token)))).toBe("signed_out_elsewhere");
    expect(await reasonOf(await sessions.authenticate(present(phone.token)))).toBe("ok");
    // Hours later the laptop wakes with a long-expired token: still told why, not "expired".
    clock.now += 3 * 3600;
    expect(await reasonOf(await sessions.authenticate(present(laptop.token)))).toBe("signed_out_elsewhere");
    expect(await reasonOf(await sessions.authenticate(present(phone.token)))).toBe("expired");
  });

  test("sign out everywhere: every other device is told; the one that asked is not (its cookies are gone)", async () => {
    const { sessions, user, present } = setup();
    const other = await start(sessions, user);
    const mine = await start(sessions, user);
    const me = await sessions.authenticate(present(mine.token));
    if (!me.ok) throw new Error(me.failure);
    await sessions.end(me.session, META);
    expect(await reasonOf(await sessions.authenticate(present(other.token)))).toBe("signed_out_elsewhere");
    expect(await reasonOf(await sessions.authenticate(present(mine.token)))).toBe(null);
  });

  test("a forged, malformed or wrongly signed token is told nothing, whatever its claims say", async () => {
    const { sessions, user, present } = setup();
    const issued = await start(sessions, user);
    const [header, payload, signature] = issued.token.split(".") as [string, string, string];
    const flipped = `${signature.slice(0, -2)}${signature.endsWith("AA") ? "AB" : "AA"}`;
    for (const token of [`${header}.${payload}.${flipped}`, "not.a.token", `${header}.${payload}`]) {
      const result = await sessions.authenticate(present(token));
      expect(result.ok).toBe(false);
      expect(await reasonOf(result)).toBe(null);
    }
  });
});
