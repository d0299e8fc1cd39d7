/** The validation sentences both sides say (FIELD_MESSAGES): the server's 422s and the dashboard's forms. */
import type { Translated } from "../../src/http/catalogue.ts";
import type { FIELD_MESSAGES } from "../../src/http/messages.ts";

export const fields: Translated<typeof FIELD_MESSAGES> = {
  required: "é obrigatório",
  lengthBetween: (min: number, max: number): string => `deve ter de ${min} a ${max} caracteres`,
  atMost: (max: number): string => `deve ter no máximo ${max} caracteres`,
  usernameChars: "só pode conter letras, dígitos, _, - e .",
  invisibleChars: "não pode conter caracteres invisíveis",
  mixedScripts: "não pode misturar alfabetos (como latino e cirílico)",
  notOnlySpaces: "não pode ter só espaços",
  tooCommon: "é comum demais; escolha uma mais difícil de adivinhar",
  email: "deve ser um endereço de e-mail válido",
  notYourEmail: "não pode ser o seu endereço de e-mail",
  language: "deve ser um destes idiomas: en, de, fr, es, pt-BR, zh-Hans",
};
