/**
 * R3 (MIIT 办法 Art 12): the important- and core-data catalog is filed with the regulator, and "对外共享"
 * (external sharing) is one of its filed fields. When an agreement starts or ends the sharing of an
 * important or core asset, that field changes, and the change must be filed within 3 months. Pure.
 */
import type { Parameters } from './parameters';
import { addMonths } from './partner-review';
import { catalogRefilingKeyOf } from './record-keys';
import type { CatalogChange, DataGrade } from './vocabulary';

/** The grades whose assets are in the catalog R3 files. */
const CATALOG_GRADES: readonly DataGrade[] = ['important', 'core'];

export interface CatalogRefilingTask {
  key: string;
  assetId: string;
  grade: DataGrade;
  change: CatalogChange;
  openedAt: Date;
  dueAt: Date;
}

/** One re-filing task per important or core asset of the agreement (an asset named twice counts once). */
export function catalogRefilingTasksFor(input: {
  agreementId: string;
  change: CatalogChange;
  at: Date;
  assets: readonly { assetId: string; grade: DataGrade }[];
  parameters: Pick<Parameters, 'catalogChangeFilingMonths'>;
}): CatalogRefilingTask[] {
  const { agreementId, change, at, assets, parameters } = input;
  const dueAt = addMonths(at, parameters.catalogChangeFilingMonths);
  const seen = new Set<string>();
  const tasks: CatalogRefilingTask[] = [];
  for (const { assetId, grade } of assets) {
    if (!CATALOG_GRADES.includes(grade) || seen.has(assetId)) continue;
    seen.add(assetId);
    tasks.push({
      key: catalogRefilingKeyOf(assetId, agreementId, change),
      assetId,
      grade,
      change,
      openedAt: at,
      dueAt,
    });
  }
  return tasks;
}
