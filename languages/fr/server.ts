/**
 * Français : ce que dit le serveur (le `msg` de chaque réponse, les phrases des erreurs de champ, les
 * e-mails). Vouvoiement, ton calme et précis, comme en anglais.
 */

import type { ServerCatalogue } from "../../src/catalogues.ts";
import { counted } from "../../src/http/catalogue.ts";
import { devices } from "./devices.ts";
import { fields } from "./fields.ts";

const minutes = (seconds: number): string => counted(Math.ceil(seconds / 60), { one: "# minute", other: "# minutes" });

const fr: ServerCatalogue = {
  http: {
    adminOnly: "Cette action est réservée aux administrateurs.",
    authRequired: "Authentification requise.",
    sessionEnded: "Votre session a pris fin ; reconnectez-vous.",
    signedOutElsewhere: "Vous avez été déconnecté depuis un autre appareil.",
    accountWasLocked: "Votre compte a été verrouillé.",
    passwordWasChanged: "Votre mot de passe a été modifié ; connectez-vous avec le nouveau.",
    csrfInvalid: "Jeton CSRF manquant ou invalide.",
    sessionRevoked: "Cet appareil est déconnecté.",
    signedOutHere: "Déconnecté sur cet appareil.",
    sessionNotFound: "Cette session n’existe pas.",
    otherSessionsRevoked: (n: number): string =>
      n === 0
        ? "Aucun autre appareil n’était connecté."
        : counted(n, { one: "# autre appareil déconnecté.", other: "# autres appareils déconnectés." }),
    passwordWrong: "Le mot de passe est incorrect.",
    tooManyPasswordAttempts: (retryAfterSeconds: number): string =>
      `Trop de mots de passe incorrects. Réessayez dans ${minutes(retryAfterSeconds)}.`,
    invalidFields: "Certains champs ne sont pas valides.",
    notJson: "Le corps de la requête n’est pas un JSON valide.",
    notJsonType: "Content-Type doit être application/json.",
    bodyTooLarge: (kib: number): string => `Le corps de la requête dépasse ${kib} Kio.`,
    nestedTooDeeply: (levels: number): string => `Le corps de la requête est imbriqué sur plus de ${levels} niveaux.`,
    notFound: "Introuvable.",
    databaseDown: "La base de données est indisponible ; réessayez dans un instant.",
    storeDown: "Le stockage des sessions est indisponible ; réessayez dans un instant.",
    busy: "Le serveur est surchargé ; réessayez dans un instant.",
    secretsUnavailable:
      "Le serveur ne parvient pas à ouvrir un secret qu’il conserve ; son administrateur a été prévenu.",
    internal: "Erreur interne du serveur.",
  },
  fields,
  devices,
  "request-fields": {
    controlChars: "ne doit pas contenir de caractères de contrôle (tabulation, saut de ligne ou NUL, par exemple)",
    invalid: "n’est pas valide",
    timeZone: "doit être un fuseau horaire IANA, comme Europe/Paris",
    dateTime: "doit être une date ou un instant, comme 2026-12-04 ou 2026-12-04T10:00:00Z",
    jsonObject: "doit être un objet JSON",
    typeString: "doit être une chaîne de caractères",
    typeNumber: "doit être un nombre",
    typeInteger: "doit être un nombre entier",
    typeBoolean: "doit valoir true ou false",
    typeObject: "doit être un objet JSON",
    typeArray: "doit être une liste",
  },
  access: {
    groupNotFound: "Aucun groupe ne porte ce nom.",
    userNotFound: "Aucun utilisateur n’a cet identifiant.",
    groupExists: "Un groupe porte déjà ce nom.",
    groupName: "1 à 64 lettres minuscules, chiffres, _ ou -, commençant par une lettre ou un chiffre",
    groupDeleted: (name: string): string => `Le groupe ${name} est supprimé.`,
    memberAdded: (name: string): string => `Ajouté à ${name}.`,
    memberRemoved: (name: string): string => `Retiré de ${name}.`,
    noSuchEmail: "Aucun compte n’utilise cette adresse e-mail.",
    notMember: "Cet utilisateur ne fait pas partie du groupe.",
  },
  account: {
    accountCreated: "Compte créé.",
    emailTaken: "Cette adresse e-mail est déjà enregistrée.",
    nothingToChange: "Rien à modifier.",
    profileUpdated: "Profil enregistré.",
    passwordChanged: "Mot de passe modifié.",
    currentPasswordWrong: "Le mot de passe actuel est incorrect.",
    tooManySignups: (retryAfterSeconds: number): string =>
      `Trop d’inscriptions depuis votre réseau. Réessayez dans ${minutes(retryAfterSeconds)}.`,
    accountDeleted: "Compte supprimé.",
    passwordForNewAddress: "Saisissez votre mot de passe actuel pour changer d’adresse e-mail.",
    checkNewAddress: "Profil enregistré. Pour confirmer la nouvelle adresse, suivez le lien qui vient d’y être envoyé.",
  },
  admin: {
    userNotFound: "Cet utilisateur n’existe pas.",
    notYourOwnAccount: "Pas votre propre compte : demandez à un autre administrateur.",
    notYourOwnRole: "Pas votre propre rôle : demandez à un autre administrateur.",
    lastAdmin: "Le dernier administrateur ne peut pas cesser de l’être : nommez d’abord un autre administrateur.",
    lastUsableAdmin: "Plus aucun administrateur ne pourrait se connecter : nommez d’abord un autre administrateur.",
    accountLocked: "Compte verrouillé ; toutes ses sessions ont pris fin.",
    accountUnlocked: "Compte déverrouillé.",
    accountLockedSignIn: "Ce compte est verrouillé. Contactez votre administrateur.",
    userSignedOut: "Toutes les sessions du compte ont pris fin.",
    roleChanged: "Rôle modifié.",
    userDeleted: "Compte supprimé.",
    twoFactorReset:
      "Connexion à deux facteurs réinitialisée : toutes les sessions ont pris fin, et l’utilisateur a reçu un avis par e-mail.",
    resetLinkSent: "Un lien de réinitialisation du mot de passe a été envoyé à l’utilisateur.",
    confirmationSent: "Un nouveau lien de confirmation a été envoyé à l’utilisateur.",
    addressAlreadyConfirmed: "L’adresse est déjà confirmée.",
    addressMarkedConfirmed: "Adresse marquée comme confirmée.",
  },
  email: {
    resetRequested:
      "Si un compte utilise cette adresse, un lien pour choisir un nouveau mot de passe est en route. Il fonctionne une fois, pendant 30 minutes.",
    tooManyResetRequests: (retryAfterSeconds: number): string =>
      `Trop de demandes de réinitialisation. Réessayez dans ${minutes(retryAfterSeconds)}.`,
    passwordReset: "Mot de passe modifié. Connectez-vous avec le nouveau mot de passe.",
    linkInvalid: "Ce lien n’est pas valide, a déjà servi ou a expiré. Demandez-en un nouveau.",
    emailVerified: "Adresse e-mail confirmée.",
    verificationSent: "Un nouveau lien de confirmation est en route. Il fonctionne une fois, pendant 24 heures.",
    alreadyVerified: "Votre adresse e-mail est déjà confirmée.",
    tooManyVerificationMails: (retryAfterSeconds: number): string =>
      `Trop d’e-mails de confirmation. Réessayez dans ${minutes(retryAfterSeconds)}.`,
  },
  mail: {
    password_changedSubject: "Votre mot de passe a été modifié",
    password_changedHappened: "Le mot de passe de votre compte a été modifié.",
    password_resetSubject: "Votre mot de passe a été réinitialisé",
    password_resetHappened: "Le mot de passe de votre compte a été réinitialisé par e-mail.",
    email_changedSubject: "Votre adresse e-mail a été modifiée",
    email_changedHappened:
      "L’adresse e-mail de votre compte a été modifiée ; les messages partent désormais vers la nouvelle adresse.",
    second_factor_addedSubject: "Un second facteur a été ajouté",
    second_factor_addedHappened: "Un second facteur de connexion a été ajouté à votre compte.",
    second_factor_removedSubject: "Un second facteur a été retiré",
    second_factor_removedHappened: "Un second facteur de connexion a été retiré de votre compte.",
    recovery_code_usedSubject: "Un code de récupération a été utilisé",
    recovery_code_usedHappened:
      "L’un de vos codes de récupération a servi à vous connecter à votre compte ; il ne fonctionne plus. Vous pouvez en créer de nouveaux sur la page Sécurité.",
    passkeys_removedSubject: "Des clés d’accès ont été retirées",
    passkeys_removedHappened:
      "La réinitialisation du mot de passe a retiré des clés d’accès de votre compte : celles ajoutées par les appareils qu’elle a déconnectés, ou avant la confirmation de l’adresse, et celles choisies sur la page de réinitialisation. Ajoutez de nouveau une clé d’accès sur la page Sécurité.",
    two_factor_resetSubject: "Votre connexion à deux facteurs a été réinitialisée",
    two_factor_resetHappened:
      "Un administrateur a retiré les seconds facteurs de connexion de votre compte (l’application d’authentification et ses codes de récupération, ainsi que tout appareil mémorisé pour l’étape du code ; les clés d’accès aussi si cela a été demandé) et a déconnecté tous les appareils. Connectez-vous avec votre mot de passe et configurez un nouveau second facteur sur la page Sécurité.",
    new_sign_inSubject: "Une connexion depuis un nouvel appareil",
    new_sign_inHappened:
      "Votre compte a été utilisé pour une connexion depuis un appareil qu’il n’avait pas vu depuis 30 jours.",
    noticeAdvice:
      "Si c’était vous, il n’y a rien à faire. Sinon, réinitialisez immédiatement votre mot de passe depuis la page de connexion et déconnectez tous les autres appareils sur la page Sessions.",
    when: (at: string): string => `Quand : ${at}`,
    device: (device: string): string => `Appareil : ${device}`,
    ipAddress: (ip: string): string => `Adresse IP : ${ip}`,
    unknownIp: "inconnue",
    verifySubject: "Confirmez votre adresse e-mail",
    verifyAsk: (address: string, product: string): string =>
      `Merci de confirmer que ${address} est bien votre adresse pour ${product}.`,
    verifyTerms:
      "Le lien fonctionne une fois, pendant 24 heures. Si vous ne vous êtes pas inscrit et n’avez pas changé d’adresse, ignorez ce message.",
    verifyAction: "Confirmer l’adresse",
    resetSubject: "Réinitialisez votre mot de passe",
    resetAsked: (product: string): string =>
      `Quelqu’un a demandé à réinitialiser le mot de passe de votre compte ${product}.`,
    resetTerms:
      "Le lien fonctionne une fois, pendant 30 minutes. Si ce n’était pas vous, ignorez ce message : votre mot de passe reste inchangé.",
    resetAction: "Choisir un nouveau mot de passe",
  },
  "forward-auth": {
    notAllowed: "Vous n’avez pas accès à cette page.",
    forbiddenTitle: "Vous n’avez pas accès à cette page",
    forbiddenHelp:
      "Si vous pensez devoir y avoir accès, revenez en arrière et réessayez, ou demandez à votre administrateur.",
    toDashboard: "Aller à votre tableau de bord",
    secondFactorNeeded:
      "Cette page demande un second facteur : confirmez que c’est bien vous avec votre code ou une clé d’accès.",
  },
  oidc: {
    clientNotFound: "Ce client n’existe pas.",
    clientDeleted: "Client supprimé ; toutes ses autorisations et tous ses jetons ont pris fin.",
    publicHasNoSecret: "Un client public n’a pas de secret.",
    redirectHttps: "doit commencer par https:// (http:// seulement pour localhost, 127.0.0.1 ou [::1])",
    absoluteUri: "doit être une URI absolue",
    unknownScope: (scope: string) => `contient un scope que ce serveur ne propose pas : ${scope}`,
    authMethodForType:
      "ne correspond pas au type du client (public : none ; confidentiel : un secret ou private_key_jwt)",
    jwksUriNeeded: "est obligatoire pour private_key_jwt",
    redirectNeeded: "doit contenir au moins une URI de redirection pour le flux authorization code",
    publicGrant: "client_credentials exige un client confidentiel",
    interactionGone:
      "Cette demande de connexion a expiré ou a été commencée dans un autre navigateur. Revenez à l’application et reconnectez-vous.",
    notThisInteraction: "Cette demande n’attend pas votre réponse.",
    appDisconnected:
      "Déconnectée : l’application ne peut plus utiliser votre compte tant que vous ne l’autorisez pas de nouveau.",
    appNotConnected: "Cette application n’est pas connectée à votre compte.",
  },
  "oidc-scopes": {
    openid: "Savoir qui vous êtes sur ce serveur (un identifiant qui ne change jamais)",
    profile: "Voir votre nom d’utilisateur",
    email: "Voir votre adresse e-mail et si elle est confirmée",
    roles: "Voir si vous êtes administrateur",
    groups: "Voir les groupes dont vous faites partie",
    offline_access: "Garder l’accès pendant votre absence (jusqu’à ce que vous déconnectiez l’application)",
  },
  "sign-in": {
    signedIn: "Connecté.",
    signedOut: "Déconnecté.",
    badCredentials: "Adresse e-mail ou mot de passe incorrect.",
    tooManySignInAttempts: (retryAfterSeconds: number): string =>
      `Trop de tentatives de connexion échouées. Réessayez dans ${minutes(retryAfterSeconds)}.`,
    verifyEmailFirst: "Confirmez d’abord votre adresse e-mail.",
    twoFactorCodeRequired: "Code à deux facteurs requis.",
    wrongCode: "Ce code n’est pas le bon.",
    signInExpired: "Cette connexion a expiré ou a déjà servi ; reconnectez-vous.",
    codeOrRecoveryCode: "Saisissez le code de votre application ou un code de récupération.",
    steppedUp: "Confirmé : cette session compte désormais deux facteurs.",
    noSecondFactor:
      "Configurez d’abord un second facteur (une application d’authentification), ou utilisez une clé d’accès.",
    stepUpInBrowser:
      "Un second facteur se confirme dans une session de navigateur (un jeton bearer se reconnecte avec son code).",
  },
  "two-factor": {
    totpAlreadyEnabled: "Une application d’authentification est déjà configurée.",
    totpNotEnabled: "Aucune application d’authentification n’est configurée.",
    totpNotPending: "Aucun code n’est attendu : recommencez la configuration de l’application d’authentification.",
    totpWrongConfirmation:
      "Ce code n’est pas le bon. Utilisez le code le plus récent de l’application ; l’horloge du téléphone doit être à l’heure.",
    totpEnabled:
      "Application d’authentification configurée. Gardez les codes de récupération en lieu sûr : chacun ne sert qu’une fois.",
    totpDisabled: "Application d’authentification retirée, avec ses codes de récupération.",
    recoveryCodesRegenerated: "Nouveaux codes de récupération créés ; les anciens ne fonctionnent plus.",
    passkeyAdded: "Clé d’accès ajoutée.",
    passkeyNotVerified: "La clé d’accès n’a pas pu être vérifiée, ou la demande est trop ancienne. Réessayez.",
    passkeyNotFound: "Cette clé d’accès n’existe pas.",
    passkeyRenamed: "Clé d’accès renommée.",
    passkeyRemoved: "Clé d’accès retirée.",
    passkeySignInFailed: "La connexion avec cette clé d’accès a échoué.",
    steppedUpWithPasskey: "Confirmé avec votre clé d’accès : cette session compte désormais deux facteurs.",
    stepUpInBrowser: "Une clé d’accès se confirme dans une session de navigateur (un jeton bearer se reconnecte).",
    passkeyNeedsProof: "Saisissez votre mot de passe pour ajouter une clé d’accès.",
    passkeyNeedsConfirmedAddress:
      "Confirmez votre adresse e-mail avant de vous connecter avec une clé d’accès : suivez le lien que nous vous avons envoyé, ou connectez-vous avec votre mot de passe.",
    tooManyPasskeyRequests: (retryAfterSeconds: number): string =>
      `Trop de connexions par clé d’accès depuis votre réseau. Réessayez dans ${minutes(retryAfterSeconds)}.`,
    deviceForgotten: "Le code sera de nouveau demandé sur cet appareil.",
    deviceNotFound: "Cet appareil mémorisé n’existe pas.",
  },
  upstream: {
    unknownProvider: "Aucun fournisseur de connexion ne porte ce nom.",
    badCallback: "Cette connexion n’a pas pu aboutir. Recommencez depuis la page de connexion.",
    badCallbackTitle: "Cette connexion n’a pas pu aboutir",
    toSignIn: "Aller à la page de connexion",
    tooManyCallbacks: (retryAfterSeconds: number): string =>
      `Trop de tentatives de connexion depuis votre réseau. Réessayez dans ${minutes(retryAfterSeconds)}.`,
    linkExpired: "Cette étape d’association a expiré ou a déjà servi. Reconnectez-vous auprès du fournisseur.",
    otherAccount:
      "Vous êtes connecté à un autre compte que celui qui utilise cette adresse. Déconnectez-vous, puis connectez-vous à celui-ci.",
    linked: (name: string): string => `${name} est associé à votre compte.`,
    alreadyTaken: "Cette identité est déjà associée à un autre compte ici.",
    providerTaken: "Votre compte est déjà associé à une autre identité chez ce fournisseur. Dissociez-la d’abord.",
    unlinked: (name: string): string => `${name} n’est plus associé à votre compte.`,
    notLinked: "Ce fournisseur n’est pas associé à votre compte.",
    lastWayIn:
      "C’est le seul moyen de vous connecter à votre compte. Définissez d’abord un mot de passe (avec « Mot de passe oublié » sur la page de connexion), ou associez un autre fournisseur.",
  },
};

export default fr;
