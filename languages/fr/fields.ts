/** The validation sentences both sides say (FIELD_MESSAGES): the server's 422s and the dashboard's forms. */
import type { Translated } from "../../src/http/catalogue.ts";
import type { FIELD_MESSAGES } from "../../src/http/messages.ts";

export const fields: Translated<typeof FIELD_MESSAGES> = {
  required: "est obligatoire",
  lengthBetween: (min: number, max: number): string => `doit compter de ${min} à ${max} caractères`,
  atMost: (max: number): string => `doit compter au plus ${max} caractères`,
  usernameChars: "ne peut contenir que des lettres, des chiffres, _, - et .",
  invisibleChars: "ne doit pas contenir de caractères invisibles",
  mixedScripts: "ne doit pas mélanger les alphabets (latin et cyrillique, par exemple)",
  notOnlySpaces: "ne doit pas contenir que des espaces",
  tooCommon: "est trop courant ; choisissez-en un plus difficile à deviner",
  email: "doit être une adresse e-mail valide",
  notYourEmail: "ne doit pas être votre adresse e-mail",
  language: "doit être l’une de ces langues : en, de, fr, es, pt-BR, zh-Hans",
};
