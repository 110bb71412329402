/**
 * The console's landing figures (issue 16): counts by status and by tier, grade or severity, and what is
 * overdue or due this week, each over what the caller may read (a business unit: its own unit's agreements
 * and findings). The counts come from the snapshot the Schedule `datapact-overview` refreshes every minute
 * (src/services/overview-tallies.ts), summed over the caller's scope, and the answer says as of when
 * (`asOf`): FerretDB reads every record it counts, so counting 100,000 agreement rows per call took a
 * minute (bench:overview). Before the first refresh they are counted for the call, by equalities on
 * indexed fields of the narrow documents lists read, each record once. The due lists are read for every
 * call: only records in a status that has a deadline, projected to five fields.
 */
import { accessibleBy } from '@casl/mongoose';
import type { Model } from 'mongoose';
import { isPartnerIdentity, type Caller } from '../../policies/abilities';
import { addCalendarDays, endOfShanghaiDay, shanghaiDateOf } from '../../policies/calendar';
import { DomainError } from '../../policies/errors';
import {
  AGREEMENT_STATUSES,
  DATA_GRADES,
  FINDING_STATUSES,
  INCIDENT_GRADES,
  INCIDENT_STATUSES,
  OPEN_FINDING_STATUSES,
  PARTNER_STATUSES,
  RISK_TIERS,
  SEVERITIES,
  type SubjectName,
} from '../../policies/vocabulary';
import { OVERVIEW_SNAPSHOT_ID, type OverviewSnapshotModel } from '../models/overview-snapshot.model';
import type { DueItem, OverviewView } from '../schemas/overview.schema';
import { checkEqualityFilter, type EqualityFilter, type Scalar } from '../store/equality-filter';
import {
  countTallies,
  figuresOf,
  type OverviewCollections,
  type OverviewScopes,
  type OverviewTallies,
} from './overview-tallies';

/** Due items sent: the most pressing; the counts say how many there are in all. */
export const DUE_ITEMS_SHOWN = 50;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any model; documents are read as records
type AnyModel = Model<any>;

type Figures = Pick<OverviewView, 'partners' | 'agreements' | 'incidents' | 'findings'>;

/** The partner documents, agreement and incident rows and finding documents (each field counted indexed with the bucket). */
export interface OverviewDeps extends OverviewCollections {
  /** The snapshot of the counts; without it (or before its first refresh) they are counted for each call. */
  snapshots?: typeof OverviewSnapshotModel;
  now?: () => Date;
}

/** Where a record with a deadline is found: its statuses with a deadline, the field holding it, its name and page. */
interface DueSource {
  type: DueItem['type'];
  subject: SubjectName;
  model: keyof OverviewCollections;
  /** Each an equality filter of a status (and what else narrows it) whose records have a deadline. */
  where: Record<string, string | boolean>[];
  /** The fields a caller's read scope of the type may name (policies/abilities.ts): kept with a snapshot's items. */
  scopeFields: readonly string[];
  dueField: string;
  titleField: string;
  link: (doc: Record<string, unknown>) => string;
}

