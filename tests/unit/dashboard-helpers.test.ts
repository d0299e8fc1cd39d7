/** The dashboard's small pure helpers, outside the browser. */
import { describe, expect, test } from "bun:test";
import { describeAgent } from "../../web/src/components/EventsTable.tsx";
import { formatDuration } from "../../web/src/components/SessionCard.tsx";
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
  ])("%s -> %s", (search, expected) => {
    expect(safeNext(search)).toBe(expected);
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
    expect(describeAgent(null)).toBe("Unknown");
  });
});
