/**
 * The invitation a partner's contact reads (by mail, or handed on by whoever invited them), in zh-CN
 * and en. Pure: the link and the dates are parameters.
 */
import type { TextLocale } from './agreement';

export interface InvitationTextParams {
  contactName: string;
  partnerName: string;
  /** Where the contact accepts: the console's acceptance page with the one-time token. */
  acceptUrl: string;
  /** The last day it may be accepted, as the reader's calendar shows it (YYYY-MM-DD, Asia/Shanghai). */
  expiresOn: string;
}

export function invitationTexts(p: InvitationTextParams): Record<TextLocale, { subject: string; body: string }> {
  return {
    'zh-CN': {
      subject: `邀请您使用 DataPact 合作方门户（${p.partnerName}）`,
      body:
        `${p.contactName}，您好：\n` +
        `我司邀请您作为 ${p.partnerName} 的联系人使用 DataPact 合作方门户，填写数据安全能力评估问卷并查看审核进度。\n` +
        `请在 ${p.expiresOn} 前打开以下链接，登录后接受邀请（链接仅可使用一次，请勿转发）：\n${p.acceptUrl}`,
    },
    en: {
      subject: `Invitation to the DataPact partner portal (${p.partnerName})`,
      body:
        `Dear ${p.contactName},\n` +
        `you are invited, as a contact of ${p.partnerName}, to the DataPact partner portal, where you answer the ` +
        `data-security questionnaire and follow the vetting.\n` +
        `Open this link by ${p.expiresOn}, sign in and accept the invitation (it works once; do not forward it):\n${p.acceptUrl}`,
    },
  };
}
