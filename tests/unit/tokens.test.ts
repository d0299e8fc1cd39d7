/** Token logic on its own: issue, verify, refresh window and the absolute lifetime, on a fake clock. */
import { describe, expect, test } from "bun:test";
import { createTokenService, type TokenService } from "../../src/session/tokens.ts";

const SECRET = "unit-test-secret-of-at-least-32-bytes";

function service(clock: { now: number }, ttl = 900, maxAge = 3600): TokenService {
  return createTokenService({ secret: SECRET, ttlSeconds: ttl, sessionMaxAgeSeconds: maxAge, now: () => clock.now });
}

describe("tokens", () => {
  test("issue then verify gives back the claims, with a 256-bit csrf and UUID jti", () => {
    const clock = { now: 1_800_000_000 };
    const tokens = service(clock);
    const issued = tokens.issue("6d286dca-261a-42f4-816a-620606f8f84e", crypto.randomUUID());
    expect(issued.claims).toMatchObject({ iat: clock.now, exp: clock.now + 900, auth_time: clock.now, type: "access" });
    expect(issued.claims.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issued.claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(issued.token.split(".")[0]).toBe(Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url"));
    expect(tokens.verify(issued.token)).toEqual({ ok: true, claims: issued.claims });
  });

  test("two tokens never share jti or csrf", () => {
    const tokens = service({ now: 1_800_000_000 });
    const [a, b] = [
      tokens.issue(crypto.randomUUID(), crypto.randomUUID()),
      tokens.issue(crypto.randomUUID(), crypto.randomUUID()),
    ];
    expect(a.claims.jti).not.toBe(b.claims.jti);
    expect(a.claims.csrf).not.toBe(b.claims.csrf);
  });

  test("rejections come back as values with a reason", () => {
    const clock = { now: 1_800_000_000 };
    const tokens = service(clock);
    const issued = tokens.issue(crypto.randomUUID(), crypto.randomUUID());
    const [h, p, s] = issued.token.split(".") as [string, string, string];
    expect(tokens.verify("")).toEqual({ ok: false, reason: "malformed" });
    expect(tokens.verify(`${h}.${p}`)).toEqual({ ok: false, reason: "malformed" });
    expect(tokens.verify(`${h}.${p}.${s}x`)).toEqual({ ok: false, reason: "malformed" });
    const flipped = s.slice(0, 10) + (s[10] === "A" ? "B" : "A") + s.slice(11);
    expect(tokens.verify(`${h}.${p}.${flipped}`)).toEqual({ ok: false, reason: "bad_signature" });
    const other = createTokenService({
      secret: `${SECRET}-other`,
      ttlSeconds: 900,
      sessionMaxAgeSeconds: 3600,
      now: () => clock.now,
    });
    expect(other.verify(issued.token)).toEqual({ ok: false, reason: "bad_signature" });
    clock.now += 900;
    // Its signature is good: the claims come along (its holder may be told why it ended).
    expect(tokens.verify(issued.token)).toEqual({ ok: false, reason: "expired", claims: issued.claims });
    clock.now -= 901 + 60;
    expect(tokens.verify(issued.token)).toEqual({ ok: false, reason: "not_yet_valid" });
  });

  test("renewal window: only past half the TTL, and keeping sub, sid and auth_time", () => {
    const clock = { now: 1_800_000_000 };
    const tokens = service(clock, 900, 12 * 3600);
    const issued = tokens.issue(crypto.randomUUID(), crypto.randomUUID());
    clock.now += 449;
    expect(tokens.shouldRenew(issued.claims)).toBe(false);
    clock.now += 2;
    expect(tokens.shouldRenew(issued.claims)).toBe(true);
    expect(tokens.secondsLeft(issued.claims)).toBe(449);
    const fresh = tokens.renew(issued.claims);
    expect(fresh?.claims).toMatchObject({
      sub: issued.claims.sub,
      sid: issued.claims.sid,
      auth_time: issued.claims.auth_time,
      exp: clock.now + 900,
    });
    expect(fresh?.claims.jti).not.toBe(issued.claims.jti);
    expect(fresh?.claims.csrf).not.toBe(issued.claims.csrf);
  });

  test("the session id is a required claim: a correctly signed token without a UUID sid is refused", () => {
    const clock = { now: 1_800_000_000 };
    const tokens = service(clock);
    const sid = crypto.randomUUID();
    expect(tokens.issue(crypto.randomUUID(), sid).claims.sid).toBe(sid);
    const { claims } = tokens.issue(crypto.randomUUID(), sid);
    const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url");
    const signed = (payload: object) => {
      const input = `${header}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
      const mac = new Bun.CryptoHasher("sha256", SECRET).update(input).digest("base64url");
      return `${input}.${mac}`;
    };
    expect(tokens.verify(signed(claims)).ok).toBe(true);
    const { sid: _, ...withoutSid } = claims;
    expect(tokens.verify(signed(withoutSid))).toEqual({ ok: false, reason: "missing_claim" });
    expect(tokens.verify(signed({ ...claims, sid: "all" }))).toEqual({ ok: false, reason: "missing_claim" });
  });

  test("no token is renewed or accepted past the session's max age", () => {
    const clock = { now: 1_800_000_000 };
    const tokens = service(clock, 900, 1000);
    const first = tokens.issue(crypto.randomUUID(), crypto.randomUUID());
    const authTime = clock.now;
    clock.now += 500;
    const late = tokens.renew(first.claims);
    if (!late) throw new Error("not renewed");
    expect(late.claims.exp).toBe(authTime + 1000);
    expect(tokens.shouldRenew(late.claims)).toBe(false);
    clock.now = authTime + 1000;
    expect(tokens.renew(late.claims)).toBeNull();
    expect(tokens.verify(late.token).ok).toBe(false);
  });

  test("a token checked once is still held to the clock and to its exact text at every later use", () => {
    const clock = { now: 1_800_000_000 };
    const tokens = service(clock);
    const issued = tokens.issue(crypto.randomUUID(), crypto.randomUUID());
    expect(tokens.verify(issued.token).ok).toBe(true);
    // The claims handed out are a copy: changing them changes nothing the next use sees.
    const first = tokens.verify(issued.token);
    if (!first.ok) throw new Error("refused");
    (first.claims as { sub: string }).sub = crypto.randomUUID();
    expect(tokens.verify(issued.token)).toEqual({ ok: true, claims: issued.claims });
    // One character more or less of the same token, or another signature, is checked anew.
    const [h, p, s] = issued.token.split(".") as [string, string, string];
    const other = s.startsWith("A") ? `B${s.slice(1)}` : `A${s.slice(1)}`;
    expect(tokens.verify(`${h}.${p}.${other}`)).toEqual({ ok: false, reason: "bad_signature" });
    expect(tokens.verify(`${issued.token} `).ok).toBe(false);
    // Past its expiry the same text is expired, though it was good before.
    clock.now += 900;
    expect(tokens.verify(issued.token)).toMatchObject({ ok: false, reason: "expired" });
    // Another secret's service never takes it, whatever this one checked.
    const stranger = createTokenService({ secret: `${SECRET}-other`, ttlSeconds: 900, sessionMaxAgeSeconds: 3600 });
    expect(stranger.verify(issued.token)).toEqual({ ok: false, reason: "bad_signature" });
  });
});
