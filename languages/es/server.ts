/**
 * Español: lo que dice el servidor (el `msg` de cada respuesta, las frases de los errores de campo,
 * los correos). Trato de usted, tono sereno y preciso, como en inglés.
 */

import type { ServerCatalogue } from "../../src/catalogues.ts";
import { counted } from "../../src/http/catalogue.ts";
import { devices } from "./devices.ts";
import { fields } from "./fields.ts";

const minutos = (seconds: number): string => counted(Math.ceil(seconds / 60), { one: "# minuto", other: "# minutos" });

const es: ServerCatalogue = {
  http: {
    adminOnly: "Esto requiere permisos de administración.",
    authRequired: "Se requiere autenticación.",
    sessionEnded: "Su sesión ha terminado; vuelva a iniciar sesión.",
    signedOutElsewhere: "Se cerró su sesión desde otro dispositivo.",
    accountWasLocked: "Su cuenta fue bloqueada.",
    passwordWasChanged: "Su contraseña cambió; inicie sesión con la nueva.",
    csrfInvalid: "Falta el token CSRF o no es válido.",
    sessionRevoked: "Se cerró la sesión en ese dispositivo.",
    signedOutHere: "Sesión cerrada en este dispositivo.",
    sessionNotFound: "Esa sesión no existe.",
    otherSessionsRevoked: (n: number): string =>
      n === 0
        ? "No había ningún otro dispositivo con la sesión iniciada."
        : counted(n, {
            one: "Se cerró la sesión en # dispositivo más.",
            other: "Se cerró la sesión en # dispositivos más.",
          }),
    passwordWrong: "La contraseña no es correcta.",
    tooManyPasswordAttempts: (retryAfterSeconds: number): string =>
      `Demasiadas contraseñas incorrectas. Vuelva a intentarlo en ${minutos(retryAfterSeconds)}.`,
    invalidFields: "Algunos campos no son válidos.",
    notJson: "El cuerpo de la solicitud no es un JSON válido.",
    notJsonType: "Content-Type debe ser application/json.",
    bodyTooLarge: (kib: number): string => `El cuerpo de la solicitud supera los ${kib} KiB.`,
    nestedTooDeeply: (levels: number): string =>
      `El cuerpo de la solicitud tiene más de ${levels} niveles de anidación.`,
    notFound: "No encontrado.",
    databaseDown: "La base de datos no está disponible; vuelva a intentarlo en un momento.",
    storeDown: "El almacén de sesiones no está disponible; vuelva a intentarlo en un momento.",
    busy: "El servidor está ocupado; vuelva a intentarlo en un momento.",
    secretsUnavailable: "El servidor no puede abrir un secreto que guarda; ya se avisó a su administrador.",
    internal: "Error interno del servidor.",
  },
  fields,
  devices,
  "request-fields": {
    controlChars: "no debe contener caracteres de control (como un tabulador, un salto de línea o NUL)",
    invalid: "no es válido",
    timeZone: "debe ser una zona horaria IANA, como Europe/Madrid",
    dateTime: "debe ser una fecha o un instante, como 2026-12-04 o 2026-12-04T10:00:00Z",
    jsonObject: "debe ser un objeto JSON",
    typeString: "debe ser una cadena de texto",
    typeNumber: "debe ser un número",
    typeInteger: "debe ser un número entero",
    typeBoolean: "debe ser true o false",
    typeObject: "debe ser un objeto JSON",
    typeArray: "debe ser una lista",
  },
  access: {
    groupNotFound: "No hay ningún grupo con ese nombre.",
    userNotFound: "No hay ningún usuario con ese id.",
    groupExists: "Ya existe un grupo con ese nombre.",
    groupName: "De 1 a 64 letras minúsculas, dígitos, _ o -, empezando por una letra o un dígito",
    groupDeleted: (name: string): string => `Se eliminó el grupo ${name}.`,
    memberAdded: (name: string): string => `Añadido a ${name}.`,
    memberRemoved: (name: string): string => `Quitado de ${name}.`,
    noSuchEmail: "Ninguna cuenta usa esa dirección de correo.",
    notMember: "Ese usuario no está en el grupo.",
  },
  account: {
    accountCreated: "Cuenta creada.",
    emailTaken: "Esa dirección de correo ya está registrada.",
    nothingToChange: "No hay nada que cambiar.",
    profileUpdated: "Perfil guardado.",
    passwordChanged: "Contraseña cambiada.",
    currentPasswordWrong: "La contraseña actual no es correcta.",
    tooManySignups: (retryAfterSeconds: number): string =>
      `Demasiados registros desde su red. Vuelva a intentarlo en ${minutos(retryAfterSeconds)}.`,
    accountDeleted: "Cuenta eliminada.",
    passwordForNewAddress: "Escriba su contraseña actual para cambiar la dirección de correo.",
    checkNewAddress: "Perfil guardado. Para confirmar la nueva dirección, siga el enlace que acabamos de enviarle.",
  },
  admin: {
    userNotFound: "Ese usuario no existe.",
    notYourOwnAccount: "No en su propia cuenta: pídaselo a otra persona de administración.",
    notYourOwnRole: "No en su propio rol: pídaselo a otra persona de administración.",
    lastAdmin: "La última persona administradora no puede dejar de serlo: nombre antes a otra.",
    lastUsableAdmin: "No quedaría ninguna persona administradora que pueda iniciar sesión: nombre antes a otra.",
    accountLocked: "Cuenta bloqueada; todas sus sesiones han terminado.",
    accountUnlocked: "Cuenta desbloqueada.",
    accountLockedSignIn: "Esta cuenta está bloqueada. Póngase en contacto con su administrador.",
    userSignedOut: "Todas las sesiones de la cuenta han terminado.",
    roleChanged: "Rol cambiado.",
    userDeleted: "Cuenta eliminada.",
    twoFactorReset:
      "Inicio de sesión en dos pasos restablecido: todas las sesiones han terminado y se envió un aviso por correo al usuario.",
    resetLinkSent: "Se envió al usuario un enlace para restablecer la contraseña.",
    confirmationSent: "Se envió al usuario un nuevo enlace de confirmación.",
    addressAlreadyConfirmed: "La dirección ya está confirmada.",
    addressMarkedConfirmed: "Dirección marcada como confirmada.",
  },
  email: {
    resetRequested:
      "Si alguna cuenta usa esa dirección, le llegará un enlace para elegir una nueva contraseña. Funciona una vez, durante 30 minutos.",
    tooManyResetRequests: (retryAfterSeconds: number): string =>
      `Demasiadas solicitudes de restablecimiento. Vuelva a intentarlo en ${minutos(retryAfterSeconds)}.`,
    passwordReset: "Contraseña cambiada. Inicie sesión con la nueva contraseña.",
    linkInvalid: "Este enlace no es válido, ya se usó o caducó. Pida uno nuevo.",
    emailVerified: "Dirección de correo confirmada.",
    verificationSent: "Le llegará un nuevo enlace de confirmación. Funciona una vez, durante 24 horas.",
    alreadyVerified: "Su dirección de correo ya está confirmada.",
    tooManyVerificationMails: (retryAfterSeconds: number): string =>
      `Demasiados correos de confirmación. Vuelva a intentarlo en ${minutos(retryAfterSeconds)}.`,
  },
  mail: {
    password_changedSubject: "Su contraseña cambió",
    password_changedHappened: "Se cambió la contraseña de su cuenta.",
    password_resetSubject: "Su contraseña se restableció",
    password_resetHappened: "Se restableció por correo la contraseña de su cuenta.",
    email_changedSubject: "Su dirección de correo cambió",
    email_changedHappened:
      "Se cambió la dirección de correo de su cuenta; los mensajes llegan ahora a la nueva dirección.",
    second_factor_addedSubject: "Se añadió un segundo factor",
    second_factor_addedHappened: "Se añadió un segundo factor de inicio de sesión a su cuenta.",
    second_factor_removedSubject: "Se quitó un segundo factor",
    second_factor_removedHappened: "Se quitó un segundo factor de inicio de sesión de su cuenta.",
    recovery_code_usedSubject: "Se usó un código de recuperación",
    recovery_code_usedHappened:
      "Se usó uno de sus códigos de recuperación para iniciar sesión en su cuenta; ya no funciona. Puede crear otros nuevos en la página Seguridad.",
    passkeys_removedSubject: "Se quitaron llaves de acceso",
    passkeys_removedHappened:
      "Al restablecer la contraseña se quitaron llaves de acceso de su cuenta: las añadidas por los dispositivos cuya sesión se cerró, o antes de confirmar la dirección, y las elegidas en la página de restablecimiento. Vuelva a añadir una llave de acceso en la página Seguridad.",
    two_factor_resetSubject: "Se restableció su inicio de sesión en dos pasos",
    two_factor_resetHappened:
      "Un administrador quitó los segundos factores de inicio de sesión de su cuenta (la aplicación de autenticación y sus códigos de recuperación, y cualquier dispositivo recordado para el paso del código; también las llaves de acceso, si así se pidió) y cerró la sesión en todos los dispositivos. Inicie sesión con su contraseña y configure un nuevo segundo factor en la página Seguridad.",
    new_sign_inSubject: "Un inicio de sesión desde un dispositivo nuevo",
    new_sign_inHappened:
      "Se inició sesión en su cuenta desde un dispositivo que no se había visto en ella en los últimos 30 días.",
    noticeAdvice:
      "Si fue usted, no tiene que hacer nada. Si no, restablezca su contraseña de inmediato desde la página de inicio de sesión y cierre la sesión en todos los demás dispositivos desde la página Sesiones.",
    when: (at: string): string => `Cuándo: ${at}`,
    device: (device: string): string => `Dispositivo: ${device}`,
    ipAddress: (ip: string): string => `Dirección IP: ${ip}`,
    unknownIp: "desconocida",
    verifySubject: "Confirme su dirección de correo",
    verifyAsk: (address: string, product: string): string => `Confirme que ${address} es su dirección para ${product}.`,
    verifyTerms:
      "El enlace funciona una vez, durante 24 horas. Si no se registró ni cambió su dirección, ignore este mensaje.",
    verifyAction: "Confirmar la dirección",
    resetSubject: "Restablezca su contraseña",
    resetAsked: (product: string): string => `Alguien pidió restablecer la contraseña de su cuenta de ${product}.`,
    resetTerms:
      "El enlace funciona una vez, durante 30 minutos. Si no fue usted, ignore este mensaje: su contraseña no cambia.",
    resetAction: "Elegir una nueva contraseña",
  },
  "forward-auth": {
    notAllowed: "No tiene acceso a esta página.",
    forbiddenTitle: "No tiene acceso a esta página",
    forbiddenHelp: "Si cree que debería tenerlo, vuelva atrás e inténtelo de nuevo, o consulte a su administrador.",
    toDashboard: "Ir a su panel",
    secondFactorNeeded:
      "Esta página requiere un segundo factor: confirme que es usted con su código o una llave de acceso.",
  },
  oidc: {
    clientNotFound: "Ese cliente no existe.",
    clientDeleted: "Cliente eliminado; todas sus autorizaciones y tokens han terminado.",
    publicHasNoSecret: "Un cliente público no tiene secreto.",
    redirectHttps: "debe ser https:// (http:// solo para localhost, 127.0.0.1 o [::1])",
    absoluteUri: "debe ser una URI absoluta",
    unknownScope: (scope: string) => `incluye un scope que este servidor no ofrece: ${scope}`,
    authMethodForType: "no corresponde al tipo de cliente (público: none; confidencial: un secreto o private_key_jwt)",
    jwksUriNeeded: "es obligatorio para private_key_jwt",
    redirectNeeded: "necesita al menos una URI de redirección para el flujo authorization code",
    publicGrant: "client_credentials requiere un cliente confidencial",
    interactionGone:
      "Esta solicitud de inicio de sesión caducó o se empezó en otro navegador. Vuelva a la aplicación e inicie sesión de nuevo.",
    notThisInteraction: "Esta solicitud no está esperando su respuesta.",
    appDisconnected: "Desconectada: la aplicación ya no puede usar su cuenta hasta que vuelva a permitirlo.",
    appNotConnected: "Esa aplicación no está conectada a su cuenta.",
  },
  "oidc-scopes": {
    openid: "Saber quién es usted en este servidor (un id que nunca cambia)",
    profile: "Ver su nombre de usuario",
    email: "Ver su dirección de correo y si está confirmada",
    roles: "Ver si es administrador",
    groups: "Ver los grupos a los que pertenece",
    offline_access: "Mantener el acceso mientras usted no está (hasta que la desconecte)",
  },
  "sign-in": {
    signedIn: "Sesión iniciada.",
    signedOut: "Sesión cerrada.",
    badCredentials: "Correo o contraseña incorrectos.",
    tooManySignInAttempts: (retryAfterSeconds: number): string =>
      `Demasiados intentos fallidos de inicio de sesión. Vuelva a intentarlo en ${minutos(retryAfterSeconds)}.`,
    verifyEmailFirst: "Confirme primero su dirección de correo.",
    twoFactorCodeRequired: "Se requiere el código del segundo paso.",
    wrongCode: "Ese código no es correcto.",
    signInExpired: "Este inicio de sesión caducó o ya se usó; vuelva a iniciar sesión.",
    codeOrRecoveryCode: "Escriba el código de su aplicación o un código de recuperación.",
    steppedUp: "Confirmado: esta sesión cuenta ahora con dos factores.",
    noSecondFactor: "Configure primero un segundo factor (una aplicación de autenticación) o use una llave de acceso.",
    stepUpInBrowser:
      "Un segundo factor se confirma en una sesión del navegador (un token bearer vuelve a iniciar sesión con su código).",
  },
  "two-factor": {
    totpAlreadyEnabled: "Ya hay una aplicación de autenticación configurada.",
    totpNotEnabled: "No hay ninguna aplicación de autenticación configurada.",
    totpNotPending:
      "No hay nada esperando un código: vuelva a empezar la configuración de la aplicación de autenticación.",
    totpWrongConfirmation:
      "Ese código no es correcto. Use el código más reciente de la aplicación; el reloj del teléfono debe estar en hora.",
    totpEnabled:
      "Aplicación de autenticación configurada. Guarde los códigos de recuperación en un lugar seguro: cada uno funciona una vez.",
    totpDisabled: "Aplicación de autenticación quitada, junto con sus códigos de recuperación.",
    recoveryCodesRegenerated: "Se crearon nuevos códigos de recuperación; los anteriores ya no funcionan.",
    passkeyAdded: "Llave de acceso añadida.",
    passkeyNotVerified:
      "No se pudo verificar la llave de acceso, o la solicitud es demasiado antigua. Vuelva a intentarlo.",
    passkeyNotFound: "Esa llave de acceso no existe.",
    passkeyRenamed: "Llave de acceso renombrada.",
    passkeyRemoved: "Llave de acceso quitada.",
    passkeySignInFailed: "No se pudo iniciar sesión con esta llave de acceso.",
    steppedUpWithPasskey: "Confirmado con su llave de acceso: esta sesión cuenta ahora con dos factores.",
    stepUpInBrowser:
      "Una llave de acceso se confirma en una sesión del navegador (un token bearer vuelve a iniciar sesión).",
    passkeyNeedsProof: "Escriba su contraseña para añadir una llave de acceso.",
    passkeyNeedsConfirmedAddress:
      "Confirme su dirección de correo antes de iniciar sesión con una llave de acceso: siga el enlace que le enviamos o inicie sesión con su contraseña.",
    tooManyPasskeyRequests: (retryAfterSeconds: number): string =>
      `Demasiados inicios de sesión con llave de acceso desde su red. Vuelva a intentarlo en ${minutos(retryAfterSeconds)}.`,
    deviceForgotten: "Ese dispositivo volverá a pedir el código.",
    deviceNotFound: "Ese dispositivo recordado no existe.",
  },
  upstream: {
    unknownProvider: "No hay ningún proveedor de inicio de sesión con ese nombre.",
    badCallback: "No se pudo completar este inicio de sesión. Empiece de nuevo desde la página de inicio de sesión.",
    badCallbackTitle: "No se pudo completar este inicio de sesión",
    toSignIn: "Ir a la página de inicio de sesión",
    tooManyCallbacks: (retryAfterSeconds: number): string =>
      `Demasiados intentos de inicio de sesión desde su red. Vuelva a intentarlo en ${minutos(retryAfterSeconds)}.`,
    linkExpired: "Este paso de vinculación caducó o ya se usó. Vuelva a iniciar sesión con el proveedor.",
    otherAccount:
      "Inició sesión en una cuenta distinta de la que usa esa dirección. Cierre la sesión e inicie sesión en esa otra.",
    linked: (name: string): string => `${name} está vinculado a su cuenta.`,
    alreadyTaken: "Esa identidad ya está vinculada a otra cuenta de aquí.",
    providerTaken: "Su cuenta ya está vinculada a otra identidad de ese proveedor. Desvincúlela primero.",
    unlinked: (name: string): string => `${name} ya no está vinculado a su cuenta.`,
    notLinked: "Ese proveedor no está vinculado a su cuenta.",
    lastWayIn:
      "Es la única forma de iniciar sesión en su cuenta. Defina antes una contraseña (con «¿Olvidó su contraseña?» en la página de inicio de sesión) o vincule otro proveedor.",
  },
};

export default es;
