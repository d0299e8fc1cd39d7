/**
 * The dashboard's own sentences that belong to no feature: the frame of every page (the navigation,
 * the session, the tables of events, a page not found) and what the forms and the API client say.
 * Each feature says the rest in its own messages.ts; languages/<code>/dashboard.ts translates them.
 */
import { catalogue } from "../../src/http/catalogue.ts";

export const APP_MESSAGES = /* @__PURE__ */ catalogue("web", {
  pageTitle: (title: string): string => `${title} · Datta Dashboard`,
  loading: "Loading…",
  pageNotLoaded: "This page could not be loaded. Check your connection.",
  tryAgain: "Try again",
  dismiss: "Dismiss",
  show: "Show",
  hide: "Hide",
  showField: (label: string): string => `Show ${label.toLowerCase()}`,
  darkTheme: "Dark theme",
  useLight: "Use the light theme",
  useDark: "Use the dark theme",
  language: "Language",
  // A page not found.
  pageNotFound: "Page not found",
  noSuchPage: "This page does not exist",
  mistyped: "The address may be mistyped, or the page has moved.",
  noAccountYet: "No account yet?",
  createOne: "Create one",
  goToSignIn: "Go to sign in",
  goToDashboard: "Go to the dashboard",
  stillSignedIn: "You are still signed in.",
  signedOutHere: "You have signed out on this device.",
  signedOutEverywhere: "You have signed out on every device.",
  expired: "Your session expired. Sign in to continue.",
  signedOutElsewhere: "You were signed out from another device. Sign in to continue.",
  locked: "Your account was locked; your administrator can tell you why. Sign in to continue.",
  passwordChanged: "Your password was changed. Sign in to continue.",
  // Forms and the API client.
  fieldError: (label: string, phrase: string): string => `${label} ${phrase}`,
  thisField: "This field",
  labelEmail: "E-mail",
  labelUsername: "Username",
  labelPassword: "Password",
  labelCurrentPassword: "Current password",
  labelNewPassword: "New password",
  draftKept: "We kept what you had typed before your session ended. Check it and save.",
  unreachable: "Cannot reach the server. Check your connection and try again.",
  serverAnswered: (status: number): string => `The server answered ${status}.`,
} as const);
