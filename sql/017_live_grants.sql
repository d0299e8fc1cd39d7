-- The grants that still hold (issue 27): unexpired, and given under a dashboard session that has not
-- ended (or bound to no session). Every read of a grant for a token goes through this one
-- definition: the adapter's read of a grant, and the reads that bring a token's grant with the
-- token (src/oidc/token-reads.ts). A join, not `exists`: the planner may turn an `exists` into a
-- scan of every live session.
create view oidc_live_grants as
  select g.*
  from oidc_grants g
  left join sessions s on s.id = g.sid
  where g.expires_at > now()
    and (g.sid is null or (s.ended_at is null and s.expires_at > now()));
