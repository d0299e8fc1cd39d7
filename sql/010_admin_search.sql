-- Admin search answered from the index alone: each prefix index also carries what the list orders
-- and pages by (created_at, stable_id) and the row's id, so a search walks the username index and
-- the e-mail index without touching the table, and only the page it returns is read from it.
-- The column itself is in each index too: without it Postgres will not answer lower(column) from
-- the index (index-only scans of an expression need the columns the expression reads).
drop index users_username_prefix_idx;
drop index users_email_prefix_idx;
create index users_username_prefix_idx on users (lower(username) text_pattern_ops)
  include (username, created_at, stable_id, id);
create index users_email_prefix_idx on users (lower(email) text_pattern_ops)
  include (email, created_at, stable_id, id);
