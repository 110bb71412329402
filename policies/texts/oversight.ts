/**
 * The texts of every oversight code (`policies/oversight-reasons.ts`) in zh-CN and en, keyed by code, with
 * `{name}` for each param; the words for the enum values those params carry; and the labels a person reads
 * in the console and the reports — rules, severities, incident grades and deadlines, the monthly report's
 * figures and sections. Pure data and one renderer.
 */
import type { OversightCode, OversightReason } from '../oversight-reasons';
import { AGREEMENT_TERMS, type TextLocale } from './agreement';

export const OVERSIGHT_TEXTS: Record<TextLocale, Record<OversightCode, string>> = {
  'zh-CN': {
    'inspection.partner_not_approved': '合作方当前状态为“{partnerStatus}”，未通过准入，数据仍在向其提供',
    'inspection.partner_vetting_lapsed': '合作方准入有效期已于 {validUntil} 届满，数据仍在向其提供',
    'inspection.partner_validity_ends_first': '合作方准入有效期至 {validUntil}，早于协议结束日期 {endDate}',
    'inspection.partner_blacklisted': '合作方已列入不良名单，协议仍在执行',
    'inspection.partner_certification_expired': '合作方的资质认证已过期：{certifications}（最早于 {expiredAt} 到期）',
    'inspection.grade_above_clearance': '协议数据级别“{grade}”高于合作方当前可接收的最高级别“{clearance}”',
    'inspection.agreement_past_end': '协议已于 {endDate} 到期，当前状态仍为“{status}”',
    'inspection.usage_report_overdue':
      '合作方有 {count} 期使用情况报告逾期未交，最早一期自 {period} 起，应于 {dueAt} 前提交',
    'inspection.usage_beyond_approval': '合作方报告的使用情况超出批准范围，共 {count} 项（期次：{periods}）',
    'inspection.controls_not_attested': '合作方在自 {period} 起一期的使用情况报告中未确认落实安全措施：{controls}',
    'inspection.controls_below_requirement': '协议承诺的安全措施不满足{grade}现行要求，缺少：{controls}',
    'inspection.provision_record_missing':
      '协议状态为“{status}”，但没有数据对外提供记录（《网络数据安全管理条例》第十二条）',
    'inspection.regulator_filing_missing': '该数据对外提供应向监管部门报备（原因 {count} 项），未见报备记录',
    'inspection.regulator_filing_unconfirmed': '报备 {reference} 于 {submittedAt} 提交，尚未记录监管部门的确认',
    'inspection.cross_border_pathway_missing':
      '向境外（{destination}）提供数据，未确定数据出境路径（《促进和规范数据跨境流动规定》）',
    'inspection.export_assessment_missing': '向境外（{destination}）提供数据须通过数据出境安全评估，未见评估结果',
    'inspection.export_assessment_expired': '数据出境安全评估结果 {reference} 已于 {expiredAt} 到期',
    'inspection.export_assessment_extension_due':
      '数据出境安全评估结果 {reference} 将于 {expiresAt} 到期，须在 {applyBy} 前申请延续',
    'inspection.cross_border_beyond_assessed_scope':
      '出境规模超出确定出境路径时的规模：原按“{pathway}”，现涉及 {people} 人的个人信息、{sensitivePeople} 人的敏感个人信息，应为“{required}”',
    'inspection.risk_assessment_missing': '提供{grade}，未见数据安全风险评估报告（《网络数据安全管理条例》第三十一条）',
    'inspection.risk_assessment_expired': '数据安全风险评估报告 {reference} 已于 {expiredAt} 超过有效期',
    'inspection.pipia_missing': '提供个人信息，未见个人信息保护影响评估报告（《个人信息保护法》第五十五条）',
    'inspection.pipia_expired': '个人信息保护影响评估报告 {reference} 已于 {expiredAt} 超过有效期',
    'inspection.deletion_attestation_overdue': '合作方应于 {dueAt} 前提交数据删除证明，至今未提交',
    'inspection.recertification_overdue': '业务部门负责人应于 {dueAt} 前确认该数据对外提供仍有必要，至今未确认',
    'incident.threshold_reached': '{measure}为 {value}，达到{level}事件的门槛（{threshold}）',
    'incident.below_every_threshold': '各项指标均未达到较大事件的门槛，为一般事件',
    'incident.important_or_core_data':
      '涉及重要数据或核心数据，须第一时间向本地区行业监管部门报告（《工业和信息化领域数据安全管理办法》第二十八条）',
    'incident.grade_at_least': '事件级别为{level}，属于{fromLevel}及以上',
    'incident.personal_information_affected':
      '涉及 {people} 人的个人信息，须通知受影响的个人（《个人信息保护法》第五十七条）',
    'incident.handling_not_ended': '自应急处置工作结束时起算，尚未结束',
  },
  en: {
    'inspection.partner_not_approved': 'Data flows to a partner that is {partnerStatus}, not approved',
    'inspection.partner_vetting_lapsed': "The partner's vetting ended on {validUntil}; data still flows to it",
    'inspection.partner_validity_ends_first':
      "The partner's vetting ends on {validUntil}, before the agreement's end date {endDate}",
    'inspection.partner_blacklisted': 'The partner is blacklisted, and the agreement still runs',
    'inspection.partner_certification_expired':
      "The partner's certifications have expired: {certifications} (the first on {expiredAt})",
    'inspection.grade_above_clearance':
      'The data is {grade}, above the highest grade the partner may now receive ({clearance})',
    'inspection.agreement_past_end': 'The agreement ended on {endDate} but is still {status}',
    'inspection.usage_report_overdue':
      '{count} usage reports of the partner are overdue; the first, for the period from {period}, was due on {dueAt}',
    'inspection.usage_beyond_approval':
      'The partner reported use beyond the approval: {count} items (periods: {periods})',
    'inspection.controls_not_attested':
      'In its usage report for the period from {period}, the partner did not attest {controls}',
    'inspection.controls_below_requirement':
      'The agreement does not commit to every control {grade} now requires; missing: {controls}',
    'inspection.provision_record_missing':
      'The agreement is {status} but has no provision record (Network Data Regulations Art 12)',
    'inspection.regulator_filing_missing':
      'The sharing is reportable ({count} reasons) but has not been filed with the regulator',
    'inspection.regulator_filing_unconfirmed':
      'Filing {reference}, submitted on {submittedAt}, has no recorded confirmation by the regulator',
    'inspection.cross_border_pathway_missing':
      'Data goes abroad ({destination}) with no export pathway decided (Provisions on Promoting and Regulating Cross-border Data Flows)',
    'inspection.export_assessment_missing':
      'Data going abroad ({destination}) needs a CAC security assessment, and none is on file',
    'inspection.export_assessment_expired': 'Export security assessment {reference} expired on {expiredAt}',
    'inspection.export_assessment_extension_due':
      'Export security assessment {reference} expires on {expiresAt}; its extension must be applied for by {applyBy}',
    'inspection.cross_border_beyond_assessed_scope':
      "What went abroad exceeds the scale its pathway was decided on: decided as {pathway}, it now concerns {people} people's personal information and {sensitivePeople} people's sensitive personal information, which needs {required}",
    'inspection.risk_assessment_missing':
      'The agreement shares {grade} with no risk assessment on file (Network Data Regulations Art 31)',
    'inspection.risk_assessment_expired': 'Risk assessment {reference} passed its validity on {expiredAt}',
    'inspection.pipia_missing':
      'The agreement shares personal information with no PI-protection impact assessment on file (PIPL Art 55)',
    'inspection.pipia_expired': 'PI-protection impact assessment {reference} passed its validity on {expiredAt}',
    'inspection.deletion_attestation_overdue': "The partner's deletion attestation was due on {dueAt} and has not come",
    'inspection.recertification_overdue':
      'The unit head was to confirm by {dueAt} that the sharing is still needed, and has not',
    'incident.threshold_reached': '{measure}: {value}, at or above the threshold of a {level} incident ({threshold})',
    'incident.below_every_threshold':
      'No measure reaches the threshold of a large (较大, III) incident: it is general (一般, IV)',
    'incident.important_or_core_data':
      'Important or core data is involved: the local sector regulator is told at once (MIIT Measures Art 28)',
    'incident.grade_at_least': 'The incident is {level}: {fromLevel} or graver',
    'incident.personal_information_affected':
      'The personal information of {people} people is affected: they are notified (PIPL Art 57)',
    'incident.handling_not_ended': 'Counts from the end of emergency handling, which has not ended',
  },
};

