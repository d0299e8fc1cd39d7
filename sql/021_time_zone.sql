-- Languages (issue 30): the time zone the user's browser last said (an IANA name, checked by the
-- server), null until one did. Notices mailed to the user name their times in it.
alter table users add column time_zone text;
