-- Groups (issue 29): named groups of users, for the access rules at the proxy and the `groups` claim.
-- `admin` stays a role. Each change is audited by the admin API or the command line that makes it.

create table groups (
  id bigint generated always as identity primary key,
  name text not null,
  created_at timestamptz not null default now(),
  constraint groups_name_key unique (name),
  constraint groups_name_check check (name ~ '^[a-z0-9][a-z0-9_-]{0,63}$')
);

create table group_members (
  group_id bigint not null references groups (id) on delete cascade,
  user_id bigint not null references users (id) on delete cascade,
  added_at timestamptz not null default now(),
  primary key (group_id, user_id)
);
create index group_members_user_idx on group_members (user_id);

-- The names of a user's groups, sorted, on the user's row: it is read with the user on every request
-- (a session, forward auth, the OpenID provider), so a change counts at once on every replica, with
-- no second round trip. Triggers keep it in step with group_members and the groups' names, in the
-- transaction of the change.
alter table users add column groups text[] not null default '{}';

create function users_groups_of(uid bigint) returns text[] language sql stable as $$
  select coalesce(array_agg(g.name order by g.name), '{}')
  from group_members m join groups g on g.id = m.group_id
  where m.user_id = uid
$$;

create function group_members_changed() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    update users set groups = users_groups_of(old.user_id) where id = old.user_id;
    return old;
  end if;
  update users set groups = users_groups_of(new.user_id) where id = new.user_id;
  return new;
end
$$;
create trigger group_members_changed after insert or delete on group_members
  for each row execute function group_members_changed();

create function group_renamed() returns trigger language plpgsql as $$
begin
  update users set groups = users_groups_of(id) where old.name = any (groups);
  return new;
end
$$;
create trigger group_renamed after update of name on groups
  for each row execute function group_renamed();

insert into audit_actions (name) values
  ('group_created'), ('group_renamed'), ('group_deleted'), ('group_member_added'), ('group_member_removed');
