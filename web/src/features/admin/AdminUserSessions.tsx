import type { UserDetailResponse } from "../../../../src/admin/model.ts";
import { deviceName } from "../../../../src/http/user-agent.ts";
import { methodLabel } from "../../components/EventsTable.tsx";
import { Button, Card } from "../../components/ui.tsx";
import { day } from "./Admin.tsx";
import type { Ask } from "./AdminUser.tsx";
import { ADMIN_TEXT as T } from "./messages.ts";

/** A user's sessions on their admin page, each of which an admin can sign out (asked first). */
export function UserSessions(props: { sessions: UserDetailResponse["sessions"]; isSelf: boolean; ask: Ask }) {
  return (
    <Card title={T.sessions}>
      {props.sessions.length === 0 ? (
        <p class="muted">{T.notSignedIn}</p>
      ) : (
        <ul class="admin-sessions">
          {props.sessions.map((session) => {
            const device = session.kind === "token" ? T.apiToken : deviceName(session.user_agent);
            return (
              <li key={session.id}>
                <span>
                  {device} · {session.ip ?? T.unknownIp} · {T.since(day(session.created_at))}
                  {session.method && ` · ${methodLabel(session.method)}`}
                </span>
                {!props.isSelf && (
                  <Button
                    type="button"
                    kind="ghost"
                    onClick={() =>
                      props.ask(
                        "end-session",
                        T.signOut,
                        (who) => T.endSessionQuestion(device, day(session.created_at), who),
                        session.id,
                      )
                    }
                  >
                    {T.signOut}
                    <span class="sr-only"> {device}</span>
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
