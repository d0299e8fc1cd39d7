/** The dashboard's small pure helpers, outside the browser. */
import { describe, expect, test } from "bun:test";
import { appWithoutBackend } from "../../scripts/api-docs.ts";
import { inLanguage } from "../../src/http/language.ts";
import { describeAgent, deviceName } from "../../src/http/user-agent.ts";
import "../../src/languages.ts";
import { formatDuration } from "../../web/src/components/SessionCard.tsx";
import { eventLabel, FEATURES, isPage } from "../../web/src/features.ts";
import { byField } from "../../web/src/form.ts";
import { safeNext } from "../../web/src/router.ts";

describe("safeNext: only same-site paths after sign-in", () => {
  test.each([
    ["?next=%2Fprofile", "/profile"],
    ["?next=%2Fprofile%3Ftab%3D1", "/profile?tab=1"],
    ["", "/"],
    ["?next=https%3A%2F%2Fevil.example", "/"],
    ["?next=%2F%2Fevil.example", "/"],
    ["?next=%2F%5Cevil.example", "/"],
    ["?next=javascript%3Aalert(1)", "/"],
    // Written raw by nginx, for a service behind it: read whole, query and all.
    ["?next=/whoami/", "/whoami/"],
    ["?next=/whoami/?a=1&b=2", "/whoami/?a=1&b=2"],
    ["?next=//evil.example/whoami/", "/"],
    ["?next=/\\evil.example", "/"],
    ["?next=/\t/evil.example", "/"],
    ["?next=/%0d%0aSet-Cookie:x", "/%0d%0aSet-Cookie:x"],
  ])("%s -> %s", (search, expected) => {
    expect(safeNext(search, "https://dash.example")).toBe(expected);
  });

  test("isPage: the dashboard's own pages, and nothing else", () => {
    for (const path of ["/", "/profile", "/sessions", "/signin?next=%2F", "/signup"]) expect(isPage(path)).toBe(true);
    for (const path of ["/whoami/", "/api/users/me", "/profile/x"]) expect(isPage(path)).toBe(false);
  });
});

describe("formatting", () => {
  test("countdowns", () => {
    expect(formatDuration(899_400)).toBe("14:59");
    expect(formatDuration(-5)).toBe("0:00");
  });

  test("field errors read with the form's labels", () => {
    expect(byField([{ field: "email", message: "must be a valid e-mail address" }])).toEqual({
      email: "E-mail must be a valid e-mail address",
    });
    expect(
      byField([
        { field: "new_password", message: "is required" },
        { field: "new_password", message: "ignored" },
      ]),
    ).toEqual({
      new_password: "New password is required",
    });
  });

  test("user agents become a browser and a system", () => {
    expect(
      describeAgent(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36",
      ),
    ).toBe("Chrome on Linux");
    expect(describeAgent("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Gecko/20100101 Firefox/130.0")).toBe(
      "Firefox on macOS",
    );
    expect(describeAgent("curl/8.5.0")).toBe("curl");
    const real: Array<[string, string]> = [
      [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "Safari on iOS",
      ],
      [
        "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
        "Safari on iPadOS",
      ],
      [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
        "Chrome on iOS",
      ],
      [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/132.0 Mobile/15E148 Safari/605.1.15",
        "Firefox on iOS",
      ],
      [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 EdgiOS/131.2903.68 Mobile/15E148 Safari/605.1.15",
        "Edge on iOS",
      ],
      [
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
        "Chrome on Android",
      ],
      [
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 EdgA/131.0.2903.70",
        "Edge on Android",
      ],
      ["Mozilla/5.0 (Android 14; Mobile; rv:132.0) Gecko/132.0 Firefox/132.0", "Firefox on Android"],
      [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70",
        "Edge on Windows",
      ],
      [
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Safari on macOS",
      ],
      [
        "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Chrome on ChromeOS",
      ],
    ];
    for (const [agent, name] of real) expect(describeAgent(agent)).toBe(name);
    expect(describeAgent(null)).toBe("Unknown");
  });

  test("named for a person in the language of the moment; the device's key (describeAgent) never changes", () => {
    const firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    expect(deviceName(firefox)).toBe("Firefox on Linux");
    expect(deviceName(null)).toBe("Unknown device");
    expect(inLanguage("de", () => deviceName(firefox))).toBe("Firefox unter Linux");
    expect(inLanguage("zh-Hans", () => deviceName(null))).toBe("未知设备");
    expect(inLanguage("de", () => describeAgent(firefox))).toBe("Firefox on Linux");
  });
});

describe("every event the server records is put in words by the dashboard feature that shows it", () => {
  test("each type the composed features declare has a label, and each label a type", async () => {
    const { app, close } = await appWithoutBackend();
    await close();
    const labelled = FEATURES.flatMap((feature) => Object.keys(feature.eventLabels ?? {}));
    expect([...labelled].sort()).toEqual([...app.eventTypes].sort());
    for (const type of app.eventTypes) expect(eventLabel(type)).not.toBe(type);
    expect(eventLabel("no_such_event")).toBe("no_such_event");
  });
});
