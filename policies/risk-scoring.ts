/**
 * Risk scoring of a partner (S2, S6): a pure function from the automated checks and the
 * questionnaire answers to a capability score, a risk tier and a clearance (the highest data grade
 * the partner may receive), with the reasons that drove each. The reasons are for reviewers, never
 * shown to the partner (policies/abilities.ts INTERNAL_PARTNER_FIELDS). `now` is a parameter.
 */
import type { CertificationClaim } from './partner-checks';
import type { Answers, Questionnaire } from './questionnaire';
import type { DataGrade, RiskTier } from './vocabulary';

export const RISK_RULES_VERSION = 'risk-scoring@1';

export interface RiskInput {
  certifications: readonly CertificationClaim[];
  /** `CN` or the ISO country code of each place the partner keeps the data. */
  dataLocations: readonly string[];
  answers: Answers;
  questionnaire: Questionnaire;
  now: Date;
}

export interface RiskReason {
  code: string;
  params?: Record<string, string | number>;
}

export interface RiskAssessment {
  /** 0–100: higher is more capable. */
  score: number;
  tier: RiskTier;
  clearance: DataGrade;
  reasons: RiskReason[];
  rulesVersion: string;
}

/** Points out of 100 that valid certifications add, on top of the questionnaire's share. */
const CERTIFICATION_POINTS = { iso27001: 10, mlpsLevel3: 10, dsmmLevel3: 5 } as const;
const QUESTIONNAIRE_SHARE = 75;
export const TIER_THRESHOLDS = { low: 75, medium: 50 } as const;

export function riskAssessmentOf(input: RiskInput): RiskAssessment {
  const reasons: RiskReason[] = [];

  const maxPoints = input.questionnaire.questions.reduce(
    (sum, q) => sum + Math.max(...q.options.map((o) => o.points)),
    0,
  );
  let answered = 0;
  for (const question of input.questionnaire.questions) {
    const option = question.options.find((o) => o.id === input.answers[question.id]);
    if (!option) {
      reasons.push({ code: 'risk.unanswered', params: { question: question.id } });
      continue;
    }
    answered += option.points;
    if (option.points === 0)
      reasons.push({ code: 'risk.weak_answer', params: { question: question.id, area: question.area } });
  }
  let score = maxPoints > 0 ? (answered / maxPoints) * QUESTIONNAIRE_SHARE : 0;

  const valid = (c: CertificationClaim) =>
    c.expiresAt === undefined || new Date(c.expiresAt).getTime() > input.now.getTime();
  for (const cert of input.certifications) {
    if (!valid(cert)) reasons.push({ code: 'risk.certification_expired', params: { kind: cert.kind } });
  }
  const current = input.certifications.filter(valid);
  const has = (kind: CertificationClaim['kind'], minLevel = 0) =>
    current.some((c) => c.kind === kind && (c.level ?? 0) >= minLevel);
  if (has('iso27001')) score += CERTIFICATION_POINTS.iso27001;
  else reasons.push({ code: 'risk.no_iso27001' });
  if (has('mlps', 3)) score += CERTIFICATION_POINTS.mlpsLevel3;
  else reasons.push({ code: 'risk.mlps_below_3' });
  if (has('dsmm', 3)) score += CERTIFICATION_POINTS.dsmmLevel3;

  score = Math.round(Math.min(100, score));
  let tier: RiskAssessment['tier'] =
    score >= TIER_THRESHOLDS.low ? 'low' : score >= TIER_THRESHOLDS.medium ? 'medium' : 'high';
  reasons.unshift({ code: `risk.tier_by_score`, params: { score, tier } });

  const abroad = input.dataLocations.filter((l) => l.toUpperCase() !== 'CN');
  if (abroad.length > 0) {
    reasons.push({ code: 'risk.cross_border', params: { countries: abroad.join(', ') } });
    if (tier === 'low') tier = 'medium';
  }

  // Important data only to a low-tier partner keeping it in China; core data never by default.
  const clearance: DataGrade = tier === 'low' && abroad.length === 0 ? 'important' : 'general';
  reasons.push({ code: 'risk.clearance', params: { clearance } });
  return { score, tier, clearance, reasons, rulesVersion: RISK_RULES_VERSION };
}
