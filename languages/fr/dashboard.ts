/**
 * Français : le tableau de bord (chaque page, chaque bouton, ce que les pages annoncent). Vouvoiement,
 * ton calme et précis, comme les phrases anglaises.
 */
import type { FirstCatalogue } from "../../web/src/catalogues.ts";
import { fields } from "./fields.ts";

const fr: FirstCatalogue = {
  fields,
  web: {
    pageTitle: (title: string): string => `${title} · Datta Dashboard`,
    loading: "Chargement…",
    pageNotLoaded: "Cette page n’a pas pu être chargée. Vérifiez votre connexion.",
    tryAgain: "Réessayer",
    dismiss: "Fermer",
    show: "Afficher",
    hide: "Masquer",
    showField: (label: string): string => `Afficher : ${label}`,
    darkTheme: "Thème sombre",
    useLight: "Utiliser le thème clair",
    useDark: "Utiliser le thème sombre",
    language: "Langue",
    pageNotFound: "Page introuvable",
    noSuchPage: "Cette page n’existe pas",
    mistyped: "L’adresse est peut-être mal saisie, ou la page a été déplacée.",
    noAccountYet: "Pas encore de compte ?",
    createOne: "En créer un",
    goToSignIn: "Aller à la connexion",
    goToDashboard: "Aller au tableau de bord",
    stillSignedIn: "Vous êtes toujours connecté.",
    signedOutHere: "Vous vous êtes déconnecté sur cet appareil.",
    signedOutEverywhere: "Vous vous êtes déconnecté sur tous les appareils.",
    expired: "Votre session a expiré. Connectez-vous pour continuer.",
    signedOutElsewhere: "Vous avez été déconnecté depuis un autre appareil. Connectez-vous pour continuer.",
    locked:
      "Votre compte a été verrouillé ; votre administrateur peut vous dire pourquoi. Connectez-vous pour continuer.",
    passwordChanged: "Votre mot de passe a été modifié. Connectez-vous pour continuer.",
    fieldError: (label: string, phrase: string): string => `${label} : ${phrase}`,
    thisField: "Ce champ",
    labelEmail: "E-mail",
    labelUsername: "Nom d’utilisateur",
    labelPassword: "Mot de passe",
    labelCurrentPassword: "Mot de passe actuel",
    labelNewPassword: "Nouveau mot de passe",
    draftKept: "Nous avons conservé ce que vous aviez saisi avant la fin de votre session. Vérifiez-le et enregistrez.",
    unreachable: "Impossible de joindre le serveur. Vérifiez votre connexion et réessayez.",
    serverAnswered: (status: number): string => `Le serveur a répondu ${status}.`,
  },
  "web/sign-in": {
    signIn: "Se connecter",
    signingIn: "Connexion…",
    welcomeBack: "Bon retour. Saisissez vos identifiants pour ouvrir votre tableau de bord.",
    asksTwoFactors:
      "L’application demande deux facteurs : votre mot de passe et le code de votre application d’authentification, ou une clé d’accès.",
    asksAgain: "L’application vous demande de vous reconnecter avant de continuer.",
    twoFactorsByPasskey:
      "Cette application demande deux facteurs : connectez-vous avec votre clé d’accès, qui compte pour les deux.",
    nextStepNotLoaded: "L’étape suivante n’a pas pu être chargée. Vérifiez votre connexion et reconnectez-vous.",
    forgotPassword: "Mot de passe oublié ?",
    or: "ou",
    withPasskey: "Se connecter avec une clé d’accès",
    waitingForPasskey: "En attente de la clé d’accès…",
    tryAgainIn: "Vous pourrez réessayer dans",
    tryAgainNow: "Vous pouvez réessayer maintenant.",
    orNow: "Ou tout de suite :",
    stepUpTitle: "Confirmez que c’est bien vous",
  },
  "web/access/labels": {
    groups: "Groupes",
    adminGroups: "Administration · groupes",
    accessRules: "Règles d’accès",
    adminAccessRules: "Administration · règles d’accès",
  },
  "web/account/labels": {
    dashboard: "Tableau de bord",
    profile: "Profil",
    signUp: "Inscription",
  },
  "web/admin/labels": {
    admin: "Administration",
    auditLog: "Journal d’audit",
    adminAuditLog: "Administration · journal d’audit",
    user: "Utilisateur",
    adminUser: "Administration · utilisateur",
  },
  "web/email/labels": {
    forgotPassword: "Mot de passe oublié",
    newPassword: "Choisir un nouveau mot de passe",
    confirmAddress: "Confirmer votre adresse e-mail",
  },
  "web/oidc/labels": {
    allowAccess: "Autoriser l’accès",
    connectedApps: "Applications connectées",
    applications: "Applications",
    adminApplications: "Administration · applications",
  },
  "web/session/labels": {
    sessions: "Sessions",
  },
  "web/two-factor/labels": {
    security: "Sécurité",
  },
  "web/upstream/labels": {
    linkYourAccount: "Associer votre compte",
  },
};

export default fr;
