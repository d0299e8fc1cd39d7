/** The validation sentences both sides say (FIELD_MESSAGES): the server's 422s and the dashboard's forms. */
import type { Translated } from "../../src/http/catalogue.ts";
import type { FIELD_MESSAGES } from "../../src/http/messages.ts";

export const fields: Translated<typeof FIELD_MESSAGES> = {
  required: "es obligatorio",
  lengthBetween: (min: number, max: number): string => `debe tener entre ${min} y ${max} caracteres`,
  atMost: (max: number): string => `debe tener como máximo ${max} caracteres`,
  usernameChars: "solo puede contener letras, dígitos, _, - y .",
  invisibleChars: "no debe contener caracteres invisibles",
  mixedScripts: "no debe mezclar alfabetos (como el latino y el cirílico)",
  notOnlySpaces: "no debe consistir solo en espacios",
  tooCommon: "es demasiado común; elija una más difícil de adivinar",
  email: "debe ser una dirección de correo válida",
  notYourEmail: "no debe ser su dirección de correo",
  language: "debe ser uno de estos idiomas: en, de, fr, es, pt-BR, zh-Hans",
};
