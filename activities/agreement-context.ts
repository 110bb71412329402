/**
 * What the agreement rules read besides the request (policies/agreement-request.ts `AgreementContext`):
 * the inventory's facts of its assets, the partner's standing (and the deletion attestations it owes),
 * the sub-recipient's, the company's exports this year, and the rule parameters in force. Reads only;
 * the API's preview reads the same. And the snapshot a decision stores, written once per key.
 */
import type { AgreementContext, AssetFacts, PartnerFacts, PreApprovalRecords } from '../policies/agreement-request';
import { exportCountingYearStartOf } from '../policies/export-pathway';
import type { DecisionSnapshot } from '../policies/decision-snapshot';
import type { Parameters } from '../policies/parameters';
import type { ProvisionFacts } from '../policies/provision-records';
import type { AgreementRequestBody } from '../workflows/agreement/state';
import type { agreementEntity } from '../src/entities/agreement';
import type { partnerEntity } from '../src/entities/partner';
import { isListingInForce } from '../policies/blacklist';
import type { BlacklistModel } from '../src/models/blacklist.model';
import type { DataAssetModel } from '../src/models/data-asset.model';
import type { DecisionSnapshotModel } from '../src/models/decision-snapshot.model';
import { isDuplicateKey } from '../src/models/duplicate-key';

/** An `AgreementContext` as it crosses into a workflow: `now` as an ISO instant. */
export type ContextFacts = Omit<AgreementContext, 'now'> & { now: string };

export const contextOfFacts = (facts: ContextFacts): AgreementContext => ({ ...facts, now: new Date(facts.now) });

export interface AgreementContextDeps {
  assets: typeof DataAssetModel;
  partners: typeof partnerEntity;
  agreements: typeof agreementEntity;
  blacklist: typeof BlacklistModel;
  parameters: () => Parameters;
}

/** Reads the facts a request is judged on, as of `at`. */
export async function agreementContextOf(
  deps: AgreementContextDeps,
  input: { agreementId?: string; request: AgreementRequestBody; records: PreApprovalRecords; at: string },
): Promise<ContextFacts> {
  const { request } = input;
  const params = deps.parameters();
  const assetDocs = await Promise.all(
    request.assets.map((a) => deps.assets.findById(a.assetId).lean<Record<string, unknown>>()),
  );
  const assets: AssetFacts[] = assetDocs
    .filter((doc): doc is Record<string, unknown> => doc !== null)
    .map((doc) => ({
      id: String(doc._id),
      name: String(doc.name),
      status: doc.status as AssetFacts['status'],
      grade: doc.grade as AssetFacts['grade'],
      catalogued: Boolean(doc.catalogued),
      personalInfo: Boolean(doc.personalInfo),
      sensitivePersonalInfo: Boolean(doc.sensitivePersonalInfo),
      fields: ((doc.fields as { name: string; personalInfo?: boolean }[]) ?? []).map((f) => ({
        name: f.name,
        personalInfo: f.personalInfo ?? false,
      })),
    }));
  const at = new Date(input.at);
  const partner = await partnerFactsOf(deps, request.partnerId, at, input.agreementId);
  const subRecipientId = request.onwardProvision?.subRecipientPartnerId;
  const subRecipient = subRecipientId ? await partnerFactsOf(deps, subRecipientId, at) : undefined;
  return {
    assets,
    partner,
    ...(subRecipient ? { subRecipient } : {}),
    organisation: {
      ciio: params.operatorIsCiio,
      exportedThisYear: await exportedThisYear(deps, new Date(input.at), input.agreementId),
    },
    records: input.records,
    params,
    now: input.at,
  };
}

/** A partner as the rules read it; an unknown one is a partner that was never approved. */
async function partnerFactsOf(
  deps: AgreementContextDeps,
  partnerId: string,
  at: Date,
  exceptAgreement?: string,
): Promise<PartnerFacts> {
  const doc = await deps.partners.model.findById(partnerId).lean<Record<string, unknown>>();
  if (!doc) return { id: partnerId, status: 'nominated', deletionAttestations: [] };
  const state = deps.partners.stateOf(doc);
  const listing = await deps.blacklist.findOne({ creditCode: state.creditCode }, { until: 1 }).lean();
  const owed = await Promise.all(
    (['awaiting', 'overdue'] as const).map((attestation) =>
      deps.agreements
        .rowModel!.find({ partnerId, attestation }, { dueAt: 1, attestation: 1 })
        .lean<{ _id: string; dueAt?: Date; attestation: string }[]>(),
    ),
  );
  return {
    id: state.id,
    status: state.status,
    ...(state.validUntil ? { validUntil: state.validUntil } : {}),
    ...(state.clearance ? { clearance: state.clearance } : {}),
    ...(state.riskTier ? { riskTier: state.riskTier } : {}),
    blacklisted: isListingInForce(listing, at) || state.status === 'blacklisted',
    deletionAttestations: owed
      .flat()
      .filter((row) => row._id !== exceptAgreement)
      .map((row) => ({
        agreementId: row._id,
        dueAt: (row.dueAt ?? new Date(0)).toISOString(),
        status: 'awaiting' as const,
      })),
  };
}

