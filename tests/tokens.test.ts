/** Token logic on its own: issue, verify, refresh window and the absolute lifetime, on a fake clock. */
import { describe, expect, test } from "bun:test";
import { createTokenService, type TokenService } from "../src/session/tokens.ts";

const SECRET = "unit-test-secret-of-at-least-32-bytes";

async function service(clock: { now: number }, ttl = 900, maxAge = 3600): Promise<TokenService> {
  return createTokenService({ secret: SECRET, ttlSeconds: ttl, sessionMaxAgeSeconds: maxAge, now: () => clock.now });
}

describe("tokens", () => {
  test("issue then verify gives back the claims, with a 256-bit csrf and UUID jti", async () => {
    const clock = { now: 1_800_000_000 };
    const tokens = await service(clock);
    const issued = await tokens.issue("6d286dca-261a-42f4-816a-620606f8f84e");
    if (!issued.ok) throw new Error("not issued");
    expect(issued.claims).toMatchObject({ iat: clock.now, exp: clock.now + 900, auth_time: clock.now, type: "access" });
    expect(issued.claims.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issued.claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(issued.token.split(".")[0]).toBe(Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url"));
    expect(await tokens.verify(issued.token)).toEqual({ ok: true, claims: issued.claims });
  });

  test("two tokens never share jti or csrf", async () => {
    const tokens = await service({ now: 1_800_000_000 });
    const [a, b] = await Promise.all([tokens.issue(crypto.randomUUID()), tokens.issue(crypto.randomUUID())]);
    if (!a.ok || !b.ok) throw new Error("not issued");
    expect(a.claims.jti).not.toBe(b.claims.jti);
    expect(a.claims.csrf).not.toBe(b.claims.csrf);
  });

  test("rejections come back as values with a reason", async () => {
    const clock = { now: 1_800_000_000 };
    const tokens = await service(clock);
    const issued = await tokens.issue(crypto.randomUUID());
    if (!issued.ok) throw new Error("not issued");
    const [h, p, s] = issued.token.split(".") as [string, string, string];
    expect(await tokens.verify("")).toEqual({ ok: false, reason: "malformed" });
    expect(await tokens.verify(`${h}.${p}`)).toEqual({ ok: false, reason: "malformed" });
    expect(await tokens.verify(`${h}.${p}.${s}x`)).toEqual({ ok: false, reason: "malformed" });
    const flipped = s.slice(0, 10) + (s[10] === "A" ? "B" : "A") + s.slice(11);
    expect(await tokens.verify(`${h}.${p}.${flipped}`)).toEqual({ ok: false, reason: "bad_signature" });
    const other = await createTokenService({ secret: `${SECRET}-other`, ttlSeconds: 900, sessionMaxAgeSeconds: 3600, now: () => clock.now });
    expect(await other.verify(issued.token)).toEqual({ ok: false, reason: "bad_signature" });
    clock.now += 900;
    expect(await tokens.verify(issued.token)).toEqual({ ok: false, reason: "expired" });
    clock.now -= 901 + 60;
    expect(await tokens.verify(issued.token)).toEqual({ ok: false, reason: "not_yet_valid" });
  });

  test("refresh window: only past half the TTL, and keeping auth_time", async () => {
    const clock = { now: 1_800_000_000 };
    const tokens = await service(clock, 900, 12 * 3600);
    const issued = await tokens.issue(crypto.randomUUID());
    if (!issued.ok) throw new Error("not issued");
    clock.now += 449;
    expect(tokens.shouldRefresh(issued.claims)).toBe(false);
    clock.now += 2;
    expect(tokens.shouldRefresh(issued.claims)).toBe(true);
    expect(tokens.secondsLeft(issued.claims)).toBe(449);
    const fresh = await tokens.issue(issued.claims.sub, issued.claims.auth_time);
    expect(fresh.ok && fresh.claims.auth_time).toBe(issued.claims.auth_time);
  });

  test("no token is issued or accepted past the session's max age", async () => {
    const clock = { now: 1_800_000_000 };
    const tokens = await service(clock, 900, 1000);
    const authTime = clock.now;
    clock.now += 500;
    const late = await tokens.issue(crypto.randomUUID(), authTime);
    if (!late.ok) throw new Error("not issued");
    expect(late.claims.exp).toBe(authTime + 1000);
    clock.now = authTime + 1000;
    expect(await tokens.issue(crypto.randomUUID(), authTime)).toEqual({ ok: false, reason: "session_expired" });
    expect((await tokens.verify(late.token)).ok).toBe(false);
  });
});