const DUE_SOURCES: DueSource[] = [
  {
    type: 'Partner',
    subject: 'Partner',
    model: 'partners',
    // The questionnaire, a reviewer's question or a review decision is due.
    where: [{ status: 'vetting' }, { status: 'revetting' }],
    scopeFields: [],
    dueField: 'dueAt',
    titleField: 'legalName',
    link: (doc) => `#/partners/${String(doc._id)}`,
  },
  {
    type: 'Agreement',
    subject: 'Agreement',
    model: 'agreementRows',
    // A stage decision, the requester's edit, the regulator's decision, a resumption or the deletion
    // attestation is due. Running agreements' usage reports are the partner's, counted in its portal.
    where: [
      { status: 'in_review' },
      { status: 'returned' },
      { status: 'awaiting_regulator' },
      { status: 'suspended' },
      { status: 'revoking' },
      ...(['revoked', 'expired'] as const).flatMap((status) =>
        ['awaiting', 'overdue'].map((attestation) => ({ status, attestation })),
      ),
    ],
    scopeFields: ['requestingUnit'],
    dueField: 'dueAt',
    titleField: 'title',
    link: (doc) => `#/agreements/${String(doc._id)}`,
  },
  {
    type: 'Finding',
    subject: 'Finding',
    model: 'findings',
    where: OPEN_FINDING_STATUSES.map((status) => ({ status })),
    scopeFields: ['ownerUnit'],
    dueField: 'dueAt',
    titleField: 'agreementTitle',
    // A finding is rectified on its agreement's page.
    link: (doc) => `#/agreements/${String(doc.agreementId)}`,
  },
  {
    type: 'Incident',
    subject: 'Incident',
    model: 'incidentRows',
    where: INCIDENT_STATUSES.filter((s) => s !== 'closed').map((status) => ({ status, drill: false })),
    scopeFields: [],
    dueField: 'nextDueAt',
    titleField: 'title',
    link: (doc) => `#/incidents/${String(doc._id)}`,
  },
];

/**
 * The caller's read scope of a type as an equality filter (all: `{}`; a unit's: `{ requestingUnit }`),
 * or undefined when the caller may read none of that type.
 */
export function readScopeOf(caller: Caller, type: SubjectName): EqualityFilter | undefined {
  if (!caller.ability.can('read', type)) return undefined;
  const query = accessibleBy(caller.ability, 'read').ofType(type) as { $or?: Record<string, unknown>[] };
  const clauses = query.$or ?? [query];
  if (clauses.some((c) => Object.keys(c).length === 0)) return {};
  if (clauses.length === 1) return checkEqualityFilter(clauses[0]!);
  throw new DomainError('auth.forbidden', 'the caller’s roles give scopes the overview cannot combine', {
    action: 'read',
  });
}

/** The first instant of next week, Monday 00:00 in Asia/Shanghai. */
export function endOfShanghaiWeek(now: Date): Date {
  const today = shanghaiDateOf(now);
  // 0 = Sunday … 6 = Saturday, of the Shanghai date (its UTC midnight has the same weekday).
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  const sunday = addCalendarDays(today, (7 - weekday) % 7);
  return new Date(endOfShanghaiDay(sunday).getTime() + 1);
}

/** A record due before a week's end, with the values of its type's scope fields (to filter a snapshot's by scope). */
export type DueEntry = Omit<DueItem, 'overdue'> & { scope: Record<string, Scalar | null> };

/** The caller's read scope of each type that has a deadline: undefined where it may read none. */
type DueScopes = Partial<Record<DueItem['type'], EqualityFilter>>;

/**
 * The records due before `weekEnd` of each type the scopes let through, within its scope: only records
 * in a status with a deadline (a pushed-down equality), projected to what an item shows.
 */
export async function readDue(models: OverviewCollections, scopes: DueScopes, weekEnd: Date): Promise<DueEntry[]> {
  const found: DueEntry[] = [];
  await Promise.all(
    DUE_SOURCES.map(async (source) => {
      const scope = scopes[source.type];
      if (!scope) return;
      const projection = {
        [source.titleField]: 1,
        [source.dueField]: 1,
        status: 1,
        agreementId: 1,
        ...Object.fromEntries(source.scopeFields.map((f) => [f, 1])),
      };
      const batches = await Promise.all(
        source.where.map((where) =>
          models[source.model]
            .find({ ...where, ...scope, [source.dueField]: { $lt: weekEnd } }, projection)
            .lean<Record<string, unknown>[]>(),
        ),
      );
      for (const doc of batches.flat()) {
        const dueAt = doc[source.dueField];
        if (!(dueAt instanceof Date)) continue;
        found.push({
          type: source.type,
          id: String(doc._id),
          title: String(doc[source.titleField] ?? doc._id),
          status: String(doc.status),
          dueAt: dueAt.toISOString(),
          link: source.link(doc),
          scope: Object.fromEntries(source.scopeFields.map((f) => [f, (doc[f] ?? null) as Scalar | null])),
        });
      }
    }),
  );
  return found;
}

