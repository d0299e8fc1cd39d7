/**
 * Português do Brasil: o painel (cada página, cada botão, o que as páginas anunciam). Tratamento por
 * "você", tom calmo e exato, como as frases em inglês.
 */
import type { FirstCatalogue } from "../../web/src/catalogues.ts";
import { fields } from "./fields.ts";

const ptBR: FirstCatalogue = {
  fields,
  web: {
    pageTitle: (title: string): string => `${title} · Datta Dashboard`,
    loading: "Carregando…",
    pageNotLoaded: "Não foi possível carregar esta página. Verifique sua conexão.",
    tryAgain: "Tentar de novo",
    dismiss: "Fechar",
    show: "Mostrar",
    hide: "Ocultar",
    showField: (label: string): string => `Mostrar ${label.toLowerCase()}`,
    darkTheme: "Tema escuro",
    useLight: "Usar o tema claro",
    useDark: "Usar o tema escuro",
    language: "Idioma",
    pageNotFound: "Página não encontrada",
    noSuchPage: "Esta página não existe",
    mistyped: "O endereço pode estar digitado errado, ou a página mudou de lugar.",
    noAccountYet: "Ainda não tem conta?",
    createOne: "Crie uma",
    goToSignIn: "Ir para o login",
    goToDashboard: "Ir para o painel",
    stillSignedIn: "Você continua conectado.",
    signedOutHere: "Você saiu neste dispositivo.",
    signedOutEverywhere: "Você saiu em todos os dispositivos.",
    expired: "Sua sessão expirou. Entre para continuar.",
    signedOutElsewhere: "Você foi desconectado a partir de outro dispositivo. Entre para continuar.",
    locked: "Sua conta foi bloqueada; o administrador pode explicar o motivo. Entre para continuar.",
    passwordChanged: "Sua senha foi alterada. Entre para continuar.",
    fieldError: (label: string, phrase: string): string => `${label}: ${phrase}`,
    thisField: "Este campo",
    labelEmail: "E-mail",
    labelUsername: "Nome de usuário",
    labelPassword: "Senha",
    labelCurrentPassword: "Senha atual",
    labelNewPassword: "Nova senha",
    draftKept: "Guardamos o que você tinha digitado antes de a sessão terminar. Confira e salve.",
    unreachable: "Não foi possível falar com o servidor. Verifique sua conexão e tente de novo.",
    serverAnswered: (status: number): string => `O servidor respondeu ${status}.`,
  },
  "web/sign-in": {
    signIn: "Entrar",
    signingIn: "Entrando…",
    welcomeBack: "Bem-vindo de volta. Informe seus dados para abrir seu painel.",
    asksTwoFactors:
      "O aplicativo pede dois fatores: sua senha e o código do seu app autenticador, ou uma chave de acesso.",
    asksAgain: "O aplicativo pede que você entre de novo antes de continuar.",
    twoFactorsByPasskey: "Este aplicativo pede dois fatores: entre com sua chave de acesso, que vale pelos dois.",
    nextStepNotLoaded: "Não foi possível carregar a próxima etapa. Verifique sua conexão e entre de novo.",
    forgotPassword: "Esqueceu a senha?",
    or: "ou",
    withPasskey: "Entrar com uma chave de acesso",
    waitingForPasskey: "Aguardando a chave de acesso…",
    tryAgainIn: "Você pode tentar de novo em",
    tryAgainNow: "Você já pode tentar de novo.",
    orNow: "Ou agora:",
    stepUpTitle: "Confirme que é você",
  },
  "web/access/labels": {
    groups: "Grupos",
    adminGroups: "Administração · grupos",
    accessRules: "Regras de acesso",
    adminAccessRules: "Administração · regras de acesso",
  },
  "web/account/labels": {
    dashboard: "Painel",
    profile: "Perfil",
    signUp: "Cadastro",
  },
  "web/admin/labels": {
    admin: "Administração",
    auditLog: "Registro de auditoria",
    adminAuditLog: "Administração · registro de auditoria",
    user: "Usuário",
    adminUser: "Administração · usuário",
  },
  "web/email/labels": {
    forgotPassword: "Senha esquecida",
    newPassword: "Escolher uma nova senha",
    confirmAddress: "Confirmar seu e-mail",
  },
  "web/oidc/labels": {
    allowAccess: "Permitir acesso",
    connectedApps: "Apps conectados",
    applications: "Aplicativos",
    adminApplications: "Administração · aplicativos",
  },
  "web/session/labels": {
    sessions: "Sessões",
  },
  "web/two-factor/labels": {
    security: "Segurança",
  },
  "web/upstream/labels": {
    linkYourAccount: "Vincular sua conta",
  },
};

export default ptBR;
