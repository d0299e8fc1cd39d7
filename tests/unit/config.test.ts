/** Start-up configuration: defaults, units, and one clear error naming a bad variable. */
import { describe, expect, test } from "bun:test";
import { ConfigError, loadConfig } from "../../src/config/config.ts";

const SECRET = "s".repeat(32);
/** What production needs besides the JWT secret. */
const PROD = { NODE_ENV: "production", PUBLIC_URL: "https://auth.example.com", DATA_ENCRYPTION_KEY: "k".repeat(32) };

describe("loadConfig", () => {
  test("defaults for development", () => {
    expect(loadConfig({})).toEqual({
      nodeEnv: "development",
      host: "127.0.0.1",
      port: 3000,
      metricsPort: undefined,
      databaseUrl: undefined,
      redisUrl: undefined,
      redisKeyPrefix: "",
      jwtSecret: undefined,
      accessTokenTtlSeconds: 900,
      sessionMaxAgeSeconds: 43200,
      cookieSecure: false,
      trustProxy: false,
      dataDir: "./data",
      publicUrl: "http://localhost:3000",
      forwardAuthAudience: "datta-services",
      dataEncryptionKeys: undefined,
      smtpUrl: undefined,
      mailFrom: "Datta Dashboard <no-reply@localhost>",
      requireVerifiedEmail: false,
      adminEmails: [],
      defaultLanguage: "en",
    });
    expect(loadConfig({ DEFAULT_LANGUAGE: "pt-BR" }).defaultLanguage).toBe("pt-BR");
    expect(() => loadConfig({ DEFAULT_LANGUAGE: "pt" })).toThrow(
      "DEFAULT_LANGUAGE must be one of en, de, fr, es, pt-BR, zh-Hans",
    );
    expect(loadConfig({ ADMIN_EMAILS: " Ada@Example.com, ,bob@example.com" }).adminEmails).toEqual([
      "ada@example.com",
      "bob@example.com",
    ]);
    expect(loadConfig({ REQUIRE_VERIFIED_EMAIL: "true" }).requireVerifiedEmail).toBe(true);
    expect(loadConfig({ PORT: "4100" }).publicUrl).toBe("http://localhost:4100");
    expect(loadConfig({ METRICS_PORT: "9464" }).metricsPort).toBe(9464);
  });

  test("mail: SMTP_URL (smtp:// or smtps://, never echoed) and MAIL_FROM named after PUBLIC_URL's host", () => {
    const config = loadConfig({
      PUBLIC_URL: "https://auth.example.com",
      SMTP_URL: "smtps://user:secret@mail.example.com:465",
    });
    expect(config.smtpUrl).toBe("smtps://user:secret@mail.example.com:465");
    expect(config.mailFrom).toBe("Datta Dashboard <no-reply@auth.example.com>");
    expect(loadConfig({ MAIL_FROM: "Support <help@example.com>" }).mailFrom).toBe("Support <help@example.com>");
    try {
      loadConfig({ SMTP_URL: "ftp://user:hunter2@mail.example.com" });
      throw new Error("should have thrown");
    } catch (error) {
      expect((error as Error).message).toContain("SMTP_URL");
      expect((error as Error).message).not.toContain("hunter2");
    }
  });

  test("production also requires PUBLIC_URL (an origin) and DATA_ENCRYPTION_KEY (32 bytes each, a list)", () => {
    const { PUBLIC_URL: _, ...noUrl } = PROD;
    expect(() => loadConfig({ ...noUrl, JWT_SECRET_KEY: SECRET })).toThrow(/PUBLIC_URL is required/);
    const { DATA_ENCRYPTION_KEY: __, ...noKey } = PROD;
    expect(() => loadConfig({ ...noKey, JWT_SECRET_KEY: SECRET })).toThrow(/DATA_ENCRYPTION_KEY is required/);
    expect(() =>
      loadConfig({ ...PROD, JWT_SECRET_KEY: SECRET, DATA_ENCRYPTION_KEY: `${"a".repeat(32)},short` }),
    ).toThrow(/DATA_ENCRYPTION_KEY must hold keys of at least 32 bytes/);
    const config = loadConfig({
      ...PROD,
      JWT_SECRET_KEY: SECRET,
      PUBLIC_URL: "https://auth.example.com/",
      DATA_ENCRYPTION_KEY: ` ${"n".repeat(32)} , ${"o".repeat(40)} `,
      FORWARD_AUTH_AUDIENCE: "notes-service",
    });
    expect(config.publicUrl).toBe("https://auth.example.com");
    expect(config.dataEncryptionKeys).toEqual(["n".repeat(32), "o".repeat(40)]);
    expect(config.forwardAuthAudience).toBe("notes-service");
  });

  test("production: Secure cookies by default, and a secret of at least 32 bytes is required", () => {
    expect(() => loadConfig({ ...PROD })).toThrow(/JWT_SECRET_KEY/);
    expect(() => loadConfig({ ...PROD, JWT_SECRET_KEY: "short" })).toThrow(/JWT_SECRET_KEY must be at least 32 bytes/);
    const config = loadConfig({ ...PROD, JWT_SECRET_KEY: SECRET });
    expect(config.cookieSecure).toBe(true);
    expect(config.host).toBe("0.0.0.0");
    expect(loadConfig({ ...PROD, JWT_SECRET_KEY: SECRET, COOKIE_SECURE: "false" }).cookieSecure).toBe(false);
  });

  test("the secret's value is never part of an error", () => {
    try {
      loadConfig({ ...PROD, JWT_SECRET_KEY: "hunter2-secret" });
      throw new Error("should have thrown");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).not.toContain("hunter2");
    }
  });

  test("durations take seconds or a unit", () => {
    const config = loadConfig({ ACCESS_TOKEN_TTL: "15m", SESSION_MAX_AGE: "1d" });
    expect(config.accessTokenTtlSeconds).toBe(900);
    expect(config.sessionMaxAgeSeconds).toBe(86400);
    expect(loadConfig({ ACCESS_TOKEN_TTL: "120" }).accessTokenTtlSeconds).toBe(120);
  });

  test("HOST: loopback by default in development, every interface in production, or as given", () => {
    expect(loadConfig({}).host).toBe("127.0.0.1");
    expect(loadConfig({ HOST: "::1" }).host).toBe("::1");
    expect(loadConfig({ HOST: "[::1]" }).host).toBe("::1");
    expect(loadConfig({ ...PROD, JWT_SECRET_KEY: SECRET, HOST: "10.0.0.5" }).host).toBe("10.0.0.5");
  });

  const bad: Array<[Record<string, string>, string]> = [
    [{ HOST: "0.0.0.0; rm -rf" }, "HOST"],
    [{ REDIS_KEY_PREFIX: "a b" }, "REDIS_KEY_PREFIX"],
    [{ PORT: "http" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ ACCESS_TOKEN_TTL: "soon" }, "ACCESS_TOKEN_TTL"],
    [{ ACCESS_TOKEN_TTL: "0" }, "ACCESS_TOKEN_TTL"],
    [{ SESSION_MAX_AGE: "5m", ACCESS_TOKEN_TTL: "15m" }, "SESSION_MAX_AGE"],
    [{ COOKIE_SECURE: "maybe" }, "COOKIE_SECURE"],
    [{ TRUST_PROXY: "2" }, "TRUST_PROXY"],
    [{ NODE_ENV: "staging" }, "NODE_ENV"],
    [{ DATABASE_URL: "mysql://user:pw@host/db" }, "DATABASE_URL"],
    [{ REDIS_URL: "localhost:6379" }, "REDIS_URL"],
    [{ PUBLIC_URL: "auth.example.com" }, "PUBLIC_URL"],
    [{ SMTP_URL: "http://mail.example.com" }, "SMTP_URL"],
    [{ MAIL_FROM: "no address here" }, "MAIL_FROM"],
    [{ MAIL_FROM: "a@b.example\r\nBcc: victim@example.com" }, "MAIL_FROM"],
    [{ PUBLIC_URL: "https://example.com/auth" }, "PUBLIC_URL"],
    [{ PUBLIC_URL: "ftp://example.com" }, "PUBLIC_URL"],
    [{ FORWARD_AUTH_AUDIENCE: "two words" }, "FORWARD_AUTH_AUDIENCE"],
    [{ DATA_ENCRYPTION_KEY: "too short" }, "DATA_ENCRYPTION_KEY"],
    [{ METRICS_PORT: "nine" }, "METRICS_PORT"],
    [{ METRICS_PORT: "3000" }, "METRICS_PORT"],
    [{ PORT: "4100", METRICS_PORT: "4100" }, "METRICS_PORT"],
  ];
  for (const [env, variable] of bad) {
    test(`${JSON.stringify(env)} names ${variable}`, () => {
      let caught: unknown;
      try {
        loadConfig(env);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).variable).toBe(variable);
      expect((caught as Error).message).toStartWith(variable);
      expect((caught as Error).message).not.toContain("pw@");
    });
  }
});
