/**
 * Deutsch: das Dashboard (jede Seite, jede Schaltfläche, was die Seiten ansagen). Förmlich (Sie),
 * ruhig und genau, wie die englischen Sätze.
 */
import type { FirstCatalogue } from "../../web/src/catalogues.ts";
import { fields } from "./fields.ts";

const de: FirstCatalogue = {
  fields,
  web: {
    pageTitle: (title: string): string => `${title} · Datta Dashboard`,
    loading: "Wird geladen …",
    pageNotLoaded: "Diese Seite konnte nicht geladen werden. Prüfen Sie Ihre Verbindung.",
    tryAgain: "Erneut versuchen",
    dismiss: "Schließen",
    show: "Anzeigen",
    hide: "Verbergen",
    showField: (label: string): string => `${label} anzeigen`,
    darkTheme: "Dunkles Design",
    useLight: "Helles Design verwenden",
    useDark: "Dunkles Design verwenden",
    language: "Sprache",
    pageNotFound: "Seite nicht gefunden",
    noSuchPage: "Diese Seite gibt es nicht",
    mistyped: "Die Adresse ist vielleicht falsch geschrieben, oder die Seite ist umgezogen.",
    noAccountYet: "Noch kein Konto?",
    createOne: "Jetzt anlegen",
    goToSignIn: "Zur Anmeldung",
    goToDashboard: "Zum Dashboard",
    stillSignedIn: "Sie sind weiterhin angemeldet.",
    signedOutHere: "Sie haben sich auf diesem Gerät abgemeldet.",
    signedOutEverywhere: "Sie haben sich auf allen Geräten abgemeldet.",
    expired: "Ihre Sitzung ist abgelaufen. Melden Sie sich an, um fortzufahren.",
    signedOutElsewhere: "Sie wurden von einem anderen Gerät aus abgemeldet. Melden Sie sich an, um fortzufahren.",
    locked:
      "Ihr Konto wurde gesperrt; Ihre Administration kann Ihnen den Grund nennen. Melden Sie sich an, um fortzufahren.",
    passwordChanged: "Ihr Passwort wurde geändert. Melden Sie sich an, um fortzufahren.",
    fieldError: (label: string, phrase: string): string => `${label} ${phrase}`,
    thisField: "Dieses Feld",
    labelEmail: "E-Mail",
    labelUsername: "Benutzername",
    labelPassword: "Passwort",
    labelCurrentPassword: "Aktuelles Passwort",
    labelNewPassword: "Neues Passwort",
    draftKept:
      "Wir haben aufbewahrt, was Sie vor dem Ende Ihrer Sitzung eingegeben hatten. Prüfen und speichern Sie es.",
    unreachable: "Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
    serverAnswered: (status: number): string => `Der Server antwortete mit ${status}.`,
  },
  "web/sign-in": {
    signIn: "Anmelden",
    signingIn: "Anmeldung läuft …",
    welcomeBack: "Willkommen zurück. Geben Sie Ihre Daten ein, um Ihr Dashboard zu öffnen.",
    asksTwoFactors:
      "Die Anwendung verlangt zwei Faktoren: Ihr Passwort und den Code Ihrer Authenticator-App, oder einen Passkey.",
    asksAgain: "Die Anwendung bittet Sie, sich erneut anzumelden, bevor es weitergeht.",
    twoFactorsByPasskey:
      "Diese Anwendung verlangt zwei Faktoren: Melden Sie sich mit Ihrem Passkey an, er zählt für beide.",
    nextStepNotLoaded:
      "Der nächste Schritt konnte nicht geladen werden. Prüfen Sie Ihre Verbindung und melden Sie sich erneut an.",
    forgotPassword: "Passwort vergessen?",
    or: "oder",
    withPasskey: "Mit einem Passkey anmelden",
    waitingForPasskey: "Warten auf den Passkey …",
    tryAgainIn: "Sie können es erneut versuchen in",
    tryAgainNow: "Sie können es jetzt erneut versuchen.",
    orNow: "Oder sofort:",
    stepUpTitle: "Bestätigen Sie, dass Sie es sind",
  },
  "web/access/labels": {
    groups: "Gruppen",
    adminGroups: "Administration · Gruppen",
    accessRules: "Zugriffsregeln",
    adminAccessRules: "Administration · Zugriffsregeln",
  },
  "web/account/labels": {
    dashboard: "Dashboard",
    profile: "Profil",
    signUp: "Registrieren",
  },
  "web/admin/labels": {
    admin: "Administration",
    auditLog: "Prüfprotokoll",
    adminAuditLog: "Administration · Prüfprotokoll",
    user: "Benutzer",
    adminUser: "Administration · Benutzer",
  },
  "web/email/labels": {
    forgotPassword: "Passwort vergessen",
    newPassword: "Neues Passwort wählen",
    confirmAddress: "E-Mail-Adresse bestätigen",
  },
  "web/oidc/labels": {
    allowAccess: "Zugriff erlauben",
    connectedApps: "Verbundene Apps",
    applications: "Anwendungen",
    adminApplications: "Administration · Anwendungen",
  },
  "web/session/labels": {
    sessions: "Sitzungen",
  },
  "web/two-factor/labels": {
    security: "Sicherheit",
  },
  "web/upstream/labels": {
    linkYourAccount: "Konto verknüpfen",
  },
};

export default de;
