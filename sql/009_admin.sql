-- Admin: locked accounts, when each last signed in, the audit trail of admin actions, and the
-- indexes the admin's user list walks and searches by.
alter table users add column locked_at timestamptz;
alter table users add column locked_reason text;
alter table users add constraint users_locked_reason_check check (char_length(locked_reason) <= 500);
alter table users add column last_sign_in_at timestamptz;

-- The list: newest sign-ups first, keyset pagination on (created_at, stable_id): a stable order in
-- which sign-ups during a walk land before the cursor, never twice, never shifting a page.
create index users_created_idx on users (created_at desc, stable_id desc);
-- Search: the start of the username or the e-mail, case-insensitive (text_pattern_ops: LIKE 'x%').
create index users_username_prefix_idx on users (lower(username) text_pattern_ops);
create index users_email_prefix_idx on users (lower(email) text_pattern_ops);

-- Who did what to whom. Actor and target are named by stable id and by the address they had then,
-- so an entry still reads after either account is gone. No actor uid: the command line (admin grant).
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_uid uuid,
  actor_email text not null,
  action text not null,
  target_uid uuid,
  target_email text,
  ip text,
  detail jsonb not null default '{}',
  constraint audit_log_action_check check (
    action in ('account_locked', 'account_unlocked', 'sessions_revoked', 'role_changed', 'account_deleted')
  )
);

alter table user_events drop constraint user_events_type_check;
alter table user_events add constraint user_events_type_check check (
  type in (
    'signup', 'login', 'login_failed', 'logout', 'password_changed', 'profile_updated',
    'session_revoked', 'sessions_revoked', 'password_reset_requested', 'password_reset', 'email_verified',
    'totp_enabled', 'totp_disabled', 'recovery_codes_regenerated', 'recovery_code_used',
    'passkey_added', 'passkey_removed', 'mfa_failed', 'account_locked', 'account_unlocked', 'role_changed'
  )
);
