/**
 * Deutsch: was der Server sagt (die `msg` jeder Antwort, die Sätze der Feldfehler, die Mails).
 * Förmlich (Sie), ruhig und genau, wie die englischen Sätze.
 */

import type { ServerCatalogue } from "../../src/catalogues.ts";
import { counted } from "../../src/http/catalogue.ts";
import { devices } from "./devices.ts";
import { fields } from "./fields.ts";

const minuten = (seconds: number): string => counted(Math.ceil(seconds / 60), { one: "# Minute", other: "# Minuten" });

const de: ServerCatalogue = {
  http: {
    adminOnly: "Dafür sind Administratorrechte nötig.",
    authRequired: "Anmeldung erforderlich.",
    sessionEnded: "Ihre Sitzung ist beendet; melden Sie sich erneut an.",
    signedOutElsewhere: "Sie wurden von einem anderen Gerät aus abgemeldet.",
    accountWasLocked: "Ihr Konto wurde gesperrt.",
    passwordWasChanged: "Ihr Passwort wurde geändert; melden Sie sich mit dem neuen an.",
    csrfInvalid: "CSRF-Token fehlt oder ist ungültig.",
    sessionRevoked: "Dieses Gerät ist abgemeldet.",
    signedOutHere: "Auf diesem Gerät abgemeldet.",
    sessionNotFound: "Diese Sitzung gibt es nicht.",
    otherSessionsRevoked: (n: number): string =>
      n === 0
        ? "Kein anderes Gerät war angemeldet."
        : counted(n, { one: "# anderes Gerät abgemeldet.", other: "# andere Geräte abgemeldet." }),
    passwordWrong: "Das Passwort ist falsch.",
    tooManyPasswordAttempts: (retryAfterSeconds: number): string =>
      `Zu viele falsche Passwörter. Versuchen Sie es in ${minuten(retryAfterSeconds)} erneut.`,
    invalidFields: "Einige Felder sind ungültig.",
    notJson: "Der Inhalt der Anfrage ist kein gültiges JSON.",
    notJsonType: "Content-Type muss application/json sein.",
    bodyTooLarge: (kib: number): string => `Der Inhalt der Anfrage ist größer als ${kib} KiB.`,
    nestedTooDeeply: (levels: number): string =>
      `Der Inhalt der Anfrage ist tiefer als ${levels} Ebenen verschachtelt.`,
    notFound: "Nicht gefunden.",
    databaseDown: "Die Datenbank ist nicht erreichbar; versuchen Sie es gleich noch einmal.",
    storeDown: "Der Sitzungsspeicher ist nicht erreichbar; versuchen Sie es gleich noch einmal.",
    busy: "Der Server ist ausgelastet; versuchen Sie es gleich noch einmal.",
    secretsUnavailable:
      "Der Server kann ein gespeichertes Geheimnis nicht öffnen; seine Administration ist informiert.",
    internal: "Interner Serverfehler.",
  },
  fields,
  devices,
  "request-fields": {
    controlChars: "darf keine Steuerzeichen enthalten (etwa einen Tabulator, einen Zeilenumbruch oder NUL)",
    invalid: "ist ungültig",
    timeZone: "muss eine IANA-Zeitzone sein, etwa Europe/Berlin",
    dateTime: "muss ein Datum oder ein Zeitpunkt sein, etwa 2026-12-04 oder 2026-12-04T10:00:00Z",
    jsonObject: "muss ein JSON-Objekt sein",
    typeString: "muss eine Zeichenkette sein",
    typeNumber: "muss eine Zahl sein",
    typeInteger: "muss eine ganze Zahl sein",
    typeBoolean: "muss true oder false sein",
    typeObject: "muss ein JSON-Objekt sein",
    typeArray: "muss eine Liste sein",
  },
  access: {
    groupNotFound: "Eine Gruppe mit diesem Namen gibt es nicht.",
    userNotFound: "Einen Benutzer mit dieser ID gibt es nicht.",
    groupExists: "Eine Gruppe mit diesem Namen gibt es bereits.",
    groupName: "1–64 Kleinbuchstaben, Ziffern, _ oder -, beginnend mit einem Buchstaben oder einer Ziffer",
    groupDeleted: (name: string): string => `Die Gruppe ${name} ist gelöscht.`,
    memberAdded: (name: string): string => `Zu ${name} hinzugefügt.`,
    memberRemoved: (name: string): string => `Aus ${name} entfernt.`,
    noSuchEmail: "Kein Konto verwendet diese E-Mail-Adresse.",
    notMember: "Dieser Benutzer ist nicht in der Gruppe.",
  },
  account: {
    accountCreated: "Konto angelegt.",
    emailTaken: "Diese E-Mail-Adresse ist bereits registriert.",
    nothingToChange: "Nichts zu ändern.",
    profileUpdated: "Profil gespeichert.",
    passwordChanged: "Passwort geändert.",
    currentPasswordWrong: "Das aktuelle Passwort ist falsch.",
    tooManySignups: (retryAfterSeconds: number): string =>
      `Zu viele Registrierungen aus Ihrem Netzwerk. Versuchen Sie es in ${minuten(retryAfterSeconds)} erneut.`,
    accountDeleted: "Konto gelöscht.",
    passwordForNewAddress: "Geben Sie Ihr aktuelles Passwort ein, um die E-Mail-Adresse zu ändern.",
    checkNewAddress:
      "Profil gespeichert. Um die neue Adresse zu bestätigen, folgen Sie dem Link, den wir gerade dorthin geschickt haben.",
  },
  admin: {
    userNotFound: "Diesen Benutzer gibt es nicht.",
    notYourOwnAccount:
      "Nicht Ihr eigenes Konto: Bitten Sie eine andere Administratorin oder einen anderen Administrator.",
    notYourOwnRole: "Nicht Ihre eigene Rolle: Bitten Sie eine andere Administratorin oder einen anderen Administrator.",
    lastAdmin: "Die letzte Administration kann die Rolle nicht abgeben: Ernennen Sie zuerst eine weitere.",
    lastUsableAdmin: "Dann könnte sich niemand mehr als Administration anmelden: Ernennen Sie zuerst eine weitere.",
    accountLocked: "Konto gesperrt; jede Sitzung des Kontos ist beendet.",
    accountUnlocked: "Konto entsperrt.",
    accountLockedSignIn: "Dieses Konto ist gesperrt. Wenden Sie sich an Ihre Administration.",
    userSignedOut: "Jede Sitzung des Kontos ist beendet.",
    roleChanged: "Rolle geändert.",
    userDeleted: "Konto gelöscht.",
    twoFactorReset:
      "Zwei-Faktor-Anmeldung zurückgesetzt: Jede Sitzung ist beendet, und der Benutzer hat eine Nachricht erhalten.",
    resetLinkSent: "Ein Link zum Zurücksetzen des Passworts ist an den Benutzer unterwegs.",
    confirmationSent: "Ein neuer Bestätigungslink ist an den Benutzer unterwegs.",
    addressAlreadyConfirmed: "Die Adresse ist bereits bestätigt.",
    addressMarkedConfirmed: "Adresse als bestätigt markiert.",
  },
  email: {
    resetRequested:
      "Wenn ein Konto diese Adresse verwendet, ist ein Link zum Wählen eines neuen Passworts unterwegs. Er funktioniert einmal, 30 Minuten lang.",
    tooManyResetRequests: (retryAfterSeconds: number): string =>
      `Zu viele Anfragen zum Zurücksetzen. Versuchen Sie es in ${minuten(retryAfterSeconds)} erneut.`,
    passwordReset: "Passwort geändert. Melden Sie sich mit dem neuen Passwort an.",
    linkInvalid: "Dieser Link ist ungültig, schon benutzt oder abgelaufen. Fordern Sie einen neuen an.",
    emailVerified: "E-Mail-Adresse bestätigt.",
    verificationSent: "Ein neuer Bestätigungslink ist unterwegs. Er funktioniert einmal, 24 Stunden lang.",
    alreadyVerified: "Ihre E-Mail-Adresse ist bereits bestätigt.",
    tooManyVerificationMails: (retryAfterSeconds: number): string =>
      `Zu viele Bestätigungsmails. Versuchen Sie es in ${minuten(retryAfterSeconds)} erneut.`,
  },
  mail: {
    password_changedSubject: "Ihr Passwort wurde geändert",
    password_changedHappened: "Das Passwort Ihres Kontos wurde geändert.",
    password_resetSubject: "Ihr Passwort wurde zurückgesetzt",
    password_resetHappened: "Das Passwort Ihres Kontos wurde per E-Mail zurückgesetzt.",
    email_changedSubject: "Ihre E-Mail-Adresse wurde geändert",
    email_changedHappened:
      "Die E-Mail-Adresse Ihres Kontos wurde geändert; Nachrichten gehen jetzt an die neue Adresse.",
    second_factor_addedSubject: "Ein zweiter Faktor wurde hinzugefügt",
    second_factor_addedHappened: "Ihrem Konto wurde ein zweiter Anmeldefaktor hinzugefügt.",
    second_factor_removedSubject: "Ein zweiter Faktor wurde entfernt",
    second_factor_removedHappened: "Ein zweiter Anmeldefaktor wurde aus Ihrem Konto entfernt.",
    recovery_code_usedSubject: "Ein Wiederherstellungscode wurde verwendet",
    recovery_code_usedHappened:
      "Einer Ihrer Wiederherstellungscodes wurde für eine Anmeldung bei Ihrem Konto verwendet; er funktioniert nicht mehr. Auf der Seite Sicherheit können Sie neue erstellen.",
    passkeys_removedSubject: "Passkeys wurden entfernt",
    passkeys_removedHappened:
      "Beim Zurücksetzen des Passworts wurden Passkeys aus Ihrem Konto entfernt: die von den Geräten hinzugefügten, die dabei abgemeldet wurden, die vor der Bestätigung der Adresse hinzugefügten und alle, die auf der Seite zum Zurücksetzen ausgewählt wurden. Auf der Seite Sicherheit können Sie wieder einen Passkey hinzufügen.",
    two_factor_resetSubject: "Ihre Zwei-Faktor-Anmeldung wurde zurückgesetzt",
    two_factor_resetHappened:
      "Eine Administratorin oder ein Administrator hat die zweiten Anmeldefaktoren Ihres Kontos entfernt (die Authenticator-App mit ihren Wiederherstellungscodes und jedes für den Code-Schritt gemerkte Gerät, auf Wunsch auch die Passkeys) und alle Geräte abgemeldet. Melden Sie sich mit Ihrem Passwort an und richten Sie auf der Seite Sicherheit einen neuen zweiten Faktor ein.",
    new_sign_inSubject: "Eine Anmeldung von einem neuen Gerät",
    new_sign_inHappened:
      "Ihr Konto wurde von einem Gerät aus angemeldet, das in den letzten 30 Tagen nicht darauf zu sehen war.",
    noticeAdvice:
      "Wenn Sie das waren, ist nichts zu tun. Wenn nicht, setzen Sie Ihr Passwort sofort über die Anmeldeseite zurück und melden Sie auf der Seite Sitzungen jedes andere Gerät ab.",
    when: (at: string): string => `Wann: ${at}`,
    device: (device: string): string => `Gerät: ${device}`,
    ipAddress: (ip: string): string => `IP-Adresse: ${ip}`,
    unknownIp: "unbekannt",
    verifySubject: "Bestätigen Sie Ihre E-Mail-Adresse",
    verifyAsk: (address: string, product: string): string =>
      `Bitte bestätigen Sie, dass ${address} Ihre Adresse für ${product} ist.`,
    verifyTerms:
      "Der Link funktioniert einmal, 24 Stunden lang. Wenn Sie sich nicht registriert und Ihre Adresse nicht geändert haben, ignorieren Sie diese Nachricht.",
    verifyAction: "Adresse bestätigen",
    resetSubject: "Setzen Sie Ihr Passwort zurück",
    resetAsked: (product: string): string =>
      `Jemand hat darum gebeten, das Passwort Ihres ${product}-Kontos zurückzusetzen.`,
    resetTerms:
      "Der Link funktioniert einmal, 30 Minuten lang. Wenn Sie das nicht waren, ignorieren Sie diese Nachricht: Ihr Passwort bleibt, wie es ist.",
    resetAction: "Neues Passwort wählen",
  },
  "forward-auth": {
    notAllowed: "Sie dürfen diese Seite nicht aufrufen.",
    forbiddenTitle: "Sie dürfen diese Seite nicht aufrufen",
    forbiddenHelp:
      "Wenn Sie meinen, dass Sie es dürfen sollten, gehen Sie zurück und versuchen Sie es erneut, oder fragen Sie Ihre Administration.",
    toDashboard: "Zu Ihrem Dashboard",
    secondFactorNeeded:
      "Diese Seite verlangt einen zweiten Faktor: Bestätigen Sie mit Ihrem Code oder einem Passkey, dass Sie es sind.",
  },
  oidc: {
    clientNotFound: "Diesen Client gibt es nicht.",
    clientDeleted: "Client gelöscht; jede Freigabe und jedes Token des Clients ist beendet.",
    publicHasNoSecret: "Ein öffentlicher Client hat kein Geheimnis.",
    redirectHttps: "muss https:// sein (http:// nur für localhost, 127.0.0.1 oder [::1])",
    absoluteUri: "muss eine absolute URI sein",
    unknownScope: (scope: string) => `enthält einen Scope, den dieser Server nicht anbietet: ${scope}`,
    authMethodForType:
      "passt nicht zum Typ des Clients (öffentlich: none; vertraulich: ein Geheimnis oder private_key_jwt)",
    jwksUriNeeded: "ist für private_key_jwt erforderlich",
    redirectNeeded: "braucht für den Authorization-Code-Grant mindestens eine Redirect-URI",
    publicGrant: "client_credentials braucht einen vertraulichen Client",
    interactionGone:
      "Diese Anmeldeanfrage ist abgelaufen oder wurde in einem anderen Browser begonnen. Gehen Sie zurück zur Anwendung und melden Sie sich erneut an.",
    notThisInteraction: "Diese Anfrage wartet nicht auf Ihre Antwort.",
    appDisconnected: "Getrennt: Die App kann Ihr Konto erst wieder nutzen, wenn Sie es erneut erlauben.",
    appNotConnected: "Diese App ist nicht mit Ihrem Konto verbunden.",
  },
  "oidc-scopes": {
    openid: "Wissen, wer Sie auf diesem Server sind (eine ID, die sich nie ändert)",
    profile: "Ihren Benutzernamen sehen",
    email: "Ihre E-Mail-Adresse sehen und ob sie bestätigt ist",
    roles: "Sehen, ob Sie Administrator sind",
    groups: "Die Gruppen sehen, in denen Sie sind",
    offline_access: "Angemeldet bleiben, während Sie nicht da sind (bis Sie die Verbindung trennen)",
  },
  "sign-in": {
    signedIn: "Angemeldet.",
    signedOut: "Abgemeldet.",
    badCredentials: "E-Mail-Adresse oder Passwort falsch.",
    tooManySignInAttempts: (retryAfterSeconds: number): string =>
      `Zu viele fehlgeschlagene Anmeldeversuche. Versuchen Sie es in ${minuten(retryAfterSeconds)} erneut.`,
    verifyEmailFirst: "Bestätigen Sie zuerst Ihre E-Mail-Adresse.",
    twoFactorCodeRequired: "Zwei-Faktor-Code erforderlich.",
    wrongCode: "Dieser Code stimmt nicht.",
    signInExpired: "Diese Anmeldung ist abgelaufen oder wurde schon verwendet; melden Sie sich erneut an.",
    codeOrRecoveryCode: "Geben Sie den Code aus Ihrer App oder einen Wiederherstellungscode ein.",
    steppedUp: "Bestätigt: Diese Sitzung zählt jetzt zwei Faktoren.",
    noSecondFactor:
      "Richten Sie zuerst einen zweiten Faktor ein (eine Authenticator-App) oder verwenden Sie einen Passkey.",
    stepUpInBrowser:
      "Ein zweiter Faktor wird in einer Browsersitzung bestätigt (ein Bearer-Token meldet sich mit seinem Code neu an).",
  },
  "two-factor": {
    totpAlreadyEnabled: "Eine Authenticator-App ist bereits eingerichtet.",
    totpNotEnabled: "Es ist keine Authenticator-App eingerichtet.",
    totpNotPending: "Es wartet nichts auf einen Code: Beginnen Sie die Einrichtung der Authenticator-App erneut.",
    totpWrongConfirmation:
      "Dieser Code stimmt nicht. Verwenden Sie den neuesten Code der App; die Uhr des Telefons muss richtig gehen.",
    totpEnabled:
      "Authenticator-App eingerichtet. Bewahren Sie die Wiederherstellungscodes sicher auf: Jeder funktioniert einmal.",
    totpDisabled: "Authenticator-App samt Wiederherstellungscodes entfernt.",
    recoveryCodesRegenerated: "Neue Wiederherstellungscodes erstellt; die alten funktionieren nicht mehr.",
    passkeyAdded: "Passkey hinzugefügt.",
    passkeyNotVerified:
      "Der Passkey konnte nicht geprüft werden, oder die Anfrage ist zu alt. Versuchen Sie es erneut.",
    passkeyNotFound: "Diesen Passkey gibt es nicht.",
    passkeyRenamed: "Passkey umbenannt.",
    passkeyRemoved: "Passkey entfernt.",
    passkeySignInFailed: "Die Anmeldung mit diesem Passkey ist fehlgeschlagen.",
    steppedUpWithPasskey: "Mit Ihrem Passkey bestätigt: Diese Sitzung zählt jetzt zwei Faktoren.",
    stepUpInBrowser: "Ein Passkey wird für eine Browsersitzung bestätigt (ein Bearer-Token meldet sich neu an).",
    passkeyNeedsProof: "Geben Sie Ihr Passwort ein, um einen Passkey hinzuzufügen.",
    passkeyNeedsConfirmedAddress:
      "Bestätigen Sie Ihre E-Mail-Adresse, bevor Sie sich mit einem Passkey anmelden: Folgen Sie dem Link aus unserer Mail, oder melden Sie sich mit Ihrem Passwort an.",
    tooManyPasskeyRequests: (retryAfterSeconds: number): string =>
      `Zu viele Passkey-Anmeldungen aus Ihrem Netzwerk. Versuchen Sie es in ${minuten(retryAfterSeconds)} erneut.`,
    deviceForgotten: "Dieses Gerät wird wieder nach dem Code gefragt.",
    deviceNotFound: "Dieses gemerkte Gerät gibt es nicht.",
  },
  upstream: {
    unknownProvider: "Einen Anmeldeanbieter mit diesem Namen gibt es nicht.",
    badCallback: "Diese Anmeldung konnte nicht abgeschlossen werden. Beginnen Sie erneut auf der Anmeldeseite.",
    badCallbackTitle: "Diese Anmeldung konnte nicht abgeschlossen werden",
    toSignIn: "Zur Anmeldeseite",
    tooManyCallbacks: (retryAfterSeconds: number): string =>
      `Zu viele Anmeldeversuche aus Ihrem Netzwerk. Versuchen Sie es in ${minuten(retryAfterSeconds)} erneut.`,
    linkExpired:
      "Dieser Verknüpfungsschritt ist abgelaufen oder wurde schon verwendet. Melden Sie sich erneut beim Anbieter an.",
    otherAccount:
      "Sie haben sich bei einem anderen Konto angemeldet als dem, das diese Adresse verwendet. Melden Sie sich ab und bei jenem an.",
    linked: (name: string): string => `${name} ist mit Ihrem Konto verknüpft.`,
    alreadyTaken: "Diese Identität ist hier bereits mit einem anderen Konto verknüpft.",
    providerTaken:
      "Ihr Konto ist bei diesem Anbieter bereits mit einer anderen Identität verknüpft. Heben Sie diese Verknüpfung zuerst auf.",
    unlinked: (name: string): string => `${name} ist nicht mehr mit Ihrem Konto verknüpft.`,
    notLinked: "Dieser Anbieter ist nicht mit Ihrem Konto verknüpft.",
    lastWayIn:
      "Dies ist die einzige Möglichkeit, sich bei Ihrem Konto anzumelden. Legen Sie zuerst ein Passwort fest (über „Passwort vergessen“ auf der Anmeldeseite) oder verknüpfen Sie einen weiteren Anbieter.",
  },
};

export default de;
