/**
 * Back-channel logout (OpenID Connect Back-Channel Logout 1.0), delivered from a durable outbox
 * (`oidc_logout_outbox`, written by a trigger in the transaction that ends a dashboard session, in
 * whatever way it ends). Every replica runs the sender; like the mail outbox:
 *
 *   claim   due rows, `for update skip locked`, each with a lease: no two replicas take one row,
 *           and a replica that dies mid-send gives its rows back when the lease runs out
 *   send    the logout token, signed and posted by oidc-provider's own client model
 *   settle  sent (once: the row is unique per client and session); or tried again later with
 *           backoff; or, after MAX_ATTEMPTS, kept with why it gave up
 *
 * The provider's own back-channel call at RP-initiated logout is turned off (models.ts): every
 * logout token goes through here, so none is sent twice.
 */
import type { Sql } from "../platform/db/sql.ts";
import type { ProviderSource } from "./provider.ts";

export const MAX_ATTEMPTS = 10;
/** 5 s, 10 s, 20 s … at most an hour between tries: about five hours in all before it gives up. */
export const backoffSeconds = (attempts: number): number => Math.min(5 * 2 ** (attempts - 1), 3600);
const LEASE_SECONDS = 60;
const BATCH = 20;

interface OutboxRow {
  [column: string]: unknown;
  id: string | number;
  client_id: string;
  account_id: string;
  logout_sid: string | null;
  attempts: number;
}

export interface LogoutSender {
  /** Sends what is due now; answers how many were delivered. */
  tick(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export interface LogoutSenderOptions {
  sql: Sql;
  source: ProviderSource;
  /** Sends one logout token (the provider's client model, kept from before models.ts turned it off). */
  send(client: unknown, sub: string, sid: string | null): Promise<void>;
  /** Milliseconds since the epoch; tests move it. */
  now?: () => number;
  intervalMs?: number;
  onError?(error: unknown): void;
}

export function createLogoutSender(options: LogoutSenderOptions): LogoutSender {
  const { sql } = options;
  const now = () => new Date((options.now ?? Date.now)());
  const claim = () => {
    const at = now();
    return sql<OutboxRow>`
      with due as (
        select id from oidc_logout_outbox
        where sent_at is null and given_up_at is null and next_attempt_at <= ${at}
          and (leased_until is null or leased_until < ${at})
        order by next_attempt_at, id
        limit ${BATCH}
        for update skip locked
      )
      update oidc_logout_outbox o
      set leased_until = ${new Date(at.getTime() + LEASE_SECONDS * 1000)}, attempts = o.attempts + 1
      from due where o.id = due.id
      returning o.id, o.client_id, o.account_id, o.logout_sid, o.attempts
    `;
  };
  const settle = async (row: OutboxRow, error: unknown) => {
    if (error === null) {
      await sql`update oidc_logout_outbox set sent_at = ${now()}, leased_until = null, last_error = null where id = ${row.id}`;
      return;
    }
    const why = error instanceof Error ? error.message.slice(0, 200) : "failed";
    if (row.attempts >= MAX_ATTEMPTS) {
      await sql`update oidc_logout_outbox set given_up_at = ${now()}, leased_until = null, last_error = ${why} where id = ${row.id}`;
      return;
    }
    const next = new Date(now().getTime() + backoffSeconds(row.attempts) * 1000);
    await sql`
      update oidc_logout_outbox set next_attempt_at = ${next}, leased_until = null, last_error = ${why} where id = ${row.id}
    `;
  };

  let running: Promise<number> | null = null;
  const tick = (): Promise<number> => {
    running ??= (async () => {
      let delivered = 0;
      const rows = await claim();
      const { provider } = await options.source();
      for (const row of rows) {
        const client = await provider.Client.find(row.client_id);
        let error: unknown = null;
        // A client deleted or no longer registered for it since: nothing to tell.
        if (client?.backchannelLogoutUri) {
          error = await options.send(client, row.account_id, row.logout_sid).then(
            () => null,
            (failure: unknown) => failure ?? new Error("failed"),
          );
        }
        await settle(row, error);
        if (error === null) delivered++;
      }
      return delivered;
    })().finally(() => {
      running = null;
    });
    return running;
  };

  let timer: ReturnType<typeof setInterval> | undefined;
  return {
    tick,
    start() {
      timer ??= setInterval(
        () => void tick().catch((error: unknown) => options.onError?.(error)),
        options.intervalMs ?? 2000,
      );
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => {});
    },
  };
}