/** Which list of words a param's value is rendered with. */
export const OVERSIGHT_PARAM_TERMS = {
  partnerStatus: 'partnerStatus',
  grade: 'grade',
  clearance: 'grade',
  status: 'status',
  pathway: 'pathway',
  required: 'pathway',
  controls: 'control',
  certifications: 'certification',
  level: 'incidentGrade',
  fromLevel: 'incidentGrade',
  measure: 'measure',
} as const;
/** Params whose value is a list, `a, b`: each value is rendered. */
export const LIST_PARAMS: readonly string[] = ['controls', 'certifications'];

/** The words of enum values, in each language (those of the agreement texts are used as they are). */
export const OVERSIGHT_TERMS = {
  'zh-CN': {
    certification: {
      iso27001: 'ISO/IEC 27001 认证',
      mlps: '网络安全等级保护测评',
      dsmm: '数据安全能力成熟度（DSMM）认证',
    },
    incidentGrade: { I: '特别重大（I级）', II: '重大（II级）', III: '较大（III级）', IV: '一般（IV级）' },
    measure: {
      personalInformation: '个人信息涉及人数',
      sensitivePersonalInformation: '敏感个人信息涉及人数',
      outageHours: '网络或服务中断时长（小时）',
      directLossCny: '直接经济损失（元）',
    },
  },
  en: {
    certification: { iso27001: 'ISO/IEC 27001', mlps: 'MLPS (等保) assessment', dsmm: 'DSMM certification' },
    incidentGrade: {
      I: 'especially major (特别重大, I)',
      II: 'major (重大, II)',
      III: 'large (较大, III)',
      IV: 'general (一般, IV)',
    },
    measure: {
      personalInformation: 'People whose personal information was affected',
      sensitivePersonalInformation: 'People whose sensitive personal information was affected',
      outageHours: 'Hours of network or service outage',
      directLossCny: 'Direct economic loss (CNY)',
    },
  },
} as const satisfies Record<TextLocale, Record<string, Record<string, string>>>;

