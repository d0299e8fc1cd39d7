/**
 * SIGN_IN_PROVIDERS as read at start: the JSON itself or a file of it, the defaults, and one line
 * naming the entry and the field for everything malformed, never the secret.
 */
import { describe, expect, test } from "bun:test";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadUpstreamSettings, UpstreamSettingsError } from "../../src/upstream/settings.ts";

const GITLAB = { id: "gitlab", name: "GitLab", issuer: "https://gitlab.example.com", client_id: "abc" };
const read = (list: unknown, env: Record<string, string> = {}) =>
  loadUpstreamSettings({ SIGN_IN_PROVIDERS: JSON.stringify(list), ...env });
/** The one line a malformed value stops the start with. */
const refusal = (list: unknown, env: Record<string, string> = {}) => {
  try {
    read(list, env);
  } catch (error) {
    expect(error).toBeInstanceOf(UpstreamSettingsError);
    return (error as Error).message;
  }
  throw new Error("accepted");
};

describe("SIGN_IN_PROVIDERS", () => {
  test("unset or blank: no providers", () => {
    expect(loadUpstreamSettings({})).toEqual([]);
    expect(loadUpstreamSettings({ SIGN_IN_PROVIDERS: "  " })).toEqual([]);
  });

  test("the defaults, and the secret from the variable client_secret_env names", () => {
    const [gitlab] = read([{ ...GITLAB, client_secret_env: "GITLAB_SECRET" }], { GITLAB_SECRET: "s3cret" });
    expect(gitlab).toEqual({
      id: "gitlab",
      name: "GitLab",
      kind: "oidc",
      issuer: "https://gitlab.example.com",
      clientId: "abc",
      clientSecret: "s3cret",
      scopes: "openid profile email",
      allowSignup: true,
      trustEmail: false,
      trustMfa: false,
    });
    const [github] = read([{ id: "github", name: "GitHub", kind: "github", client_id: "x", client_secret: "y" }]);
    expect(github).toMatchObject({ issuer: "https://github.com", scopes: "read:user user:email" });
  });

  test("a path to a file holding the JSON", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "datta-providers-")), "providers.json");
    await writeFile(file, JSON.stringify([{ ...GITLAB, client_secret: "s", trust_email: true }]));
    expect(loadUpstreamSettings({ SIGN_IN_PROVIDERS: file })[0]?.trustEmail).toBe(true);
    expect(() => loadUpstreamSettings({ SIGN_IN_PROVIDERS: `${file}.missing` })).toThrow("cannot be read");
  });

  test("each malformed entry is named, with its field", () => {
    expect(refusal({})).toBe("must be a JSON list of providers");
    expect(loadUpstreamSettings.bind(null, { SIGN_IN_PROVIDERS: "[{" })).toThrow("is not valid JSON");
    expect(refusal(["x"])).toBe("entry 1 must be an object");
    expect(refusal([{ ...GITLAB, id: "Git Lab", client_secret: "s" }])).toContain("entry 1: id must be");
    expect(
      refusal([
        { ...GITLAB, client_secret: "s" },
        { ...GITLAB, name: "" },
      ]),
    ).toContain("entry 2 (gitlab): name must be");
    expect(refusal([{ ...GITLAB, issuer: "http://gitlab.example.com", client_secret: "s" }])).toContain(
      "entry 1 (gitlab): issuer must be an https:// URL",
    );
    expect(refusal([{ ...GITLAB, client_secret: "s", kind: "saml" }])).toContain('kind must be "oidc" or "github"');
    expect(refusal([{ ...GITLAB }])).toContain("needs client_secret or client_secret_env");
    expect(refusal([{ ...GITLAB, client_secret_env: "NOT_SET" }])).toContain("names a variable that is not set");
    expect(refusal([{ ...GITLAB, client_secret: "s", scopes: "profile email" }])).toContain('must include "openid"');
    expect(refusal([{ ...GITLAB, client_secret: "s", trust_email: "yes" }])).toContain(
      "trust_email must be true or false",
    );
    expect(refusal([{ ...GITLAB, client_secret: "s", trust_emails: true }])).toContain('has no setting "trust_emails"');
    expect(refusal([GITLAB, GITLAB].map((p) => ({ ...p, client_secret: "s" })))).toBe('names the id "gitlab" twice');
  });

  test("the loopback may be http:// (a provider on this machine); a secret is never in the line", () => {
    expect(read([{ ...GITLAB, issuer: "http://127.0.0.1:4000/", client_secret: "s" }])[0]?.issuer).toBe(
      "http://127.0.0.1:4000",
    );
    const line = refusal([{ ...GITLAB, client_secret: "do-not-print-me", scopes: 7 }]);
    expect(line).not.toContain("do-not-print-me");
  });
});
