-- No dead ends: why a session ended, how each sign-in was proven, recovery codes left, devices that
-- skip the second step, and the admin's help-desk actions.

-- Why a session ended, so that a device signed out while away is told why (the 401's `reason`):
-- 'signed_out' (by this very device), 'signed_out_elsewhere', 'locked', 'password_changed'.
alter table sessions add column ended_reason text;
alter table sessions add constraint sessions_ended_reason_check check (
  ended_reason in ('signed_out', 'signed_out_elsewhere', 'locked', 'password_changed')
);

-- How the sign-in that started a session was proven: 'password', 'password+totp',
-- 'password+recovery_code', 'password+remembered_device', 'passkey'. Also on each `login` event.
alter table sessions add column method text;
alter table user_events add column method text;
alter table sessions add constraint sessions_method_check check (char_length(method) <= 64);
alter table user_events add constraint user_events_method_check check (char_length(method) <= 64);

-- Recovery codes not used yet, on the user's row (what `user.mfa` shows, read with the user).
alter table users add column recovery_codes_left integer not null default 0;
update users u set recovery_codes_left =
  (select count(*) from recovery_codes r where r.user_id = u.id and r.used_at is null);

-- "Remember this device for 30 days" on the code step: a random token in an HttpOnly cookie, its
-- SHA-256 here. It only ever skips the second step (never the password), for its own account, and
-- goes with a password change or reset, the app being removed, or the admin resetting two-factor.
create table remembered_devices (
  id uuid primary key default gen_random_uuid(),
  user_id bigint not null references users (id) on delete cascade,
  token_hash text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_used_at timestamptz,
  ip text,
  user_agent text,
  constraint remembered_devices_token_key unique (token_hash),
  constraint remembered_devices_hash_check check (token_hash ~ '^[0-9a-f]{64}$'),
  constraint remembered_devices_ip_check check (char_length(ip) <= 64),
  constraint remembered_devices_user_agent_check check (char_length(user_agent) <= 512)
);
create index remembered_devices_user_idx on remembered_devices (user_id, created_at desc);

alter table user_events drop constraint user_events_type_check;
alter table user_events add constraint user_events_type_check check (
  type in (
    'signup', 'login', 'login_failed', 'logout', 'password_changed', 'profile_updated',
    'session_revoked', 'sessions_revoked', 'password_reset_requested', 'password_reset', 'email_verified',
    'totp_enabled', 'totp_disabled', 'recovery_codes_regenerated', 'recovery_code_used',
    'passkey_added', 'passkey_removed', 'mfa_failed', 'account_locked', 'account_unlocked', 'role_changed',
    'two_factor_reset', 'device_remembered', 'device_forgotten'
  )
);

alter table audit_log drop constraint audit_log_action_check;
alter table audit_log add constraint audit_log_action_check check (
  action in (
    'account_locked', 'account_unlocked', 'sessions_revoked', 'role_changed', 'account_deleted',
    'two_factor_reset', 'reset_link_sent', 'confirmation_sent', 'email_confirmed', 'session_revoked'
  )
);

-- The audit log filtered by action and time (the admin's filters), newest first.
create index audit_log_action_idx on audit_log (action, id desc);
