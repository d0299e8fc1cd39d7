/** What groups and access rules say to a person (each answer's `msg`). */
import { catalogue } from "../http/catalogue.ts";

export const ACCESS_MESSAGES = /* @__PURE__ */ catalogue("access", {
  groupNotFound: "There is no group with that name.",
  userNotFound: "There is no user with that id.",
  groupExists: "A group with that name exists already.",
  groupName: "1-64 lower case letters, digits, _ or -, starting with a letter or a digit",
  groupDeleted: (name: string): string => `The group ${name} is deleted.`,
  memberAdded: (name: string): string => `Added to ${name}.`,
  memberRemoved: (name: string): string => `Removed from ${name}.`,
  noSuchEmail: "No account uses that e-mail address.",
  notMember: "That user is not in the group.",
} as const);
