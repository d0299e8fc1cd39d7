import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { Group } from "../../../../src/access/model.ts";
import { Alert, Button, Card, Field, Form } from "../../components/ui.tsx";
import { useApp } from "../../context.ts";
import { useForm } from "../../form.ts";
import { failed, useAccessActions } from "./actions.ts";
import { GroupRow } from "./GroupRow.tsx";

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
      changed(`${result.group.name} created.`);
      return null;
    },
  });
  return (
    <div class="grid">
      <Card title="Groups" class="span-12">
        <p class="muted">
          Access rules let a group's members through (<a href="/admin/access">the rules in force</a>). A change counts
          at the member's next request, on every replica.
        </p>
        {message.value && (
          <Alert kind={message.value.kind} onDismiss={() => (message.value = null)}>
            {message.value.text}
          </Alert>
        )}
        {groups.value === null ? (
          <p class="muted">Loading…</p>
        ) : groups.value.length === 0 ? (
          <p>No group yet.</p>
        ) : (
          <ul class="apps" aria-label="Groups">
            {groups.value.map((group) => (
              <GroupRow key={group.name} group={group} onChange={changed} />
            ))}
          </ul>
        )}
      </Card>
      <Card title="New group" class="span-12">
        <Form form={form} label="New group" class="group-add">
          <Field
            {...form.field("name")}
            name="group-name"
            label="Name"
            hint="1-64 lower case letters, digits, _ or -, starting with a letter or a digit"
          />
          <Button busy={form.busy.value}>Create group</Button>
        </Form>
      </Card>
    </div>
  );
}
