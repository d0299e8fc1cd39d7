/** The double-submit comparison: exact, constant-time, and never satisfied by an empty header. */
import { describe, expect, test } from "bun:test";
import { constantTimeEqual, isCsrfHeaderValid, needsCsrfCheck } from "../../src/session/csrf.ts";

describe("csrf", () => {
  test("constantTimeEqual is plain equality for strings of any length", () => {
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("abc", "abd")).toBe(false);
    expect(constantTimeEqual("abc", "abcd")).toBe(false);
    expect(constantTimeEqual("", "")).toBe(true);
    expect(constantTimeEqual("é", "e\u0301")).toBe(false);
  });

  test("the header must be present, non-empty and equal to the claim", () => {
    expect(isCsrfHeaderValid("token", "token")).toBe(true);
    expect(isCsrfHeaderValid("TOKEN", "token")).toBe(false);
    expect(isCsrfHeaderValid(null, "token")).toBe(false);
    expect(isCsrfHeaderValid(undefined, "token")).toBe(false);
    expect(isCsrfHeaderValid("", "")).toBe(false);
  });

  test("only state-changing methods need it", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) expect(needsCsrfCheck(method)).toBe(true);
    for (const method of ["GET", "HEAD", "OPTIONS"]) expect(needsCsrfCheck(method)).toBe(false);
  });
});
