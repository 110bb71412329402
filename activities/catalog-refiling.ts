import { catalogRefilingTasksFor } from '../policies/catalog-refiling';
import type { Parameters } from '../policies/parameters';
import type { CatalogChange, DataGrade } from '../policies/vocabulary';
import { isDuplicateKey } from '../src/models/duplicate-key';
import type { CatalogRefilingTaskModel } from '../src/models/catalog-refiling-task.model';

export interface CatalogChangeRequest {
  agreementId: string;
  partnerId: string;
  requestingUnit: string;
  change: CatalogChange;
  /** When the sharing started or ended (ISO instant, workflow time): the 3 months count from it. */
  at: string;
  assets: { assetId: string; grade: DataGrade }[];
}

/** R3: the catalog re-filing tasks an agreement's start or end opens. */
export function createCatalogRefilingActivities(deps: {
  tasks: typeof CatalogRefilingTaskModel;
  parameters: Pick<Parameters, 'catalogChangeFilingMonths'>;
}) {
  return {
    /**
     * Opens one task per important or core asset of the agreement, due `catalogChangeFilingMonths` after the
     * change; none for general data. Retried, each task is still one.
     */
    async openCatalogRefilingTasks(request: CatalogChangeRequest): Promise<{ keys: string[]; dueAt?: string }> {
      const tasks = catalogRefilingTasksFor({
        agreementId: request.agreementId,
        change: request.change,
        at: new Date(request.at),
        assets: request.assets,
        parameters: deps.parameters,
      });
      for (const task of tasks) {
        try {
          await deps.tasks.create({
            _id: task.key,
            assetId: task.assetId,
            grade: task.grade,
            agreementId: request.agreementId,
            partnerId: request.partnerId,
            requestingUnit: request.requestingUnit,
            change: task.change,
            openedAt: task.openedAt,
            dueAt: task.dueAt,
            status: 'open',
          });
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
      }
      return { keys: tasks.map((t) => t.key), ...(tasks[0] ? { dueAt: tasks[0].dueAt.toISOString() } : {}) };
    },
  };
}

export type CatalogRefilingActivities = ReturnType<typeof createCatalogRefilingActivities>;
