/** The validation sentences both sides say (FIELD_MESSAGES): the server's 422s and the dashboard's forms. */
import type { Translated } from "../../src/http/catalogue.ts";
import type { FIELD_MESSAGES } from "../../src/http/messages.ts";

export const fields: Translated<typeof FIELD_MESSAGES> = {
  required: "ist erforderlich",
  lengthBetween: (min: number, max: number): string => `muss ${min}–${max} Zeichen lang sein`,
  atMost: (max: number): string => `darf höchstens ${max} Zeichen lang sein`,
  usernameChars: "darf nur Buchstaben, Ziffern, _, - und . enthalten",
  invisibleChars: "darf keine unsichtbaren Zeichen enthalten",
  mixedScripts: "darf keine Alphabete mischen (etwa Lateinisch und Kyrillisch)",
  notOnlySpaces: "darf nicht nur aus Leerzeichen bestehen",
  tooCommon: "ist zu verbreitet; wählen Sie eines, das schwerer zu erraten ist",
  email: "muss eine gültige E-Mail-Adresse sein",
  notYourEmail: "darf nicht Ihre E-Mail-Adresse sein",
  language: "muss eine dieser Sprachen sein: en, de, fr, es, pt-BR, zh-Hans",
};
