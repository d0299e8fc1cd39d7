/**
 * 简体中文：仪表板（每个页面、每个按钮、页面播报的内容）。用“您”，语气平和、准确，与英文原句一致。
 */
import type { FirstCatalogue } from "../../web/src/catalogues.ts";
import { fields } from "./fields.ts";

const zhHans: FirstCatalogue = {
  fields,
  web: {
    pageTitle: (title: string): string => `${title} · Datta Dashboard`,
    loading: "正在加载…",
    pageNotLoaded: "无法加载此页面。请检查网络连接。",
    tryAgain: "重试",
    dismiss: "关闭",
    show: "显示",
    hide: "隐藏",
    showField: (label: string): string => `显示${label}`,
    darkTheme: "深色主题",
    useLight: "使用浅色主题",
    useDark: "使用深色主题",
    language: "语言",
    pageNotFound: "找不到页面",
    noSuchPage: "此页面不存在",
    mistyped: "地址可能输错了，或者页面已经移动。",
    noAccountYet: "还没有账号？",
    createOne: "创建一个",
    goToSignIn: "前往登录",
    goToDashboard: "前往仪表板",
    stillSignedIn: "您仍处于登录状态。",
    signedOutHere: "您已在此设备上退出登录。",
    signedOutEverywhere: "您已在所有设备上退出登录。",
    expired: "您的会话已过期。请登录以继续。",
    signedOutElsewhere: "您已在另一台设备上被退出登录。请登录以继续。",
    locked: "您的账号已被锁定；管理员可以告诉您原因。请登录以继续。",
    passwordChanged: "您的密码已更改。请登录以继续。",
    fieldError: (label: string, phrase: string): string => `${label}${phrase}`,
    thisField: "此字段",
    labelEmail: "电子邮件地址",
    labelUsername: "用户名",
    labelPassword: "密码",
    labelCurrentPassword: "当前密码",
    labelNewPassword: "新密码",
    draftKept: "我们保留了您在会话结束前输入的内容。请检查后保存。",
    unreachable: "无法连接服务器。请检查网络连接后重试。",
    serverAnswered: (status: number): string => `服务器返回了 ${status}。`,
  },
  "web/sign-in": {
    signIn: "登录",
    signingIn: "正在登录…",
    welcomeBack: "欢迎回来。输入您的信息以打开仪表板。",
    asksTwoFactors: "该应用要求两步验证：您的密码和身份验证器应用中的验证码，或一个通行密钥。",
    asksAgain: "该应用要求您先重新登录，然后再继续。",
    twoFactorsByPasskey: "该应用要求两步验证：请用通行密钥登录，它同时满足两步。",
    nextStepNotLoaded: "无法加载下一步。请检查网络连接并重新登录。",
    forgotPassword: "忘记密码？",
    or: "或",
    withPasskey: "使用通行密钥登录",
    waitingForPasskey: "正在等待通行密钥…",
    tryAgainIn: "您可以在以下时间后重试：",
    tryAgainNow: "您现在可以重试了。",
    orNow: "或者现在：",
    stepUpTitle: "确认是您本人",
  },
  "web/access/labels": {
    groups: "群组",
    adminGroups: "管理 · 群组",
    accessRules: "访问规则",
    adminAccessRules: "管理 · 访问规则",
  },
  "web/account/labels": {
    dashboard: "仪表板",
    profile: "个人资料",
    signUp: "注册",
  },
  "web/admin/labels": {
    admin: "管理",
    auditLog: "审计日志",
    adminAuditLog: "管理 · 审计日志",
    user: "用户",
    adminUser: "管理 · 用户",
  },
  "web/email/labels": {
    forgotPassword: "忘记密码",
    newPassword: "设置新密码",
    confirmAddress: "确认您的电子邮件地址",
  },
  "web/oidc/labels": {
    allowAccess: "允许访问",
    connectedApps: "已连接的应用",
    applications: "应用",
    adminApplications: "管理 · 应用",
  },
  "web/session/labels": {
    sessions: "会话",
  },
  "web/two-factor/labels": {
    security: "安全",
  },
  "web/upstream/labels": {
    linkYourAccount: "关联您的账号",
  },
};

export default zhHans;
