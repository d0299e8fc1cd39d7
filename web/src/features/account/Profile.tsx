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
import { useAccountActions } from "./actions.ts";
import { LanguageCard } from "./LanguageCard.tsx";

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
      if (newAddress(v.email) && !v.current_password)
        found.current_password = "Enter your password to change the address";
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
      return moved.current
        ? "Saved. Follow the link we mailed to the new address to confirm it; your other devices were signed out."
        : "Your profile is saved.";
    },
    draft: "profile",
  });

  return (
    <Card title="Profile" class="span-6">
      <Form form={form} label="Profile">
        <Field label="Username" autoComplete="username" {...form.field("username")} />
        <Field label="E-mail" type="email" autoComplete="email" {...form.field("email")} />
        {newAddress(form.values.value.email) && (
          <Field
            label="Your password"
            type="password"
            autoComplete="current-password"
            {...form.field("current_password")}
            name="profile_password"
            hint="A new address needs your password: a reset link would go there."
          />
        )}
        <Button busy={form.busy.value}>Save profile</Button>
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
      if (!found.new_password && v.new_password !== v.confirm_password)
        found.confirm_password = "The new passwords do not match";
      return found;
    },
    send: (v) => account.changePassword(v.current_password, v.new_password),
    fieldByStatus: { 403: "current_password" },
    done() {
      form.reset();
      return "Password changed. Your other sessions have been signed out.";
    },
  });

  return (
    <Card title="Change password" class="span-6">
      <Form form={form} label="Change password">
        <Field
          label="Current password"
          type="password"
          autoComplete="current-password"
          {...form.field("current_password")}
        />
        <Field
          label="New password"
          type="password"
          autoComplete="new-password"
          {...form.field("new_password")}
          hint="8–128 characters, not your e-mail"
          strengthFor={state.user.value?.email ?? ""}
        />
        <Field
          label="Repeat new password"
          type="password"
          autoComplete="new-password"
          {...form.field("confirm_password")}
        />
        <Button busy={form.busy.value}>Change password</Button>
      </Form>
    </Card>
  );
}

function DeleteAccount() {
  const account = useAccountActions();
  const confirming = useSignal(false);
  const form = useForm({
    initial: { password: "" },
    check: (v): FieldErrors =>
      validatePresentPassword(v.password).ok ? {} : { password: "Enter your password to confirm" },
    send: (v) => account.deleteAccount(v.password),
    fieldByStatus: { 403: "password" },
  });
  const cancel = () => {
    confirming.value = false;
    form.reset();
  };

  return (
    <Card title="Delete account" class="span-12 danger-zone">
      <p>This removes your account and its activity for good. It cannot be undone.</p>
      {confirming.value ? (
        <Form form={form} label="Delete account" class="inline-form">
          <Field
            label="Your password"
            type="password"
            autoComplete="current-password"
            {...form.field("password")}
            name="delete_password"
            autoFocus
          />
          <div class="actions">
            <Button kind="danger" busy={form.busy.value}>
              Delete my account
            </Button>
            <Button kind="ghost" type="button" onClick={cancel}>
              Cancel
            </Button>
          </div>
        </Form>
      ) : (
        <Button kind="danger" type="button" onClick={() => (confirming.value = true)}>
          Delete account…
        </Button>
      )}
    </Card>
  );
}

export function Profile() {
  useTitle("Profile");
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
