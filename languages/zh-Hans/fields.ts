/** The validation sentences both sides say (FIELD_MESSAGES): the server's 422s and the dashboard's forms. */
import type { Translated } from "../../src/http/catalogue.ts";
import type { FIELD_MESSAGES } from "../../src/http/messages.ts";

export const fields: Translated<typeof FIELD_MESSAGES> = {
  required: "为必填项",
  lengthBetween: (min: number, max: number): string => `长度须为 ${min}–${max} 个字符`,
  atMost: (max: number): string => `长度不能超过 ${max} 个字符`,
  usernameChars: "只能包含字母、数字、_、- 和 .",
  invisibleChars: "不能包含不可见字符",
  mixedScripts: "不能混用不同的字母系统（例如拉丁字母和西里尔字母）",
  notOnlySpaces: "不能只包含空格",
  tooCommon: "过于常见，请换一个更难猜到的",
  email: "必须是有效的电子邮件地址",
  notYourEmail: "不能是您的电子邮件地址",
  language: "必须是以下语言之一：en、de、fr、es、pt-BR、zh-Hans",
};
