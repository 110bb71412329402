/**
 * The names of the audit trail's subjects (issue 16: names, not codes): a partner's legal name, an
 * agreement's or incident's title, a finding's agreement, an asset's name, a portal user's name. Each is
 * read by its id (the store answers `_id` from an index), projected to the one field, and only for a
 * caller who may read that type.
 */
import type { Model } from 'mongoose';
import type { Caller } from '../../policies/abilities';
import type { SubjectName } from '../../policies/vocabulary';
import { AgreementRowModel } from '../entities/agreement';
import { FindingModel } from '../entities/finding';
import { IncidentRowModel } from '../entities/incident';
import { PartnerModel } from '../entities/partner';
import { DataAssetModel } from '../models/data-asset.model';
import { PortalUserModel } from '../models/portal-user.model';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any model; one field is read
type AnyModel = Model<any>;

/** Where each type of subject keeps its name; a type not here (a notification, a blacklist entry by its credit code) is shown by its id. */
const NAMED: Partial<Record<SubjectName, { model: () => AnyModel; field: string }>> = {
  Partner: { model: () => PartnerModel, field: 'legalName' },
  Agreement: { model: () => AgreementRowModel, field: 'title' },
  Incident: { model: () => IncidentRowModel, field: 'title' },
  Finding: { model: () => FindingModel, field: 'agreementTitle' },
  DataAsset: { model: () => DataAssetModel, field: 'name' },
  PortalUser: { model: () => PortalUserModel, field: 'name' },
};

/** Names remembered by one namer: enough for a long export's recurring subjects, bounded in memory. */
const REMEMBERED_MAX = 20_000;

export interface SubjectRef {
  type: string;
  id: string;
}

const keyOf = (s: SubjectRef) => `${s.type}\u0000${s.id}`;

/** A function naming subjects for this caller, remembering what it read (one per request or export). */
export function subjectNamer(caller: Caller): (subjects: readonly SubjectRef[]) => Promise<Map<string, string>> {
  const remembered = new Map<string, string | null>();
  async function nameOf(ref: SubjectRef): Promise<string | null> {
    const key = keyOf(ref);
    const known = remembered.get(key);
    if (known !== undefined) return known;
    const named = NAMED[ref.type as SubjectName];
    let name: string | null = null;
    if (named && caller.ability.can('read', ref.type as SubjectName)) {
      const doc = await named
        .model()
        .findById(ref.id, { [named.field]: 1 })
        .lean<Record<string, unknown>>();
      const value = doc?.[named.field];
      name = typeof value === 'string' && value ? value : null;
    }
    if (remembered.size >= REMEMBERED_MAX) remembered.clear();
    remembered.set(key, name);
    return name;
  }
  return async (subjects) => {
    const distinct = [...new Map(subjects.map((s) => [keyOf(s), s])).values()];
    const names = await Promise.all(distinct.map(nameOf));
    const found = new Map<string, string>();
    distinct.forEach((s, i) => {
      if (names[i]) found.set(keyOf(s), names[i]!);
    });
    return found;
  };
}

/** The name of a subject in what a namer found, if any. */
export const nameIn = (names: Map<string, string>, ref: SubjectRef) => names.get(keyOf(ref));