/**
 * People whose personal information the company's approved cross-border agreements carry since 1 January
 * (R48 counts per calendar year): the approved volumes, this agreement's own not counted.
 */
async function exportedThisYear(deps: AgreementContextDeps, at: Date, exceptAgreement?: string) {
  const since = exportCountingYearStartOf(at).getTime();
  const abroad = await deps.agreements.model
    .find({ crossBorder: true }, { approved: 1, decisions: 1 })
    .lean<{ _id: string; approved?: AgreementRequestBody; decisions?: { outcome: string; at: string }[] }[]>();
  let personalInfoPeople = 0;
  let sensitivePersonalInfoPeople = 0;
  for (const agreement of abroad) {
    if (agreement._id === exceptAgreement || !agreement.approved) continue;
    const approvedAt = Math.max(
      ...(agreement.decisions ?? []).filter((d) => d.outcome === 'approve').map((d) => Date.parse(d.at)),
    );
    if (!(approvedAt >= since)) continue;
    personalInfoPeople += agreement.approved.volume.personalInfoPeople;
    sensitivePersonalInfoPeople += agreement.approved.volume.sensitivePersonalInfoPeople;
  }
  return { personalInfoPeople, sensitivePersonalInfoPeople };
}

export function createAgreementContextActivities(
  deps: AgreementContextDeps & { snapshots: typeof DecisionSnapshotModel },
) {
  return {
    async loadAgreementContext(input: {
      agreementId: string;
      request: AgreementRequestBody;
      records: PreApprovalRecords;
      at: string;
    }): Promise<ContextFacts> {
      return await agreementContextOf(deps, input);
    },

    /**
     * What the provision record and the regulator filing say of an approved agreement (R22, R52, R3):
     * the partner's name and code, and each asset's name, category and grade, read from the store.
     */
    async provisionFactsOf(input: {
      agreementId: string;
      version: number;
      partnerId: string;
      requestingUnit: string;
      request: AgreementRequestBody;
      effectiveGrade: ProvisionFacts['grade'];
      personalInfo: boolean;
      sensitivePersonalInfo: boolean;
      pathway?: string;
      approvedAt: string;
    }): Promise<ProvisionFacts> {
      const { request } = input;
      const partnerDoc = await deps.partners.model.findById(input.partnerId).lean<Record<string, unknown>>();
      const partner = partnerDoc ? deps.partners.stateOf(partnerDoc) : undefined;
      const assets = await Promise.all(
        request.assets.map(async (a) => {
          const doc = await deps.assets.findById(a.assetId).lean<Record<string, unknown>>();
          return {
            assetId: a.assetId,
            name: String(doc?.name ?? a.assetId),
            category: String(doc?.category ?? ''),
            grade: (doc?.grade ?? 'general') as ProvisionFacts['grade'],
            fields: [...a.fields],
          };
        }),
      );
      return {
        agreementId: input.agreementId,
        agreementVersion: input.version,
        partnerId: input.partnerId,
        requestingUnit: input.requestingUnit,
        recipient: {
          name: partner?.legalName ?? input.partnerId,
          creditCode: partner?.creditCode ?? '',
          type: request.recipientType,
        },
        relationship: request.relationship,
        purpose: request.purpose,
        method: request.transferMethod,
        frequency: request.frequency,
        scale: { ...request.volume },
        grade: input.effectiveGrade,
        personalInfo: input.personalInfo,
        sensitivePersonalInfo: input.sensitivePersonalInfo,
        assets,
        legalBasis: request.legalBasis,
        ...(request.consentBasis ? { consentBasis: request.consentBasis } : {}),
        controls: [...request.controls],
        startDate: request.startDate,
        endDate: request.endDate,
        ...(request.crossBorder
          ? {
              crossBorder: { destinationCountry: request.destinationCountry ?? '', pathway: input.pathway ?? 'exempt' },
            }
          : {}),
        approvedAt: input.approvedAt,
      };
    },

    /** Stores a decision's snapshot once: a retry with the same key keeps the first. */
    async recordDecisionSnapshot(input: { key: string; agreementId: string; snapshot: DecisionSnapshot }) {
      try {
        await deps.snapshots.create({
          _id: input.key,
          agreementId: input.agreementId,
          kind: input.snapshot.decision.kind,
          at: new Date(input.snapshot.at),
          rulesVersion: input.snapshot.rulesVersion,
          snapshot: input.snapshot,
        });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    },
  };
}

export type AgreementContextActivities = ReturnType<typeof createAgreementContextActivities>;
