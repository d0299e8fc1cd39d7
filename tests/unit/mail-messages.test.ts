/** The message catalogue: text and HTML say the same, nothing unescaped, no signing-in link in a notice. */
import { describe, expect, test } from "bun:test";
import { type NoticeKind, noticeMail, resetMail, verificationMail } from "../../src/email/templates.ts";

const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
const occasion = { at: new Date("2026-11-30T09:30:00Z"), ip: "203.0.113.7", userAgent: IPHONE };

describe("mail messages", () => {
  test("reset: the token only in the URL fragment, the product, when, device, IP, and what if it was not you", () => {
    const mail = resetMail("ada@example.com", "https://auth.example.com", "tok_123", occasion);
    expect(mail.subject).toBe("Reset your password · Datta Dashboard");
    for (const body of [mail.text, mail.html ?? ""]) {
      expect(body).toContain("https://auth.example.com/reset-password#token=tok_123");
      expect(body).toContain("30 November 2026");
      expect(body).toContain("09:30 UTC");
      expect(body).toContain("Safari on iOS");
      expect(body).toContain("203.0.113.7");
      expect(body).toContain("If it was not you");
      expect(body).not.toContain("?token=");
    }
  });

  test("verification: the link to /verify-email with the token in the fragment, 24 hours", () => {
    const mail = verificationMail("ada@example.com", "http://localhost:3000", "abc");
    expect(mail.text).toContain("http://localhost:3000/verify-email#token=abc");
    expect(mail.text).toContain("24 hours");
    expect(mail.html).toContain('href="http://localhost:3000/verify-email#token=abc"');
  });

  test("every notice: what happened and where, and no link at all (nothing in it signs anyone in)", () => {
    const kinds: NoticeKind[] = [
      "password_changed",
      "password_reset",
      "email_changed",
      "second_factor_added",
      "second_factor_removed",
      "new_sign_in",
    ];
    for (const kind of kinds) {
      const mail = noticeMail("ada@example.com", kind, occasion);
      expect(mail.subject).toEndWith("· Datta Dashboard");
      expect(mail.text).toContain("Safari on iOS");
      expect(mail.text).not.toMatch(/https?:\/\//);
      expect(mail.html).not.toContain("<a ");
      expect(mail.html).not.toContain("<img");
    }
  });

  test("whatever a user agent or address holds is escaped in the HTML", () => {
    const mail = noticeMail("x@example.com", "new_sign_in", {
      ...occasion,
      userAgent: "<script>alert(1)</script>/1.0",
      ip: null,
    });
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;");
    expect(mail.text).toContain("IP address: unknown");
    const verify = verificationMail('a"<b>@example.com', "http://localhost", "t");
    expect(verify.html).not.toContain('a"<b>');
  });
});
