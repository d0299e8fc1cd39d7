import { useSignal } from "@preact/signals";
import { useRef } from "preact/hooks";
import {
  validateNewPassword,
  validatePresentPassword,
  validateProfileChanges,
} from "../../../../src/users/validation.ts";
import { Button, Card, Field, Form } from "../../components/ui.tsx";
import { useApp, useTitle } from "../../context.ts";
import { PARTS } from "../../features.ts";
import { checked, type FieldErrors, useForm } from "../../form.ts";
import { APP_MESSAGES } from "../../messages.ts";
import { PAGE_MESSAGES } from "../../page-messages.ts";
import { useAccountActions } from "./actions.ts";
import { LanguageCard } from "./LanguageCard.tsx";
import { ACCOUNT_LABELS as L } from "./labels.ts";
import { ACCOUNT_TEXT as T } from "./messages.ts";

function ProfileForm() {
  const { state } = useApp();
  const account = useAccountActions();
  const user = state.user.value;
  /** The address as the server keeps it: another one (in any case) is a change of address. */
  const newAddress = (email: string) => email.trim().toLowerCase() !== (state.user.value?.email ?? "");
  /** Whether the change being saved is of the address (the user's address has changed once it is). */
  const moved = useRef(false);
  const form = useForm({
    initial: { username: user?.username ?? "", email: user?.email ?? "", current_password: "" },
    check(v) {
      const found = checked(validateProfileChanges(v));
      if (newAddress(v.email) && !v.current_password) found.current_password = T.passwordForAddress;
      return found;
    },
    send: ({ current_password, ...changes }) => {
      moved.current = newAddress(changes.email);
      return account.updateProfile(moved.current ? { ...changes, current_password } : changes);
    },
    fieldByStatus: { 409: "email", 403: "current_password" },
    done(v) {
      const saved = state.user.value;
      form.reset({ username: saved?.username ?? v.username, email: saved?.email ?? v.email, current_password: "" });
      return moved.current ? T.savedMoved : T.profileSaved;
    },
    draft: "profile",
  });

  return (
    <Card title={L.profile} class="span-6">
      <Form form={form} label={L.profile}>
        <Field label={APP_MESSAGES.labelUsername} autoComplete="username" {...form.field("username")} />
        <Field label={APP_MESSAGES.labelEmail} type="email" autoComplete="email" {...form.field("email")} />
        {newAddress(form.values.value.email) && (
          <Field
            label={T.yourPassword}
            type="password"
            autoComplete="current-password"
            {...form.field("current_password")}
            name="profile_password"
            hint={T.newAddressNeedsPassword}
          />
        )}
        <Button busy={form.busy.value}>{T.saveProfile}</Button>
      </Form>
    </Card>
  );
}

function PasswordForm() {
  const { state } = useApp();
  const account = useAccountActions();
  const form = useForm({
    initial: { current_password: "", new_password: "", confirm_password: "" },
    check(v) {
      const found = checked(validateNewPassword(v, state.user.value?.email ?? ""));
      if (!found.new_password && v.new_password !== v.confirm_password) found.confirm_password = T.newPasswordsDiffer;
      return found;
    },
    send: (v) => account.changePassword(v.current_password, v.new_password),
    fieldByStatus: { 403: "current_password" },
    done() {
      form.reset();
      return T.passwordChanged;
    },
  });

  return (
    <Card title={T.changePassword} class="span-6">
      <Form form={form} label={T.changePassword}>
        <Field
          label={APP_MESSAGES.labelCurrentPassword}
          type="password"
          autoComplete="current-password"
          {...form.field("current_password")}
        />
        <Field
          label={APP_MESSAGES.labelNewPassword}
          type="password"
          autoComplete="new-password"
          {...form.field("new_password")}
          hint={T.passwordHint}
          strengthFor={state.user.value?.email ?? ""}
        />
        <Field
          label={T.repeatNewPassword}
          type="password"
          autoComplete="new-password"
          {...form.field("confirm_password")}
        />
        <Button busy={form.busy.value}>{T.changePassword}</Button>
      </Form>
    </Card>
  );
}

function DeleteAccount() {
  const account = useAccountActions();
  const confirming = useSignal(false);
  const form = useForm({
    initial: { password: "" },
    check: (v): FieldErrors => (validatePresentPassword(v.password).ok ? {} : { password: T.passwordToConfirm }),
    send: (v) => account.deleteAccount(v.password),
    fieldByStatus: { 403: "password" },
  });
  const cancel = () => {
    confirming.value = false;
    form.reset();
  };

  return (
    <Card title={T.deleteAccount} class="span-12 danger-zone">
      <p>{T.deleteForGood}</p>
      {confirming.value ? (
        <Form form={form} label={T.deleteAccount} class="inline-form">
          <Field
            label={T.yourPassword}
            type="password"
            autoComplete="current-password"
            {...form.field("password")}
            name="delete_password"
            autoFocus
          />
          <div class="actions">
            <Button kind="danger" busy={form.busy.value}>
              {T.deleteMyAccount}
            </Button>
            <Button kind="ghost" type="button" onClick={cancel}>
              {PAGE_MESSAGES.cancel}
            </Button>
          </div>
        </Form>
      ) : (
        <Button kind="danger" type="button" onClick={() => (confirming.value = true)}>
          {T.deleteAccountStart}
        </Button>
      )}
    </Card>
  );
}

export function Profile() {
  useTitle(L.profile);
  return (
    <div class="grid">
      <ProfileForm />
      <PasswordForm />
      <LanguageCard />
      {PARTS.profile.map((Part, i) => (
        <Part key={i} />
      ))}
      <DeleteAccount />
    </div>
  );
}