/** A snapshot's due entries within the scopes, or undefined when a scope names a field they do not keep. */
function dueWithin(entries: DueEntry[], scopes: DueScopes): DueEntry[] | undefined {
  for (const source of DUE_SOURCES) {
    const scope = scopes[source.type];
    if (scope && Object.keys(scope).some((f) => !source.scopeFields.includes(f))) return undefined;
  }
  return entries.filter((entry) => {
    const scope = scopes[entry.type];
    return scope !== undefined && Object.entries(scope).every(([f, v]) => entry.scope[f] === v);
  });
}

/** The due list: overdue against `at`, the most pressing first. */
function dueView(entries: DueEntry[], at: Date, weekEnd: Date): OverviewView['due'] {
  const iso = { at: at.toISOString(), weekEnd: weekEnd.toISOString() };
  const found: DueItem[] = entries
    .filter((e) => e.dueAt < iso.weekEnd)
    .map(({ scope: _scope, ...item }) => ({ ...item, overdue: item.dueAt < iso.at }));
  found.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
  const overdue = found.filter((item) => item.overdue).length;
  return { overdue, dueThisWeek: found.length - overdue, items: found.slice(0, DUE_ITEMS_SHOWN) };
}

/** A snapshot holds at most this many due entries (some kilobytes each hundred); beyond, the due list is read for each call. */
export const SNAPSHOT_DUE_LIMIT = 20_000;

/** What the snapshot keeps (its `body`): the tallies, and what is due before the end of its week. */
export interface OverviewSnapshotBody {
  tallies: OverviewTallies;
  /** The first instant of the week after the snapshot's. */
  weekEndsAt: string;
  /** Null when there were more than SNAPSHOT_DUE_LIMIT. */
  due: DueEntry[] | null;
}

/** Counts the tallies and reads what is due before the end of `asOf`'s week, over every record. */
export async function takeOverviewSnapshot(models: OverviewCollections, asOf: Date): Promise<OverviewSnapshotBody> {
  const weekEnd = endOfShanghaiWeek(asOf);
  const all: DueScopes = { Partner: {}, Agreement: {}, Finding: {}, Incident: {} };
  const [tallies, due] = await Promise.all([countTallies(models), readDue(models, all, weekEnd)]);
  return { tallies, weekEndsAt: weekEnd.toISOString(), due: due.length <= SNAPSHOT_DUE_LIMIT ? due : null };
}

