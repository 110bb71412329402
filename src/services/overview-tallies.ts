/**
 * The overview's counts as tallies: how many records hold each combination of a few fields (an
 * agreement's unit, status and grade; a finding's unit, status and severity; …), counted in one pass
 * over each collection. Any caller's figures are sums of a tally's entries: those matching its read
 * scope (everything, or its unit's). The Schedule `datapact-overview` keeps the latest tallies in one
 * document (activities/overview-snapshot.ts), so that the overview reads one document instead of
 * counting 100,000 rows per call (FerretDB reads every record it counts: bench:overview).
 */
import type { Model } from 'mongoose';
import {
  AGREEMENT_STATUSES,
  DATA_GRADES,
  FINDING_STATUSES,
  INCIDENT_GRADES,
  INCIDENT_STATUSES,
  PARTNER_STATUSES,
  RISK_TIERS,
  SEVERITIES,
} from '../../policies/vocabulary';
import type { OverviewView } from '../schemas/overview.schema';
import type { EqualityFilter, Scalar } from '../store/equality-filter';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any model; documents are read as records
type AnyModel = Model<any>;

/** The collections the overview counts. */
export interface OverviewCollections {
  /** The partner documents. */
  partners: AnyModel;
  /** The agreement rows. */
  agreementRows: AnyModel;
  /** The incident rows. */
  incidentRows: AnyModel;
  /** The finding documents. */
  findings: AnyModel;
}

/** One combination of the tally's fields (null: the record has none) and how many records hold it. */
export interface TallyEntry {
  values: Record<string, Scalar | null>;
  n: number;
}

export type OverviewSection = 'partners' | 'agreements' | 'incidents' | 'findings';
export type OverviewTallies = Record<OverviewSection, TallyEntry[]>;

/**
 * What each section counts: which collection, which records (drills are no incidents), and by which
 * fields: the figures' fields and every field a caller's read scope may name (policies/abilities.ts:
 * a unit's requester reads its `requestingUnit`'s agreements and its `ownerUnit`'s findings).
 */
export const TALLIES: Record<
  OverviewSection,
  { collection: keyof OverviewCollections; match: Record<string, Scalar>; fields: readonly string[] }
> = {
  partners: { collection: 'partners', match: {}, fields: ['status', 'riskTier'] },
  agreements: { collection: 'agreementRows', match: {}, fields: ['requestingUnit', 'status', 'effectiveGrade'] },
  incidents: { collection: 'incidentRows', match: { drill: false }, fields: ['status', 'grade'] },
  findings: { collection: 'findings', match: {}, fields: ['ownerUnit', 'status', 'severity'] },
};

/** Counts every section's tally: one `$group` per collection, each record read once. */
export async function countTallies(collections: OverviewCollections): Promise<OverviewTallies> {
  const sections = Object.keys(TALLIES) as OverviewSection[];
  const counted = await Promise.all(
    sections.map(async (section) => {
      const { collection, match, fields } = TALLIES[section];
      const groups = await collections[collection].aggregate<{ _id: Record<string, unknown>; n: number }>([
        { $match: match },
        { $group: { _id: Object.fromEntries(fields.map((f) => [f, `$${f}`])), n: { $sum: 1 } } },
      ]);
      // A field a record lacks is null, whichever way the store writes it in the group's key.
      const entries = groups.map(({ _id, n }) => ({
        values: Object.fromEntries(fields.map((f) => [f, (_id?.[f] ?? null) as Scalar | null])),
        n,
      }));
      return [section, entries] as const;
    }),
  );
  return Object.fromEntries(counted) as OverviewTallies;
}

/** The entries within a read scope, or undefined when the tally cannot tell (the scope names a field it lacks). */
function within(tallies: OverviewTallies, section: OverviewSection, scope: EqualityFilter): TallyEntry[] | undefined {
  const fields = TALLIES[section].fields;
  if (Object.keys(scope).some((f) => !fields.includes(f))) return undefined;
  return tallies[section].filter((e) => Object.entries(scope).every(([f, v]) => e.values[f] === v));
}

/** One count per code of `field` (zero included), over `entries`. */
function countsOf<C extends string>(entries: TallyEntry[], field: string, codes: readonly C[]): Record<C, number> {
  const counts = Object.fromEntries(codes.map((c) => [c, 0])) as Record<C, number>;
  for (const { values, n } of entries) {
    const code = values[field];
    if (typeof code === 'string' && code in counts) counts[code as C] += n;
  }
  return counts;
}

/** The scopes of a caller's figures: undefined where it may read none of that type. */
export interface OverviewScopes {
  partners?: EqualityFilter;
  agreements?: EqualityFilter;
  incidents?: EqualityFilter;
  findings?: EqualityFilter;
}

type Figures = Pick<OverviewView, 'partners' | 'agreements' | 'incidents' | 'findings'>;

/** A caller's figures from the tallies, or undefined when a scope is one the tallies cannot serve. */
export function figuresOf(tallies: OverviewTallies, scopes: OverviewScopes): Figures | undefined {
  const entries: Partial<Record<OverviewSection, TallyEntry[]>> = {};
  for (const section of Object.keys(TALLIES) as OverviewSection[]) {
    const scope = scopes[section];
    if (!scope) continue;
    const found = within(tallies, section, scope);
    if (!found) return undefined;
    entries[section] = found;
  }
  const { partners, agreements, incidents, findings } = entries;
  return {
    ...(partners
      ? {
          partners: {
            byStatus: countsOf(partners, 'status', PARTNER_STATUSES),
            byTier: countsOf(partners, 'riskTier', RISK_TIERS),
          },
        }
      : {}),
    ...(agreements
      ? {
          agreements: {
            byStatus: countsOf(agreements, 'status', AGREEMENT_STATUSES),
            byGrade: Object.fromEntries(
              DATA_GRADES.map((grade) => [
                grade,
                countsOf(
                  agreements.filter((e) => e.values.effectiveGrade === grade),
                  'status',
                  AGREEMENT_STATUSES,
                ),
              ]),
            ) as NonNullable<OverviewView['agreements']>['byGrade'],
          },
        }
      : {}),
    ...(incidents
      ? {
          incidents: {
            byStatus: countsOf(incidents, 'status', INCIDENT_STATUSES),
            byGrade: countsOf(incidents, 'grade', INCIDENT_GRADES),
          },
        }
      : {}),
    ...(findings
      ? {
          findings: {
            byStatus: countsOf(findings, 'status', FINDING_STATUSES),
            bySeverity: countsOf(findings, 'severity', SEVERITIES),
          },
        }
      : {}),
  };
}
