-- Languages (issue 30): the language a user chose in Profile (one of the product's: en, de, fr,
-- es, pt-BR, zh-Hans; checked by the API), null until chosen. Mails to the user are written in it.
alter table users add column language text;
