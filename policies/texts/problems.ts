/**
 * The API's problem texts in zh-CN and en, keyed by error code, with `{name}` for each param, and the
 * caller's language from an Accept-Language header. An agreement's refusal renders from its own
 * catalogue (policies/refusal.ts); a code with no text here keeps the API's English `detail` in English
 * and gets its status's text in Chinese. Pure: no I/O, no clock.
 */
import { REASON_CODES, type ReasonCode } from '../agreement-reasons';
import type { ErrorCode, ErrorParams } from '../errors';
import { renderReason } from '../refusal';
import type { TextLocale } from './agreement';

/** The Chinese texts; in English the API's own `detail` (which may name more, e.g. the offending key) stays. */
const PROBLEM_TEXTS_ZH: Partial<Record<ErrorCode, string>> = {
  'request.invalid': '提交的内容不符合要求',
  'inspection.rules_changed': '排查规则已被他人保存为第 {version} 版，请重新读取后再修改',
  'inspection.parameters_invalid': '提议的规则参数无效：{keys}',
  'request.malformed_json': '提交的内容不是有效的 JSON',
  'request.forbidden_key': '提交的内容含有不允许的键（操作符、带点的路径或原型键）',
  'request.too_deep': '提交的内容嵌套层级过深',
  'request.too_large': '提交的内容过大',
  'request.unsupported_media_type': '不支持该内容类型',
  'request.method_not_allowed': '此处不允许 {method} 方法，允许：{allowed}',
  'request.origin_refused': '此接口不响应来自 {origin} 的网页',
  'request.headers_too_large': '请求头过大',
  'request.malformed': '请求不是有效的 HTTP 请求',
  'request.rate_limited': '请求过于频繁，请在 {retryAfterSeconds} 秒后重试',
  'route.not_found': '接口不存在',
  'resource.not_found': '记录不存在',
  'idempotency.key_reused': '该 Idempotency-Key 已用于另一请求',
  'idempotency.in_progress': '相同的请求仍在处理中，请稍后重试',
  'auth.missing_token': '缺少访问令牌，请先登录',
  'auth.invalid_token': '访问令牌无效或已过期，请重新登录',
  'auth.forbidden': '您无权执行此操作',
  'auth.mixed_identity': '合作方用户不能同时拥有内部角色',
  'entity.busy': '该记录正在处理另一操作，请稍后重试',
  'entity.process_ended': '该记录的流程已结束',
  'asset.not_found': '数据资产不存在',
  'asset.code_taken': '该编码已被其他数据资产使用',
  'asset.retired': '数据资产已停用',
  'asset.version_conflict': '数据资产已被他人修改，请刷新后重试',
  'asset.import_invalid': '导入文件有 {errorCount} 处问题，未导入任何内容',
  'partner.not_found': '合作方不存在',
  'report.not_found': '{month} 尚未开始，没有该月的报告',
  'partner.already_nominated': '统一社会信用代码为 {creditCode} 的合作方已被提名',
  'partner.blacklisted': '该合作方已列入不良名单',
  'partner.not_in_review': '该合作方当前不在审核阶段',
  'partner.already_decided': '该合作方已有审核结论',
  'partner.needs_dso': '高风险合作方需要数据安全负责人审核',
  'partner.same_approver': '同一人不能同时给出两级审批',
  'partner.not_awaiting_answers': '当前不需要填写问卷',
  'partner.not_awaiting_information': '当前没有待回复的问题',
  'partner.answers_invalid': '问卷回答不完整或无效',
  'partner.not_renominable': '只有已驳回、审核超期或准入失效的合作方可以重新提名',
  'questionnaire.not_found': '问卷不存在',
  'service.unavailable': '服务暂不可用，请稍后重试',
  internal: '服务器内部错误，已记录',
};

/** What a status means, in Chinese, for a code without its own text. */
const STATUS_TEXTS_ZH: Record<number, string> = {
  400: '请求无效',
  401: '未登录或登录已失效',
  403: '无权执行此操作',
  404: '记录不存在',
  405: '不允许该方法',
  409: '与记录的当前状态冲突',
  413: '提交的内容过大',
  415: '不支持该内容类型',
  422: '内容无法处理',
  429: '请求过于频繁',
  431: '请求头过大',
  500: '服务器内部错误',
  502: '外部系统拒绝了请求',
  503: '服务暂不可用',
};

const isReasonCode = (code: string): code is ReasonCode => (REASON_CODES as readonly string[]).includes(code);

/** The language of an Accept-Language header DataPact answers in: zh-CN for any Chinese first, else en. */
export function problemLocaleOf(acceptLanguage: string | undefined): TextLocale {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = Number(
        rest
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? '1',
      );
      return { tag: tag.trim().toLowerCase(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((r) => r.q > 0 && (r.tag.startsWith('zh') || r.tag.startsWith('en')))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked[0]?.tag.startsWith('zh') ? 'zh-CN' : 'en';
}

/**
 * A problem's `detail` in a language, from its code and params; undefined in English, where the API's
 * own English text stays (an agreement's refusal already is its English rendering).
 */
export function problemDetail(
  locale: TextLocale,
  problem: { code: ErrorCode; status: number; params?: ErrorParams },
): string | undefined {
  if (locale === 'en') return undefined;
  const params = problem.params ?? {};
  if (isReasonCode(problem.code)) return renderReason(locale, { code: problem.code, params } as never);
  const text = PROBLEM_TEXTS_ZH[problem.code];
  if (text) return text.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole));
  return STATUS_TEXTS_ZH[problem.status] ?? '请求失败';
}