type TermTable = Record<string, Record<string, string>>;
const LIST_SEPARATOR: Record<TextLocale, string> = { 'zh-CN': '、', en: ', ' };

/**
 * The text of an oversight reason in a language: each `{name}` replaced by its param, an enum value by its
 * word, a list param word by word. A param the text names but the reason lacks stays `{name}`, visibly.
 */
export function renderOversight(locale: TextLocale, reason: OversightReason): string {
  const terms: TermTable = { ...(AGREEMENT_TERMS[locale] as TermTable), ...(OVERSIGHT_TERMS[locale] as TermTable) };
  return OVERSIGHT_TEXTS[locale][reason.code].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = reason.params[name];
    if (value === undefined) return whole;
    const kind = (OVERSIGHT_PARAM_TERMS as Record<string, string | undefined>)[name];
    const word = (v: string) => (kind ? terms[kind]?.[v] : undefined) ?? v;
    if (LIST_PARAMS.includes(name)) {
      return String(value).split(', ').map(word).join(LIST_SEPARATOR[locale]);
    }
    return word(String(value));
  });
}

/** Labels a person reads: rule titles, severities, incident words, report figures and sections. */
export const OVERSIGHT_LABELS = {
  'zh-CN': {
    rule: {
      partner_not_approved: '合作方未通过准入',
      partner_vetting_lapsed: '合作方准入已过期',
      partner_validity_ends_first: '合作方准入有效期早于协议结束',
      partner_blacklisted: '合作方已列入不良名单',
      partner_certification_expired: '合作方资质认证过期',
      grade_above_clearance: '数据级别高于合作方可接收级别',
      agreement_past_end: '协议到期后仍在执行',
      usage_report_overdue: '使用情况报告逾期',
      usage_beyond_approval: '使用超出批准范围',
      controls_not_attested: '安全措施未确认落实',
      controls_below_requirement: '安全措施低于现行要求',
      provision_record_missing: '缺少对外提供记录',
      regulator_filing_missing: '应报备未报备',
      regulator_filing_unconfirmed: '报备未获确认',
      cross_border_pathway_missing: '出境未确定路径',
      export_assessment_missing: '缺少数据出境安全评估',
      export_assessment_expired: '数据出境安全评估过期',
      export_assessment_extension_due: '数据出境安全评估须申请延续',
      cross_border_beyond_assessed_scope: '出境超出评估规模',
      risk_assessment_missing: '缺少数据安全风险评估',
      risk_assessment_expired: '数据安全风险评估过期',
      pipia_missing: '缺少个人信息保护影响评估',
      pipia_expired: '个人信息保护影响评估过期',
      deletion_attestation_overdue: '数据删除证明逾期',
      recertification_overdue: '必要性复核逾期',
    },
    severity: { low: '低', medium: '中', high: '高', critical: '严重' },
    incidentGrade: OVERSIGHT_TERMS['zh-CN'].incidentGrade,
    incidentKind: { leak: '泄露', tampering: '篡改', loss: '丢失', misuse: '滥用', unavailability: '服务中断' },
    measure: OVERSIGHT_TERMS['zh-CN'].measure,
    deadlineKind: {
      sector_regulator_report: '向行业监管部门报告',
      cyberspace_report: '向网信部门报告',
      individual_notice: '通知受影响的个人',
      miit_summary_report: '向行业监管部门提交总结报告',
      cac_summary_report: '向网信部门提交总结报告',
    },
    recipient: {
      local_telecom_regulator: '本地区通信管理局',
      ciio_protection_department_and_police: '关键信息基础设施保护工作部门和公安机关',
      provincial_cyberspace_office: '省级网信部门',
      affected_individuals: '受影响的个人',
    },
    contentItem: {
      categories: '涉及的个人信息种类',
      cause: '原因',
      possible_harm: '可能造成的危害',
      remedies: '已采取的补救措施',
      individual_measures: '个人可以采取的减轻危害的措施',
      contact: '联系方式',
      responsibility: '责任认定',
      loss: '损失情况',
      improvements: '改进措施',
    },
    deadlineState: { waiting: '尚未起算', due: '待完成', met: '已按时完成', missed: '已逾期' },
    findingStatus: {
      open: '待整改',
      rectifying: '整改待核验',
      verified: '整改已核验',
      escalated: '已上报数据安全负责人',
      closed: '已关闭',
    },
    findingClosure: { verified: '整改已核验', cause_gone: '复查时问题已消除', agreement_revoked: '协议已终止' },
    rectificationStep: { remind: '提醒整改责任部门', escalate: '上报数据安全负责人', revoke: '终止协议' },
    decisionVerdict: {
      would_be_refused: '将不予批准',
      would_be_blocked: '将因缺少评估记录暂缓批准',
      would_route_differently: '审批流程将不同',
      would_change_conditions: '批准条件将不同',
      unchanged: '结果不变',
      not_replayable: '无法按新参数重演',
    },
    section: {
      sharing: '数据对外提供情况',
      vetting: '合作方准入评估情况',
      inspections: '专项排查与整改情况',
      incidents: '数据安全事件情况',
      problems: '存在的问题',
      suggestions: '下一步工作建议',
    },
    figure: {
      'sharing.requests': '提出的对外提供申请（项）',
      'sharing.approvals': '批准的申请（项）',
      'sharing.rejections': '驳回的申请（项）',
      'sharing.withdrawals': '撤回的申请（项）',
      'sharing.amendments_approved': '批准的协议变更（项）',
      'sharing.provisions': '登记的对外提供记录（条）',
      'sharing.filings_submitted': '向监管部门提交的报备（项）',
      'sharing.filings_confirmed': '监管部门确认的报备（项）',
      'sharing.suspensions': '暂停的协议（次）',
      'sharing.revocations': '终止的协议（项）',
      'sharing.expiries': '到期的协议（项）',
      'sharing.active_at_cutoff': '截至报告时生效中的协议（项）',
      'sharing.suspended_at_cutoff': '截至报告时暂停中的协议（项）',
      'sharing.in_review_at_cutoff': '截至报告时审批中的申请（项）',
      'vetting.nominations': '提名（含重新提名）的合作方（家次）',
      'vetting.approvals': '通过准入的合作方（家次）',
      'vetting.rejections': '未通过准入的合作方（家次）',
      'vetting.lapses': '准入失效的合作方（家次）',
      'vetting.blacklistings': '列入不良名单的合作方（家次）',
      'vetting.approved_at_cutoff': '截至报告时准入有效的合作方（家）',
      'vetting.in_vetting_at_cutoff': '截至报告时准入评估中的合作方（家）',
      'inspections.completed': '完成的专项排查（次）',
      'inspections.agreements_scanned': '排查的协议（项次）',
      'findings.raised': '发现的问题（项）',
      'findings.verified': '整改完成并核验的问题（项）',
      'findings.closed_by_reinspection': '复查时已消除的问题（项）',
      'findings.revoked': '因逾期未整改终止协议的问题（项）',
      'findings.open_at_cutoff': '截至报告时待整改的问题（项）',
      'findings.rectified_percent': '整改完成率（%）',
      'incidents.reported': '发生的数据安全事件（起）',
      'incidents.drills': '开展的应急演练（次）',
      'incidents.closed': '处置完毕的事件（起）',
      'incidents.open_at_cutoff': '截至报告时处置中的事件（起）',
      'incidents.reports_met': '按时完成的事件报告和通知（项）',
      'incidents.reports_missed': '逾期的事件报告和通知（项）',
      'problems.findings_overdue': '逾期未整改的问题（项）',
      'problems.critical_findings_open': '待整改的严重问题（项）',
      'problems.attestations_overdue': '逾期未提交数据删除证明的协议（项）',
    },
    heading: {
      monthly_report: '数据对外合作安全管理月报',
      inspection_report: '数据对外合作专项排查报告',
      period: '报告期',
      cutoff: '截至',
      scanned: '排查协议数',
      findings: '发现问题数',
      by_rule: '按排查规则',
      by_severity: '按严重程度',
      by_unit: '按责任部门',
      by_partner: '按合作方',
      rule_set_version: '规则版本',
    },
  },
  en: {
    rule: {
      partner_not_approved: 'Partner not approved',
      partner_vetting_lapsed: 'Partner vetting lapsed',
      partner_validity_ends_first: "Partner's vetting ends before the agreement",
      partner_blacklisted: 'Partner blacklisted',
      partner_certification_expired: 'Partner certification expired',
      grade_above_clearance: "Data above the partner's clearance",
      agreement_past_end: 'Agreement running past its end date',
      usage_report_overdue: 'Usage report overdue',
      usage_beyond_approval: 'Use beyond the approval',
      controls_not_attested: 'Controls not attested',
      controls_below_requirement: 'Controls below the requirement',
      provision_record_missing: 'Provision record missing',
      regulator_filing_missing: 'Regulator filing missing',
      regulator_filing_unconfirmed: 'Regulator filing unconfirmed',
      cross_border_pathway_missing: 'Cross-border sharing without a pathway',
      export_assessment_missing: 'Export security assessment missing',
      export_assessment_expired: 'Export security assessment expired',
      export_assessment_extension_due: 'Export security assessment extension due',
      cross_border_beyond_assessed_scope: 'Cross-border sharing beyond its assessed scale',
      risk_assessment_missing: 'Risk assessment missing',
      risk_assessment_expired: 'Risk assessment out of date',
      pipia_missing: 'PIPIA missing',
      pipia_expired: 'PIPIA out of date',
      deletion_attestation_overdue: 'Deletion attestation overdue',
      recertification_overdue: 'Recertification overdue',
    },
    severity: { low: 'low', medium: 'medium', high: 'high', critical: 'critical' },
    incidentGrade: OVERSIGHT_TERMS.en.incidentGrade,
    incidentKind: {
      leak: 'leak',
      tampering: 'tampering',
      loss: 'loss',
      misuse: 'misuse',
      unavailability: 'unavailability',
    },
    measure: OVERSIGHT_TERMS.en.measure,
    deadlineKind: {
      sector_regulator_report: 'Report to the sector regulator',
      cyberspace_report: 'Report to the cyberspace authorities',
      individual_notice: 'Notice to the affected individuals',
      miit_summary_report: 'Summary report to the sector regulator',
      cac_summary_report: 'Summary report to the cyberspace authorities',
    },
    recipient: {
      local_telecom_regulator: 'the local communications administration (通信管理局)',
      ciio_protection_department_and_police: 'the CII protection department and the public security organs',
      provincial_cyberspace_office: 'the provincial cyberspace office (网信办)',
      affected_individuals: 'the affected individuals',
    },
    contentItem: {
      categories: 'categories of personal information concerned',
      cause: 'cause',
      possible_harm: 'possible harm',
      remedies: 'remedies taken',
      individual_measures: 'what individuals can do to reduce the harm',
      contact: 'contact',
      responsibility: 'responsibility',
      loss: 'loss',
      improvements: 'improvements',
    },
    deadlineState: { waiting: 'not started', due: 'due', met: 'met', missed: 'missed' },
    findingStatus: {
      open: 'to rectify',
      rectifying: 'rectified, awaiting verification',
      verified: 'verified',
      escalated: 'escalated to the DSO',
      closed: 'closed',
    },
    findingClosure: {
      verified: 'rectification verified',
      cause_gone: 'cause gone at re-inspection',
      agreement_revoked: 'agreement revoked',
    },
    rectificationStep: {
      remind: 'remind the owner unit',
      escalate: 'escalate to the DSO',
      revoke: 'revoke the agreement',
    },
    decisionVerdict: {
      would_be_refused: 'would be refused',
      would_be_blocked: 'would wait for a missing record',
      would_route_differently: 'would be routed differently',
      would_change_conditions: 'would be approved on other conditions',
      unchanged: 'unchanged',
      not_replayable: 'cannot be replayed with the change',
    },
    section: {
      sharing: 'Data sharing',
      vetting: 'Partner vetting',
      inspections: 'Special inspections and rectification',
      incidents: 'Data-security incidents',
      problems: 'Problems',
      suggestions: 'Suggestions',
    },
    figure: {
      'sharing.requests': 'Sharing requests submitted',
      'sharing.approvals': 'Requests approved',
      'sharing.rejections': 'Requests rejected',
      'sharing.withdrawals': 'Requests withdrawn',
      'sharing.amendments_approved': 'Amendments approved',
      'sharing.provisions': 'Provision records made',
      'sharing.filings_submitted': 'Filings submitted to the regulator',
      'sharing.filings_confirmed': 'Filings confirmed by the regulator',
      'sharing.suspensions': 'Agreement suspensions',
      'sharing.revocations': 'Agreements revoked',
      'sharing.expiries': 'Agreements expired',
      'sharing.active_at_cutoff': 'Active agreements at the cut-off',
      'sharing.suspended_at_cutoff': 'Suspended agreements at the cut-off',
      'sharing.in_review_at_cutoff': 'Requests in review at the cut-off',
      'vetting.nominations': 'Partner nominations (re-nominations included)',
      'vetting.approvals': 'Partner approvals',
      'vetting.rejections': 'Partner rejections',
      'vetting.lapses': 'Partner vettings lapsed',
      'vetting.blacklistings': 'Partners blacklisted',
      'vetting.approved_at_cutoff': 'Approved partners at the cut-off',
      'vetting.in_vetting_at_cutoff': 'Partners in vetting at the cut-off',
      'inspections.completed': 'Special inspections completed',
      'inspections.agreements_scanned': 'Agreements inspected',
      'findings.raised': 'Findings raised',
      'findings.verified': 'Findings rectified and verified',
      'findings.closed_by_reinspection': 'Findings closed at re-inspection',
      'findings.revoked': 'Findings ended by revoking the agreement',
      'findings.open_at_cutoff': 'Findings open at the cut-off',
      'findings.rectified_percent': 'Rectification rate (%)',
      'incidents.reported': 'Data-security incidents',
      'incidents.drills': 'Emergency drills',
      'incidents.closed': 'Incidents closed',
      'incidents.open_at_cutoff': 'Incidents open at the cut-off',
      'incidents.reports_met': 'Incident reports and notices made on time',
      'incidents.reports_missed': 'Incident reports and notices missed',
      'problems.findings_overdue': 'Overdue rectifications',
      'problems.critical_findings_open': 'Critical findings open',
      'problems.attestations_overdue': 'Agreements with an overdue deletion attestation',
    },
    heading: {
      monthly_report: 'Monthly report on the security of external data cooperation',
      inspection_report: 'Special inspection of external data cooperation',
      period: 'Period',
      cutoff: 'As at',
      scanned: 'Agreements inspected',
      findings: 'Findings',
      by_rule: 'By rule',
      by_severity: 'By severity',
      by_unit: 'By owner unit',
      by_partner: 'By partner',
      rule_set_version: 'Rule set version',
    },
  },
} as const;
