-- Event types become rows: a feature's migration adds its own (insert into event_types), instead of
-- every migration dropping and re-declaring one CHECK that lists every feature's. `feature` names
-- the feature that records it (its `events` in code; the server refuses to start when one of those
-- is missing here).
create table event_types (
  name text primary key,
  feature text not null,
  constraint event_types_name_check check (name ~ '^[a-z][a-z0-9_]{0,47}$'),
  constraint event_types_feature_check check (feature ~ '^[a-z][a-z0-9-]{0,47}$')
);

insert into event_types (name, feature) values
  ('signup', 'users'), ('logout', 'users'),
  ('password_changed', 'account'), ('profile_updated', 'account'),
  ('login', 'sign-in'), ('login_failed', 'sign-in'), ('mfa_failed', 'sign-in'),
  ('password_reset_requested', 'email'), ('password_reset', 'email'), ('email_verified', 'email'),
  ('totp_enabled', 'two-factor'), ('totp_disabled', 'two-factor'),
  ('recovery_codes_regenerated', 'two-factor'), ('recovery_code_used', 'two-factor'),
  ('passkey_added', 'two-factor'), ('passkey_removed', 'two-factor'), ('two_factor_reset', 'two-factor'),
  ('device_remembered', 'two-factor'), ('device_forgotten', 'two-factor'),
  ('account_locked', 'admin'), ('account_unlocked', 'admin'), ('role_changed', 'admin'),
  ('session_revoked', 'session'), ('sessions_revoked', 'session');

alter table user_events drop constraint user_events_type_check;
alter table user_events add constraint user_events_type_fkey foreign key (type) references event_types (name);
