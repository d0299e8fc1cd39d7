import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { Group } from "../../../../src/access/model.ts";
import type { ApiError } from "../../api.ts";
import { ConfirmAction } from "../../components/ConfirmAction.tsx";
import { Alert, Button, Field, Form } from "../../components/ui.tsx";
import { useForm } from "../../form.ts";
import { PAGE_MESSAGES } from "../../page-messages.ts";
import { failed, useAccessActions } from "./actions.ts";
import { ACCESS_TEXT as T } from "./messages.ts";

const noAccount = (): ApiError => ({
  status: 404,
  msg: T.noAccount,
  errors: [],
  retryAfter: null,
  network: false,
});

/** A new name for a group, in place of its buttons. */
function RenameForm(props: { group: Group; onDone(text: string, name: string): void; onCancel(): void }) {
  const access = useAccessActions();
  const ref = useRef<HTMLDivElement>(null);
  const form = useForm({
    initial: { name: props.group.name },
    fieldByStatus: { 409: "name" },
    async send({ name }) {
      const result = await access.rename(props.group.name, name.trim());
      if (failed(result)) return result;
      props.onDone(T.renamedTo(props.group.name, result.group.name), result.group.name);
      return null;
    },
  });
  useEffect(() => ref.current?.querySelector("input")?.focus(), []);
  return (
    <div ref={ref}>
      <Form form={form} label={T.renameNamed(props.group.name)}>
        <Field {...form.field("name")} name={`rename-${props.group.name}`} label={T.newNameOf(props.group.name)} />
        <div class="button-row">
          <Button busy={form.busy.value}>{T.rename}</Button>
          <Button kind="ghost" type="button" onClick={props.onCancel}>
            {PAGE_MESSAGES.cancel}
          </Button>
        </div>
      </Form>
    </div>
  );
}

/** The members of a group, each removable, and a form to add one by e-mail. */
function Members(props: { group: Group; onChange(text: string): void }) {
  const access = useAccessActions();
  const { group } = props;
  const removing = useSignal<string | null>(null);
  const error = useSignal<string | null>(null);
  const form = useForm({
    initial: { email: "" },
    fieldByStatus: { 404: "email" },
    async send({ email }) {
      const user = await access.userByEmail(email);
      if (user === null) return noAccount();
      if (failed(user)) return user;
      const result = await access.addMember(group.name, user.uid);
      if (failed(result)) return result;
      form.reset();
      props.onChange(T.addedTo(user.email, group.name));
      return null;
    },
  });
  const remove = async (uid: string, email: string) => {
    removing.value = uid;
    const result = await access.removeMember(group.name, uid);
    removing.value = null;
    if (failed(result)) error.value = result.msg;
    else props.onChange(T.removedFrom(email, group.name));
  };
  return (
    <div class="group-members" id={`members-${group.name}`}>
      {error.value && <Alert kind="error">{error.value}</Alert>}
      {group.members.length === 0 ? (
        <p class="muted">{T.noMembers}</p>
      ) : (
        <ul class="group-member-list" aria-label={T.membersOf(group.name)}>
          {group.members.map((member) => (
            <li key={member.uid}>
              <a href={`/admin/users/${member.uid}`}>{member.username}</a>{" "}
              <span class="muted admin-address">{member.email}</span>
              <Button
                kind="ghost"
                type="button"
                busy={removing.value === member.uid}
                onClick={() => void remove(member.uid, member.email)}
              >
                {T.remove}
                <span class="sr-only">{T.removeFrom(member.email, group.name)}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      {group.member_count > group.members.length && (
        <p class="muted">{T.firstOf(group.members.length, group.member_count)}</p>
      )}
      <Form form={form} label={T.addMemberTo(group.name)} class="group-add">
        <Field {...form.field("email")} name={`add-${group.name}`} type="email" label={T.addByEmail(group.name)} />
        <Button busy={form.busy.value}>{T.add}</Button>
      </Form>
    </div>
  );
}

/** One group: its name and size; its members shown on demand; renamed or deleted (asked first). */
export function GroupRow(props: { group: Group; onChange(text: string): void }) {
  const access = useAccessActions();
  const { group } = props;
  const open = useSignal(false);
  const renaming = useSignal(false);
  const deleting = useSignal(false);
  const error = useSignal<string | null>(null);
  const remove = async () => {
    deleting.value = true;
    const result = await access.remove(group.name);
    deleting.value = false;
    if (failed(result)) error.value = result.msg;
    else props.onChange(result.msg);
  };
  const id = `group-${group.name}`;
  return (
    <li class="app" aria-labelledby={id}>
      <div class="app-main">
        <h3 id={id} class="app-name">
          {group.name} <span class="badge">{T.members(group.member_count)}</span>
        </h3>
        {error.value && <Alert kind="error">{error.value}</Alert>}
        {open.value && <Members group={group} onChange={props.onChange} />}
      </div>
      <div class="app-action">
        {renaming.value ? (
          <RenameForm
            group={group}
            onCancel={() => (renaming.value = false)}
            onDone={(text) => {
              renaming.value = false;
              props.onChange(text);
            }}
          />
        ) : (
          <div class="button-row">
            <button
              type="button"
              class="btn btn-ghost"
              aria-expanded={open.value}
              aria-controls={`members-${group.name}`}
              onClick={() => (open.value = !open.value)}
            >
              {open.value ? T.hideMembers : T.showMembers}
              <span class="sr-only">{T.ofGroup(group.name)}</span>
            </button>
            <Button kind="ghost" type="button" onClick={() => (renaming.value = true)}>
              {T.renameStart}
              <span class="sr-only"> {group.name}</span>
            </Button>
            <ConfirmAction
              label={T.deleteStart}
              question={T.deleteQuestion(group.name, group.member_count)}
              confirm={T.delete}
              busy={deleting.value}
              onConfirm={() => void remove()}
            />
          </div>
        )}
      </div>
    </li>
  );
}
