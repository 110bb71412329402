import { AgreementModel } from '../src/models/agreement.model';
import { BlacklistModel } from '../src/models/blacklist.model';
import { IdempotencyKeyModel } from '../src/models/idempotency-key.model';
import { NotificationModel } from '../src/models/notification.model';
import { QuestionnaireModel } from '../src/models/questionnaire.model';
import { createAgreementSignalActivities } from './agreements';
import { createBlacklistActivities } from './blacklist';
import { createEntityStoreActivities } from './entity-store';
import { createExternalListActivities, localExternalList, type ExternalListConnector } from './external-lists';
import { createHousekeepingActivities } from './housekeeping';
import { createNotifyActivities } from './notify';
import { createPartnerCheckActivities } from './partner-checks';
import { createQuestionnaireActivities } from './questionnaires';

export interface ActivityOptions {
  /** The outside lists a partner is checked against; none when not given. */
  externalLists?: readonly ExternalListConnector[];
}

/** The connectors a deployment configures: the local file `EXTERNAL_LIST_FILE` names, if any. */
export function externalListsFrom(config: { EXTERNAL_LIST_FILE?: string | undefined }): ExternalListConnector[] {
  return config.EXTERNAL_LIST_FILE ? [localExternalList(config.EXTERNAL_LIST_FILE)] : [];
}

/**
 * Every activity the worker registers, built on the default mongoose connection's models. Each group
 * is typed on its own (`XActivities`), and workflows proxy each group with its own timeouts.
 */
export function createActivities(options: ActivityOptions = {}) {
  return {
    ...createEntityStoreActivities(),
    ...createPartnerCheckActivities(),
    ...createBlacklistActivities({ blacklist: BlacklistModel }),
    ...createExternalListActivities({ externalLists: options.externalLists ?? [] }),
    ...createQuestionnaireActivities({ questionnaires: QuestionnaireModel }),
    ...createNotifyActivities({ notifications: NotificationModel }),
    ...createAgreementSignalActivities({ agreements: AgreementModel }),
    ...createHousekeepingActivities({ idempotencyKeys: IdempotencyKeyModel }),
  };
}

export type DataPactActivities = ReturnType<typeof createActivities>;
