import type { UserDetailResponse } from "../../../../src/admin/model.ts";
import { describeAgent } from "../../../../src/http/user-agent.ts";
import { methodLabel } from "../../components/EventsTable.tsx";
import { Button, Card } from "../../components/ui.tsx";
import { day } from "./Admin.tsx";
import type { Action } from "./actions.ts";

/** A user's sessions on their admin page, each of which an admin can sign out (asked first). */
export function UserSessions(props: {
  sessions: UserDetailResponse["sessions"];
  isSelf: boolean;
  ask(action: Action, label: string, session?: string): void;
}) {
  return (
    <Card title="Sessions">
      {props.sessions.length === 0 ? (
        <p class="muted">Not signed in anywhere.</p>
      ) : (
        <ul class="admin-sessions">
          {props.sessions.map((session) => {
            const device = session.kind === "token" ? "API token" : describeAgent(session.user_agent);
            return (
              <li key={session.id}>
                <span>
                  {device} · {session.ip ?? "unknown IP"} · since {day(session.created_at)}
                  {session.method && ` · ${methodLabel(session.method)}`}
                </span>
                {!props.isSelf && (
                  <Button
                    type="button"
                    kind="ghost"
                    onClick={() =>
                      props.ask("end-session", `Sign out ${device} (since ${day(session.created_at)}) of`, session.id)
                    }
                  >
                    Sign out<span class="sr-only"> {device}</span>
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
