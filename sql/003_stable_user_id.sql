-- The stable user id: fixed at sign-up and never rotated, unlike public_id. Other services behind
-- the proxy key their data by it (X-Auth-User-Id, the assertion's `sub`); it never appears in a
-- body the browser receives.
alter table users add column stable_id uuid not null default gen_random_uuid();
alter table users add constraint users_stable_id_key unique (stable_id);
