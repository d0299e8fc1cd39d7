/**
 * Español: el panel (cada página, cada botón, lo que las páginas anuncian). De usted, con un tono
 * sereno y preciso, como las frases en inglés.
 */
import type { FirstCatalogue } from "../../web/src/catalogues.ts";
import { fields } from "./fields.ts";

const es: FirstCatalogue = {
  fields,
  web: {
    pageTitle: (title: string): string => `${title} · Datta Dashboard`,
    loading: "Cargando…",
    pageNotLoaded: "No se pudo cargar esta página. Compruebe su conexión.",
    tryAgain: "Reintentar",
    dismiss: "Cerrar",
    show: "Mostrar",
    hide: "Ocultar",
    showField: (label: string): string => `Mostrar ${label.toLowerCase()}`,
    darkTheme: "Tema oscuro",
    useLight: "Usar el tema claro",
    useDark: "Usar el tema oscuro",
    language: "Idioma",
    pageNotFound: "Página no encontrada",
    noSuchPage: "Esta página no existe",
    mistyped: "Puede que la dirección esté mal escrita o que la página se haya movido.",
    noAccountYet: "¿Aún no tiene cuenta?",
    createOne: "Cree una",
    goToSignIn: "Ir a iniciar sesión",
    goToDashboard: "Ir al panel",
    stillSignedIn: "Su sesión sigue abierta.",
    signedOutHere: "Ha cerrado la sesión en este dispositivo.",
    signedOutEverywhere: "Ha cerrado la sesión en todos los dispositivos.",
    expired: "Su sesión ha caducado. Inicie sesión para continuar.",
    signedOutElsewhere: "Se cerró su sesión desde otro dispositivo. Inicie sesión para continuar.",
    locked: "Su cuenta ha sido bloqueada; su administrador puede explicarle por qué. Inicie sesión para continuar.",
    passwordChanged: "Su contraseña ha cambiado. Inicie sesión para continuar.",
    fieldError: (label: string, phrase: string): string => `${label}: ${phrase}`,
    thisField: "Este campo",
    labelEmail: "Correo electrónico",
    labelUsername: "Nombre de usuario",
    labelPassword: "Contraseña",
    labelCurrentPassword: "Contraseña actual",
    labelNewPassword: "Contraseña nueva",
    draftKept: "Guardamos lo que había escrito antes de que terminara su sesión. Revíselo y guárdelo.",
    unreachable: "No se puede contactar con el servidor. Compruebe su conexión e inténtelo de nuevo.",
    serverAnswered: (status: number): string => `El servidor respondió ${status}.`,
  },
  "web/sign-in": {
    signIn: "Iniciar sesión",
    signingIn: "Iniciando sesión…",
    welcomeBack: "Hola de nuevo. Introduzca sus datos para abrir su panel.",
    asksTwoFactors:
      "La aplicación pide dos factores: su contraseña y el código de su app de autenticación, o una llave de acceso.",
    asksAgain: "La aplicación le pide que vuelva a iniciar sesión antes de continuar.",
    twoFactorsByPasskey:
      "Esta aplicación pide dos factores: inicie sesión con su llave de acceso, que cuenta como ambos.",
    nextStepNotLoaded: "No se pudo cargar el paso siguiente. Compruebe su conexión y vuelva a iniciar sesión.",
    forgotPassword: "¿Olvidó su contraseña?",
    or: "o",
    withPasskey: "Iniciar sesión con una llave de acceso",
    waitingForPasskey: "Esperando la llave de acceso…",
    tryAgainIn: "Podrá intentarlo de nuevo en",
    tryAgainNow: "Ya puede intentarlo de nuevo.",
    orNow: "O ahora mismo:",
    stepUpTitle: "Confirme que es usted",
  },
  "web/access/labels": {
    groups: "Grupos",
    adminGroups: "Administración · grupos",
    accessRules: "Reglas de acceso",
    adminAccessRules: "Administración · reglas de acceso",
  },
  "web/account/labels": {
    dashboard: "Panel",
    profile: "Perfil",
    signUp: "Registrarse",
  },
  "web/admin/labels": {
    admin: "Administración",
    auditLog: "Registro de auditoría",
    adminAuditLog: "Administración · registro de auditoría",
    user: "Usuario",
    adminUser: "Administración · usuario",
  },
  "web/email/labels": {
    forgotPassword: "Contraseña olvidada",
    newPassword: "Elegir una contraseña nueva",
    confirmAddress: "Confirmar su correo electrónico",
  },
  "web/oidc/labels": {
    allowAccess: "Permitir el acceso",
    connectedApps: "Aplicaciones conectadas",
    applications: "Aplicaciones",
    adminApplications: "Administración · aplicaciones",
  },
  "web/session/labels": {
    sessions: "Sesiones",
  },
  "web/two-factor/labels": {
    security: "Seguridad",
  },
  "web/upstream/labels": {
    linkYourAccount: "Vincular su cuenta",
  },
};

export default es;
