/**
 * The mail outbox against a real SMTP server over TCP, on both backends: a message written with a
 * change is sent once; an SMTP server that is down costs nothing but time; a worker that dies
 * mid-batch loses nothing; two workers never send one message twice; without SMTP_URL, .eml files.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "../../src/http/log.ts";
import { backoffSeconds, createMailWorker, enqueueMail, MAX_ATTEMPTS } from "../../src/mail/outbox.ts";
import { fileTransport, type MailTransport, smtpTransport } from "../../src/mail/transport.ts";
import { TEST_SEALER } from "../helpers/app.ts";
import { BACKENDS, type Backend } from "../helpers/backends.ts";
import { startSmtp, type TestSmtp } from "../helpers/smtp.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

/** Every recipient of this file is at this domain, so its rows are its own to count and clear. */
const DOMAIN = "outbox.example";
const recipient = (label: string) => `${label}.${crypto.randomUUID().slice(0, 8)}@${DOMAIN}`;
const FROM = "Datta Dashboard <no-reply@localhost>";

for (const spec of BACKENDS) {
  describe(`mail outbox [${spec.name}]`, () => {
    let backend: Backend;
    let smtp: TestSmtp;
    const transports: MailTransport[] = [];
    const smtpTo = (url: string) => {
      const transport = smtpTransport(url, FROM, "localhost");
      transports.push(transport);
      return transport;
    };
    /** A worker whose clock starts now and moves when the test says. */
    const workerOn = (transport: MailTransport, clock = { offsetMs: 0 }) => ({
      clock,
      worker: createMailWorker({
        sql: backend.db.sql,
        sealer: TEST_SEALER,
        transport,
        logger: silentLogger,
        now: () => Date.now() + clock.offsetMs,
      }),
    });
    const rowsFor = (to: string) =>
      backend.db.sql<{ attempts: number; sent_at: Date | null; failed_at: Date | null; last_error: string | null }>`
        select attempts, sent_at, failed_at, last_error from mail_outbox where to_address = ${to}
      `;

    beforeAll(async () => {
      backend = await spec.open();
      smtp = await startSmtp();
      // This file counts what the workers it starts send: the backlog other files left unsent (the
      // mail their sign-ups wrote, with no worker running) is not its to send.
      await backend.db.sql`delete from mail_outbox where to_address like ${`%@${DOMAIN}`} or sent_at is null`;
    });
    afterAll(async () => {
      for (const transport of transports) transport.close();
      await smtp.stop();
      await backend.db.sql`delete from mail_outbox where to_address like ${`%@${DOMAIN}`}`;
    });

    test("a message written in a transaction is sent once, text and HTML, from MAIL_FROM", async () => {
      const to = recipient("once");
      await backend.db.sql.begin(async (tx) => {
        await enqueueMail(tx, TEST_SEALER, {
          to,
          subject: "Verify your e-mail",
          text: "Open the link.",
          html: "<p>Open the link.</p>",
        });
      });
      const { worker } = workerOn(smtpTo(smtp.url));
      expect((await worker.runOnce()).sent).toBeGreaterThanOrEqual(1);
      const [mail] = await smtp.waitFor(to);
      expect(mail?.subject).toBe("Verify your e-mail");
      expect(mail?.raw).toContain("From: Datta Dashboard <no-reply@localhost>");
      expect(mail?.raw).toContain("Open the link.");
      expect(mail?.raw).toContain("text/html");
      await worker.runOnce();
      expect(smtp.received.filter((m) => m.to.includes(to))).toHaveLength(1);
      const [row] = await rowsFor(to);
      expect(row?.sent_at).not.toBeNull();
      expect(row?.attempts).toBe(1);
    });

    test("a transaction that rolls back leaves no message behind", async () => {
      const to = recipient("rolled-back");
      await expect(
        backend.db.sql.begin(async (tx) => {
          await enqueueMail(tx, TEST_SEALER, { to, subject: "Never", text: "never" });
          throw new Error("the change failed");
        }),
      ).rejects.toThrow("the change failed");
      expect(await rowsFor(to)).toHaveLength(0);
    });

    test("SMTP down: nothing is lost; the message goes out once the server is back, after the backoff", async () => {
      const to = recipient("later");
      await enqueueMail(backend.db.sql, TEST_SEALER, { to, subject: "Your password was changed", text: "notice" });
      const down = await startSmtp();
      const downUrl = down.url;
      await down.stop();
      const clock = { offsetMs: 0 };
      const { worker: failing } = workerOn(smtpTo(downUrl), clock);
      const first = await failing.runOnce();
      expect(first.retried).toBeGreaterThanOrEqual(1);
      let [row] = await rowsFor(to);
      expect(row?.attempts).toBe(1);
      expect(row?.sent_at).toBeNull();
      expect(row?.last_error).toBeString();

      // The server is back (a new one on the same port); before the backoff nothing is tried.
      const back = await startSmtp(new URL(downUrl).port ? Number(new URL(downUrl).port) : 0);
      try {
        const { worker } = workerOn(smtpTo(back.url), clock);
        await worker.runOnce();
        expect(back.received.filter((m) => m.to.includes(to))).toHaveLength(0);
        clock.offsetMs = (backoffSeconds(1) + 1) * 1000;
        await worker.runOnce();
        expect(await back.waitFor(to)).toHaveLength(1);
        [row] = await rowsFor(to);
        expect(row?.attempts).toBe(2);
        expect(row?.sent_at).not.toBeNull();
      } finally {
        await back.stop();
      }
    });

    test(`after ${MAX_ATTEMPTS} failed tries it is given up, with the reason kept`, async () => {
      const to = recipient("given-up");
      await enqueueMail(backend.db.sql, TEST_SEALER, { to, subject: "Unreachable", text: "x" });
      const down = await startSmtp();
      await down.stop();
      const clock = { offsetMs: 0 };
      const { worker } = workerOn(smtpTo(down.url), clock);
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        await worker.runOnce();
        clock.offsetMs += (backoffSeconds(attempt) + 1) * 1000;
      }
      const [row] = await rowsFor(to);
      expect(row?.attempts).toBe(MAX_ATTEMPTS);
      expect(row?.failed_at).not.toBeNull();
      expect(row?.last_error).toBeString();
      await worker.runOnce();
      expect((await rowsFor(to))[0]?.attempts).toBe(MAX_ATTEMPTS);
    });

    test("a worker that dies mid-batch loses nothing: its lease runs out and another sends, once", async () => {
      const to = recipient("orphaned");
      await enqueueMail(backend.db.sql, TEST_SEALER, { to, subject: "Reset your password", text: "link" });
      // This worker's sends never finish: it claimed the row and then "died".
      const stuck: MailTransport = { kind: "smtp", send: () => new Promise(() => {}), close() {} };
      const { worker: dying } = workerOn(stuck);
      void dying.runOnce();
      await Bun.sleep(50);
      expect((await rowsFor(to))[0]?.attempts).toBe(1);

      const clock = { offsetMs: 0 };
      const { worker } = workerOn(smtpTo(smtp.url), clock);
      await worker.runOnce();
      expect(smtp.received.filter((m) => m.to.includes(to))).toHaveLength(0);
      clock.offsetMs = 121_000;
      await worker.runOnce();
      expect(await smtp.waitFor(to)).toHaveLength(1);
    });

    test("two workers at once on one database send each message exactly once", async () => {
      const tos = Array.from({ length: 12 }, (_, i) => recipient(`pair-${i}`));
      for (const to of tos) await enqueueMail(backend.db.sql, TEST_SEALER, { to, subject: "Welcome", text: "hello" });
      const a = workerOn(smtpTo(smtp.url)).worker;
      const b = workerOn(smtpTo(smtp.url)).worker;
      await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
      await Promise.all([a.runOnce(), b.runOnce()]);
      for (const to of tos) expect((await smtp.waitFor(to)).length).toBe(1);
    });

    test("without SMTP_URL: an .eml file per message in the outbox directory, written whole", async () => {
      const dir = join(await mkdtemp(join(tmpdir(), "datta-outbox-")), "outbox");
      const to = recipient("file");
      await enqueueMail(backend.db.sql, TEST_SEALER, {
        to,
        subject: "Verify your e-mail",
        text: "Open http://localhost/verify",
      });
      const { worker } = workerOn(fileTransport(dir, FROM, "localhost"));
      await worker.runOnce();
      const files = (await readdir(dir)).filter((name) => name.endsWith(".eml"));
      const texts = await Promise.all(files.map((name) => readFile(join(dir, name), "utf8")));
      const mine = texts.filter((text) => text.includes(to));
      expect(mine).toHaveLength(1);
      expect(mine[0]).toContain("Subject: Verify your e-mail");
      expect(mine[0]).toContain("Open http://localhost/verify");
      expect((await readdir(dir)).some((name) => name.endsWith(".partial"))).toBe(false);
    });

    test("sent rows older than a week are pruned; newer and unsent ones stay", async () => {
      const to = recipient("prune");
      await enqueueMail(backend.db.sql, TEST_SEALER, { to, subject: "Old", text: "x" });
      const { worker } = workerOn(smtpTo(smtp.url));
      await worker.runOnce();
      await smtp.waitFor(to);
      expect(await rowsFor(to)).toHaveLength(1);
      const later = workerOn(smtpTo(smtp.url), { offsetMs: 8 * 86_400_000 }).worker;
      expect(await later.prune()).toBeGreaterThanOrEqual(1);
      expect(await rowsFor(to)).toHaveLength(0);
    });
  });
}
