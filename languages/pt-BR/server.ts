/**
 * Português do Brasil: o que o servidor diz (o `msg` de cada resposta, as frases dos erros de campo,
 * os e-mails). Tratamento por "você", tom calmo e exato, como em inglês.
 */

import type { ServerCatalogue } from "../../src/catalogues.ts";
import { counted } from "../../src/http/catalogue.ts";
import { devices } from "./devices.ts";
import { fields } from "./fields.ts";

const minutos = (seconds: number): string => counted(Math.ceil(seconds / 60), { one: "# minuto", other: "# minutos" });

const ptBR: ServerCatalogue = {
  http: {
    adminOnly: "Isso exige um administrador.",
    authRequired: "Autenticação necessária.",
    sessionEnded: "Sua sessão terminou; entre novamente.",
    signedOutElsewhere: "Você foi desconectado por outro dispositivo.",
    accountWasLocked: "Sua conta foi bloqueada.",
    passwordWasChanged: "Sua senha foi alterada; entre com a nova.",
    csrfInvalid: "Token CSRF ausente ou inválido.",
    sessionRevoked: "Esse dispositivo foi desconectado.",
    signedOutHere: "Desconectado neste dispositivo.",
    sessionNotFound: "Essa sessão não existe.",
    otherSessionsRevoked: (n: number): string =>
      n === 0
        ? "Nenhum outro dispositivo estava conectado."
        : counted(n, { one: "# outro dispositivo desconectado.", other: "# outros dispositivos desconectados." }),
    passwordWrong: "A senha está incorreta.",
    tooManyPasswordAttempts: (retryAfterSeconds: number): string =>
      `Muitas senhas incorretas. Tente novamente em ${minutos(retryAfterSeconds)}.`,
    invalidFields: "Alguns campos são inválidos.",
    notJson: "O corpo da requisição não é um JSON válido.",
    notJsonType: "Content-Type deve ser application/json.",
    bodyTooLarge: (kib: number): string => `O corpo da requisição passa de ${kib} KiB.`,
    nestedTooDeeply: (levels: number): string => `O corpo da requisição tem mais de ${levels} níveis de aninhamento.`,
    notFound: "Não encontrado.",
    databaseDown: "O banco de dados está indisponível; tente novamente em instantes.",
    storeDown: "O armazenamento de sessões está indisponível; tente novamente em instantes.",
    busy: "O servidor está ocupado; tente novamente em instantes.",
    secretsUnavailable: "O servidor não consegue abrir um segredo que guarda; o administrador já foi avisado.",
    internal: "Erro interno do servidor.",
  },
  fields,
  devices,
  "request-fields": {
    controlChars: "não pode conter caracteres de controle (como uma tabulação, uma quebra de linha ou NUL)",
    invalid: "é inválido",
    timeZone: "deve ser um fuso horário IANA, como America/Sao_Paulo",
    dateTime: "deve ser uma data ou um instante, como 2026-12-04 ou 2026-12-04T10:00:00Z",
    jsonObject: "deve ser um objeto JSON",
    typeString: "deve ser um texto",
    typeNumber: "deve ser um número",
    typeInteger: "deve ser um número inteiro",
    typeBoolean: "deve ser true ou false",
    typeObject: "deve ser um objeto JSON",
    typeArray: "deve ser uma lista",
  },
  access: {
    groupNotFound: "Não existe grupo com esse nome.",
    userNotFound: "Não existe usuário com esse id.",
    groupExists: "Já existe um grupo com esse nome.",
    groupName: "De 1 a 64 letras minúsculas, dígitos, _ ou -, começando com uma letra ou um dígito",
    groupDeleted: (name: string): string => `O grupo ${name} foi excluído.`,
    memberAdded: (name: string): string => `Adicionado a ${name}.`,
    memberRemoved: (name: string): string => `Removido de ${name}.`,
    noSuchEmail: "Nenhuma conta usa esse endereço de e-mail.",
    notMember: "Esse usuário não está no grupo.",
  },
  account: {
    accountCreated: "Conta criada.",
    emailTaken: "Esse endereço de e-mail já está cadastrado.",
    nothingToChange: "Nada a alterar.",
    profileUpdated: "Perfil salvo.",
    passwordChanged: "Senha alterada.",
    currentPasswordWrong: "A senha atual está incorreta.",
    tooManySignups: (retryAfterSeconds: number): string =>
      `Muitos cadastros a partir da sua rede. Tente novamente em ${minutos(retryAfterSeconds)}.`,
    accountDeleted: "Conta excluída.",
    passwordForNewAddress: "Digite sua senha atual para alterar o endereço de e-mail.",
    checkNewAddress: "Perfil salvo. Para confirmar o novo endereço, siga o link que acabamos de enviar para ele.",
  },
  admin: {
    userNotFound: "Esse usuário não existe.",
    notYourOwnAccount: "Não na sua própria conta: peça a outro administrador.",
    notYourOwnRole: "Não no seu próprio papel: peça a outro administrador.",
    lastAdmin: "O último administrador não pode deixar de sê-lo: nomeie outro administrador antes.",
    lastUsableAdmin: "Não sobraria nenhum administrador capaz de entrar: nomeie outro administrador antes.",
    accountLocked: "Conta bloqueada; todas as sessões dela terminaram.",
    accountUnlocked: "Conta desbloqueada.",
    accountLockedSignIn: "Esta conta está bloqueada. Fale com o seu administrador.",
    userSignedOut: "Todas as sessões da conta terminaram.",
    roleChanged: "Papel alterado.",
    userDeleted: "Conta excluída.",
    twoFactorReset:
      "Verificação em duas etapas redefinida: todas as sessões terminaram, e o usuário recebeu um aviso por e-mail.",
    resetLinkSent: "Um link para redefinir a senha foi enviado ao usuário.",
    confirmationSent: "Um novo link de confirmação foi enviado ao usuário.",
    addressAlreadyConfirmed: "O endereço já está confirmado.",
    addressMarkedConfirmed: "Endereço marcado como confirmado.",
  },
  email: {
    resetRequested:
      "Se alguma conta usa esse endereço, um link para escolher uma nova senha está a caminho. Ele funciona uma vez, por 30 minutos.",
    tooManyResetRequests: (retryAfterSeconds: number): string =>
      `Muitos pedidos de redefinição. Tente novamente em ${minutos(retryAfterSeconds)}.`,
    passwordReset: "Senha alterada. Entre com a nova senha.",
    linkInvalid: "Este link é inválido, já foi usado ou expirou. Peça um novo.",
    emailVerified: "Endereço de e-mail confirmado.",
    verificationSent: "Um novo link de confirmação está a caminho. Ele funciona uma vez, por 24 horas.",
    alreadyVerified: "Seu endereço de e-mail já está confirmado.",
    tooManyVerificationMails: (retryAfterSeconds: number): string =>
      `Muitos e-mails de confirmação. Tente novamente em ${minutos(retryAfterSeconds)}.`,
  },
  mail: {
    password_changedSubject: "Sua senha foi alterada",
    password_changedHappened: "A senha da sua conta foi alterada.",
    password_resetSubject: "Sua senha foi redefinida",
    password_resetHappened: "A senha da sua conta foi redefinida por e-mail.",
    email_changedSubject: "Seu endereço de e-mail foi alterado",
    email_changedHappened:
      "O endereço de e-mail da sua conta foi alterado; as mensagens agora vão para o novo endereço.",
    second_factor_addedSubject: "Um segundo fator foi adicionado",
    second_factor_addedHappened: "Um segundo fator de acesso foi adicionado à sua conta.",
    second_factor_removedSubject: "Um segundo fator foi removido",
    second_factor_removedHappened: "Um segundo fator de acesso foi removido da sua conta.",
    recovery_code_usedSubject: "Um código de recuperação foi usado",
    recovery_code_usedHappened:
      "Um dos seus códigos de recuperação foi usado para entrar na sua conta; ele não funciona mais. Você pode gerar novos na página Segurança.",
    passkeys_removedSubject: "Chaves de acesso foram removidas",
    passkeys_removedHappened:
      "A redefinição da senha removeu chaves de acesso da sua conta: as adicionadas pelos dispositivos que ela desconectou, ou antes da confirmação do endereço, e as escolhidas na página de redefinição. Adicione uma chave de acesso novamente na página Segurança.",
    two_factor_resetSubject: "Sua verificação em duas etapas foi redefinida",
    two_factor_resetHappened:
      "Um administrador removeu os segundos fatores de acesso da sua conta (o aplicativo autenticador e seus códigos de recuperação, e qualquer dispositivo lembrado para a etapa do código; também as chaves de acesso, se isso foi pedido) e desconectou todos os dispositivos. Entre com sua senha e configure um novo segundo fator na página Segurança.",
    new_sign_inSubject: "Um acesso a partir de um novo dispositivo",
    new_sign_inHappened:
      "Houve um acesso à sua conta a partir de um dispositivo que não aparecia nela nos últimos 30 dias.",
    noticeAdvice:
      "Se foi você, não há nada a fazer. Se não foi, redefina sua senha imediatamente pela página de acesso e desconecte todos os outros dispositivos na página Sessões.",
    when: (at: string): string => `Quando: ${at}`,
    device: (device: string): string => `Dispositivo: ${device}`,
    ipAddress: (ip: string): string => `Endereço IP: ${ip}`,
    unknownIp: "desconhecido",
    verifySubject: "Confirme seu endereço de e-mail",
    verifyAsk: (address: string, product: string): string => `Confirme que ${address} é o seu endereço no ${product}.`,
    verifyTerms:
      "O link funciona uma vez, por 24 horas. Se você não se cadastrou nem alterou seu endereço, ignore esta mensagem.",
    verifyAction: "Confirmar o endereço",
    resetSubject: "Redefina sua senha",
    resetAsked: (product: string): string => `Alguém pediu para redefinir a senha da sua conta no ${product}.`,
    resetTerms:
      "O link funciona uma vez, por 30 minutos. Se não foi você, ignore esta mensagem: sua senha continua a mesma.",
    resetAction: "Escolher uma nova senha",
  },
  "forward-auth": {
    notAllowed: "Você não tem acesso a esta página.",
    forbiddenTitle: "Você não tem acesso a esta página",
    forbiddenHelp: "Se você acha que deveria ter, volte e tente novamente, ou fale com o seu administrador.",
    toDashboard: "Ir para o seu painel",
    secondFactorNeeded:
      "Esta página exige um segundo fator: confirme que é você com seu código ou uma chave de acesso.",
  },
  oidc: {
    clientNotFound: "Esse cliente não existe.",
    clientDeleted: "Cliente excluído; todas as autorizações e tokens dele terminaram.",
    publicHasNoSecret: "Um cliente público não tem segredo.",
    redirectHttps: "deve ser https:// (http:// só para localhost, 127.0.0.1 ou [::1])",
    absoluteUri: "deve ser uma URI absoluta",
    unknownScope: (scope: string) => `inclui um escopo que este servidor não oferece: ${scope}`,
    authMethodForType: "não combina com o tipo do cliente (público: none; confidencial: um segredo ou private_key_jwt)",
    jwksUriNeeded: "é obrigatório para private_key_jwt",
    redirectNeeded: "precisa de pelo menos uma URI de redirecionamento para o fluxo authorization code",
    publicGrant: "client_credentials exige um cliente confidencial",
    interactionGone:
      "Este pedido de acesso expirou ou foi iniciado em outro navegador. Volte ao aplicativo e entre novamente.",
    notThisInteraction: "Este pedido não está aguardando a sua resposta.",
    appDisconnected: "Desconectado: o aplicativo não pode mais usar sua conta até que você o permita de novo.",
    appNotConnected: "Esse aplicativo não está conectado à sua conta.",
  },
  "oidc-scopes": {
    openid: "Saber quem você é neste servidor (um id que nunca muda)",
    profile: "Ver seu nome de usuário",
    email: "Ver seu endereço de e-mail e se ele está confirmado",
    roles: "Ver se você é administrador",
    groups: "Ver os grupos de que você faz parte",
    offline_access: "Manter o acesso enquanto você estiver fora (até você desconectá-lo)",
  },
  "sign-in": {
    signedIn: "Você entrou.",
    signedOut: "Você saiu.",
    badCredentials: "E-mail ou senha incorretos.",
    tooManySignInAttempts: (retryAfterSeconds: number): string =>
      `Muitas tentativas de acesso sem sucesso. Tente novamente em ${minutos(retryAfterSeconds)}.`,
    verifyEmailFirst: "Confirme seu endereço de e-mail primeiro.",
    twoFactorCodeRequired: "Código de verificação em duas etapas necessário.",
    wrongCode: "Esse código não está certo.",
    signInExpired: "Este acesso expirou ou já foi usado; entre novamente.",
    codeOrRecoveryCode: "Digite o código do seu aplicativo ou um código de recuperação.",
    steppedUp: "Confirmado: esta sessão agora conta com dois fatores.",
    noSecondFactor: "Configure um segundo fator primeiro (um aplicativo autenticador) ou use uma chave de acesso.",
    stepUpInBrowser:
      "Um segundo fator é confirmado numa sessão do navegador (um token bearer entra de novo com o código).",
  },
  "two-factor": {
    totpAlreadyEnabled: "Já há um aplicativo autenticador configurado.",
    totpNotEnabled: "Nenhum aplicativo autenticador está configurado.",
    totpNotPending: "Nada está aguardando um código: comece de novo a configuração do aplicativo autenticador.",
    totpWrongConfirmation:
      "Esse código não está certo. Use o código mais recente do aplicativo; o relógio do celular precisa estar certo.",
    totpEnabled:
      "Aplicativo autenticador configurado. Guarde os códigos de recuperação em um lugar seguro: cada um funciona uma vez.",
    totpDisabled: "Aplicativo autenticador removido, junto com os códigos de recuperação.",
    recoveryCodesRegenerated: "Novos códigos de recuperação gerados; os antigos não funcionam mais.",
    passkeyAdded: "Chave de acesso adicionada.",
    passkeyNotVerified: "Não foi possível verificar a chave de acesso, ou o pedido é antigo demais. Tente novamente.",
    passkeyNotFound: "Essa chave de acesso não existe.",
    passkeyRenamed: "Chave de acesso renomeada.",
    passkeyRemoved: "Chave de acesso removida.",
    passkeySignInFailed: "Não foi possível entrar com esta chave de acesso.",
    steppedUpWithPasskey: "Confirmado com sua chave de acesso: esta sessão agora conta com dois fatores.",
    stepUpInBrowser: "Uma chave de acesso é confirmada numa sessão do navegador (um token bearer entra de novo).",
    passkeyNeedsProof: "Digite sua senha para adicionar uma chave de acesso.",
    passkeyNeedsConfirmedAddress:
      "Confirme seu endereço de e-mail antes de entrar com uma chave de acesso: siga o link que enviamos ou entre com sua senha.",
    tooManyPasskeyRequests: (retryAfterSeconds: number): string =>
      `Muitos acessos com chave de acesso a partir da sua rede. Tente novamente em ${minutos(retryAfterSeconds)}.`,
    deviceForgotten: "Esse dispositivo vai pedir o código novamente.",
    deviceNotFound: "Esse dispositivo lembrado não existe.",
  },
  upstream: {
    unknownProvider: "Não existe provedor de acesso com esse nome.",
    badCallback: "Não foi possível concluir este acesso. Comece de novo pela página de acesso.",
    badCallbackTitle: "Não foi possível concluir este acesso",
    toSignIn: "Ir para a página de acesso",
    tooManyCallbacks: (retryAfterSeconds: number): string =>
      `Muitas tentativas de acesso a partir da sua rede. Tente novamente em ${minutos(retryAfterSeconds)}.`,
    linkExpired: "Esta etapa de vinculação expirou ou já foi usada. Entre novamente pelo provedor.",
    otherAccount: "Você entrou numa conta diferente da que usa esse endereço. Saia e entre naquela conta.",
    linked: (name: string): string => `${name} está vinculado à sua conta.`,
    alreadyTaken: "Essa identidade já está vinculada a outra conta aqui.",
    providerTaken: "Sua conta já está vinculada a outra identidade nesse provedor. Desvincule-a primeiro.",
    unlinked: (name: string): string => `${name} não está mais vinculado à sua conta.`,
    notLinked: "Esse provedor não está vinculado à sua conta.",
    lastWayIn:
      "Esta é a única forma de entrar na sua conta. Defina uma senha primeiro (em “Esqueci a senha” na página de acesso) ou vincule outro provedor.",
  },
};

export default ptBR;