export function createOverviewService(deps: OverviewDeps) {
  const now = deps.now ?? (() => new Date());

  /** One count per code of `field`, by equality, within the scope. */
  async function countsBy<C extends string>(
    model: AnyModel,
    scope: EqualityFilter,
    field: string,
    codes: readonly C[],
  ): Promise<Record<C, number>> {
    const counts = await Promise.all(codes.map((code) => model.countDocuments({ ...scope, [field]: code })));
    return Object.fromEntries(codes.map((code, i) => [code, counts[i]!])) as Record<C, number>;
  }

  /**
   * Counts by two fields whose every record holds one code of each (their schemas' enums): one count
   * per pair, so each record is read once, and the counts by either field are the sums of the other's.
   * The store reads every record a count matches (FerretDB counts in its process): counting by each
   * field apart read every record twice.
   */
  async function pairCounts<A extends string, B extends string>(
    model: AnyModel,
    scope: EqualityFilter,
    [fieldA, codesA]: readonly [string, readonly A[]],
    [fieldB, codesB]: readonly [string, readonly B[]],
  ): Promise<{ byA: Record<A, number>; byB: Record<B, number>; pairs: Record<B, Record<A, number>> }> {
    const pairs = Object.fromEntries(
      await Promise.all(codesB.map(async (b) => [b, await countsBy(model, { ...scope, [fieldB]: b }, fieldA, codesA)])),
    ) as Record<B, Record<A, number>>;
    const sum = (counts: number[]) => counts.reduce((x, y) => x + y, 0);
    const byA = Object.fromEntries(codesA.map((a) => [a, sum(codesB.map((b) => pairs[b][a]))])) as Record<A, number>;
    const byB = Object.fromEntries(codesB.map((b) => [b, sum(codesA.map((a) => pairs[b][a]))])) as Record<B, number>;
    return { byA, byB, pairs };
  }

  async function overview(caller: Caller): Promise<OverviewView> {
    if (isPartnerIdentity(caller.claims)) {
      throw new DomainError('auth.forbidden', 'the overview is the company’s own; a partner works in its portal', {
        action: 'read',
      });
    }
    const at = now();
    const weekEnd = endOfShanghaiWeek(at);
    const scopes: OverviewScopes = {
      partners: readScopeOf(caller, 'Partner'),
      agreements: readScopeOf(caller, 'Agreement'),
      incidents: readScopeOf(caller, 'Incident'),
      findings: readScopeOf(caller, 'Finding'),
    };
    const dueScopes: DueScopes = {
      Partner: scopes.partners,
      Agreement: scopes.agreements,
      Finding: scopes.findings,
      Incident: scopes.incidents,
    };
    const snapshot = await deps.snapshots
      ?.findById(OVERVIEW_SNAPSHOT_ID, { asOf: 1, body: 1 })
      .lean<{ asOf: Date; body: string }>();
    const body = snapshot ? (JSON.parse(snapshot.body) as OverviewSnapshotBody) : undefined;
    const figures = body && figuresOf(body.tallies, scopes);
    // A snapshot taken in an earlier week lacks what has come due this week: read then.
    const dueEntries =
      body?.due && body.weekEndsAt === weekEnd.toISOString() ? dueWithin(body.due, dueScopes) : undefined;
    // Each part from the snapshot when it can serve it, else counted or read for the call.
    const [counted, due] = await Promise.all([
      figures ?? countedNow(scopes),
      dueEntries ?? readDue(deps, dueScopes, weekEnd),
    ]);
    return {
      at: at.toISOString(),
      asOf: (snapshot && figures ? snapshot.asOf : at).toISOString(),
      weekEndsAt: weekEnd.toISOString(),
      ...counted,
      due: dueView(due, at, weekEnd),
    };
  }

  async function countedNow({
    partners: partnerScope,
    agreements: agreementScope,
    incidents: incidentScope,
    findings: findingScope,
  }: OverviewScopes): Promise<Figures> {
    const [partners, agreements, incidents, findings] = await Promise.all([
      partnerScope &&
        Promise.all([
          countsBy(deps.partners, partnerScope, 'status', PARTNER_STATUSES),
          countsBy(deps.partners, partnerScope, 'riskTier', RISK_TIERS),
        ]).then(([byStatus, byTier]) => ({ byStatus, byTier })),
      agreementScope &&
        pairCounts(
          deps.agreementRows,
          agreementScope,
          ['status', AGREEMENT_STATUSES],
          ['effectiveGrade', DATA_GRADES],
        ).then(({ byA, pairs }) => ({ byStatus: byA, byGrade: pairs })),
      incidentScope &&
        pairCounts(
          deps.incidentRows,
          { ...incidentScope, drill: false },
          ['status', INCIDENT_STATUSES],
          ['grade', INCIDENT_GRADES],
        ).then(({ byA, byB }) => ({ byStatus: byA, byGrade: byB })),
      findingScope &&
        pairCounts(deps.findings, findingScope, ['status', FINDING_STATUSES], ['severity', SEVERITIES]).then(
          ({ byA, byB }) => ({ byStatus: byA, bySeverity: byB }),
        ),
    ]);
    return {
      ...(partners ? { partners } : {}),
      ...(agreements ? { agreements } : {}),
      ...(incidents ? { incidents } : {}),
      ...(findings ? { findings } : {}),
    };
  }

  return { overview };
}

export type OverviewService = ReturnType<typeof createOverviewService>;
