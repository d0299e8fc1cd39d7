import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { Group } from "../../../../src/access/model.ts";
import { Alert, Button, Card, Field, Form } from "../../components/ui.tsx";
import { useApp } from "../../context.ts";
import { useForm } from "../../form.ts";
import { APP_MESSAGES } from "../../messages.ts";
import { failed, useAccessActions } from "./actions.ts";
import { GroupRow } from "./GroupRow.tsx";
import { ACCESS_LABELS as L } from "./labels.ts";
import { ACCESS_TEXT as T } from "./messages.ts";

/** The groups access rules name: made, renamed, deleted, and their members, by admins. */
export function Groups() {
  const { actions } = useApp();
  const access = useAccessActions();
  const groups = useSignal<Group[] | null>(null);
  const message = useSignal<{ kind: "error" | "success"; text: string } | null>(null);
  const load = async () => {
    const result = await access.groups();
    if (failed(result)) message.value = { kind: "error", text: result.msg };
    else groups.value = result;
  };
  useEffect(() => {
    void load();
  }, []);
  // The list read again first, so that what the message says is what the list shows.
  const changed = (text: string) =>
    void load().then(() => {
      message.value = { kind: "success", text };
      actions.announce(text);
    });
  const form = useForm({
    initial: { name: "" },
    fieldByStatus: { 409: "name" },
    async send({ name }) {
      const result = await access.create(name.trim());
      if (failed(result)) return result;
      form.reset();
      changed(T.created(result.group.name));
      return null;
    },
  });
  return (
    <div class="grid">
      <Card title={L.groups} class="span-12">
        <p class="muted">
          {T.groupsExplained}
          <a href="/admin/access">{T.rulesInForceLink}</a>
          {T.groupsExplainedAfter}
        </p>
        {message.value && (
          <Alert kind={message.value.kind} onDismiss={() => (message.value = null)}>
            {message.value.text}
          </Alert>
        )}
        {groups.value === null ? (
          <p class="muted">{APP_MESSAGES.loading}</p>
        ) : groups.value.length === 0 ? (
          <p>{T.noGroup}</p>
        ) : (
          <ul class="apps" aria-label={L.groups}>
            {groups.value.map((group) => (
              <GroupRow key={group.name} group={group} onChange={changed} />
            ))}
          </ul>
        )}
      </Card>
      <Card title={T.newGroup} class="span-12">
        <Form form={form} label={T.newGroup} class="group-add">
          <Field {...form.field("name")} name="group-name" label={T.name} hint={T.nameHint} />
          <Button busy={form.busy.value}>{T.createGroup}</Button>
        </Form>
      </Card>
    </div>
  );
}
