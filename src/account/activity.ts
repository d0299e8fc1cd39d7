/**
 * Reading the account's security log: the newest events, the sign-ins per day in the viewer's own
 * calendar, and the sign-in before this one. The writes that add events stay with the changes they
 * record (repository.ts), each in the same statement.
 */
import type { Sql } from "../platform/db/sql.ts";
import type { ActivityEvent, EventType } from "../users/model.ts";
import type { DailySignIns } from "./model.ts";

const ACTIVITY_LIMIT = 50;
const ACTIVITY_DAYS = 14;

type EventRow = {
  type: EventType;
  at: Date | string;
  ip: string | null;
  user_agent: string | null;
  method: string | null;
};

const toEvent = (row: EventRow): ActivityEvent => ({
  type: row.type,
  at: new Date(row.at).toISOString(),
  ip: row.ip,
  user_agent: row.user_agent,
  method: row.method,
});

export interface ActivityQueries {
  /** Newest first, at most ACTIVITY_LIMIT. */
  listEvents(id: string): Promise<ActivityEvent[]>;
  /** Sign-ins and failures per calendar day in `timeZone`, the last ACTIVITY_DAYS days, oldest first. */
  dailySignIns(id: string, timeZone: string): Promise<DailySignIns[]>;
  /** The sign-in before the latest one, and the latest failed sign-in (each null when there is none). */
  signInSummary(
    id: string,
  ): Promise<{ previous_sign_in: ActivityEvent | null; last_failed_sign_in: ActivityEvent | null }>;
}

export function activityQueries(sql: Sql): ActivityQueries {
  return {
    async listEvents(id) {
      const rows = await sql<EventRow>`
      select type, at, ip, user_agent, method
      from user_events
      where user_id = ${id}
      order by at desc, id desc
      limit ${ACTIVITY_LIMIT}
    `;
      return rows.map(toEvent);
    },

    async signInSummary(id) {
      const rows = await sql<EventRow & { rank: number }>`
      (select type, at, ip, user_agent, method, 2 as rank from user_events
        where user_id = ${id} and type = 'login' order by at desc, id desc offset 1 limit 1)
      union all
      (select type, at, ip, user_agent, method, 1 as rank from user_events
        where user_id = ${id} and type = 'login_failed' order by at desc, id desc limit 1)
    `;
      const find = (type: EventType) => rows.find((row) => row.type === type);
      const previous = find("login");
      const failed = find("login_failed");
      return {
        previous_sign_in: previous ? toEvent(previous) : null,
        last_failed_sign_in: failed ? toEvent(failed) : null,
      };
    },

    async dailySignIns(id, timeZone) {
      const rows = await sql<{ date: string; logins: number; failed: number }>`
      select to_char(day, 'YYYY-MM-DD') as date,
             count(e.id) filter (where e.type = 'login')::int as logins,
             count(e.id) filter (where e.type = 'login_failed')::int as failed
      from generate_series(
        ((now() at time zone ${timeZone})::date - ${ACTIVITY_DAYS - 1}::int)::timestamp,
        (now() at time zone ${timeZone})::date::timestamp,
        interval '1 day'
      ) as day
      left join user_events e
        on e.user_id = ${id}
       and e.type in ('login', 'login_failed')
       and e.at >= day at time zone ${timeZone}
       and e.at < (day + interval '1 day') at time zone ${timeZone}
      group by day
      order by day
    `;
      return rows.map((row) => ({ date: row.date, logins: Number(row.logins), failed: Number(row.failed) }));
    },
  };
}
