import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { AdminUser } from "../../../../src/admin/model.ts";
import { Alert, Button, Card } from "../../components/ui.tsx";
import { useApp } from "../../context.ts";
import { failed, useAccessActions } from "./actions.ts";
import { ACCESS_LABELS as L } from "./labels.ts";
import { ACCESS_TEXT as T } from "./messages.ts";

/** A user's groups on their admin page: each can be left, another joined. */
export function UserGroups(props: { user: AdminUser; onChange(): void }) {
  const { actions } = useApp();
  const access = useAccessActions();
  const { user } = props;
  const all = useSignal<string[]>([]);
  const chosen = useSignal("");
  const busy = useSignal<string | null>(null);
  const message = useSignal<{ kind: "error" | "success"; text: string } | null>(null);
  useEffect(() => {
    void access.groups().then((result) => {
      if (!failed(result)) all.value = result.map((group) => group.name);
    });
  }, []);
  const others = all.value.filter((name) => !user.groups.includes(name));
  const change = async (name: string, join: boolean) => {
    busy.value = name;
    const result = join ? await access.addMember(name, user.uid) : await access.removeMember(name, user.uid);
    busy.value = null;
    if (failed(result)) {
      message.value = { kind: "error", text: result.msg };
      return;
    }
    const text = join ? T.addedTo(user.username, name) : T.removedFrom(user.username, name);
    message.value = { kind: "success", text };
    actions.announce(text);
    chosen.value = "";
    props.onChange();
  };
  return (
    <Card title={L.groups}>
      {message.value && (
        <Alert kind={message.value.kind} onDismiss={() => (message.value = null)}>
          {message.value.text}
        </Alert>
      )}
      {user.groups.length === 0 ? (
        <p class="muted">{T.inNoGroup}</p>
      ) : (
        <ul class="group-member-list" aria-label={T.groupsOf(user.username)}>
          {user.groups.map((name) => (
            <li key={name}>
              <a href="/admin/groups">{name}</a>
              <Button kind="ghost" type="button" busy={busy.value === name} onClick={() => void change(name, false)}>
                {T.remove}
                <span class="sr-only">{T.fromGroup(name)}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      {others.length > 0 && (
        <form
          class="group-add"
          aria-label={T.addToGroupOf(user.username)}
          onSubmit={(event) => {
            event.preventDefault();
            if (chosen.value) void change(chosen.value, true);
          }}
        >
          <div class="field">
            <label for="user-group">{T.addToGroup}</label>
            <select id="user-group" value={chosen.value} onChange={(e) => (chosen.value = e.currentTarget.value)}>
              <option value="">{T.chooseGroup}</option>
              {others.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          </div>
          <Button busy={busy.value !== null && !user.groups.includes(busy.value)}>{T.add}</Button>
        </form>
      )}
    </Card>
  );
}
