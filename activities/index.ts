import { AgreementModel } from '../src/models/agreement.model';
import { BlacklistModel } from '../src/models/blacklist.model';
import { IdempotencyKeyModel } from '../src/models/idempotency-key.model';
import { NotificationModel } from '../src/models/notification.model';
import { PartnerModel } from '../src/models/partner.model';
import { QuestionnaireModel } from '../src/models/questionnaire.model';
import { createAgreementActivities } from './agreements';
import { localExternalList, type ExternalListConnector } from './external-lists';
import { createHousekeepingActivities } from './housekeeping';
import { createNotifyActivities } from './notify';
import { createPartnerCheckActivities } from './partner-checks';
import { createPartnerStoreActivities } from './partner-store';
import { createQuestionnaireActivities } from './questionnaires';

export interface ActivityOptions {
  /** The outside lists a partner is checked against; none when not given. */
  externalLists?: readonly ExternalListConnector[];
}

/** The connectors a deployment configures: the local file `EXTERNAL_LIST_FILE` names, if any. */
export function externalListsFrom(config: { EXTERNAL_LIST_FILE?: string | undefined }): ExternalListConnector[] {
  return config.EXTERNAL_LIST_FILE ? [localExternalList(config.EXTERNAL_LIST_FILE)] : [];
}

/** Every activity the worker registers, built on the default mongoose connection's models. */
export function createActivities(options: ActivityOptions = {}) {
  const externalLists = options.externalLists ?? [];
  return {
    ...createPartnerCheckActivities({ blacklist: BlacklistModel, externalLists }),
    ...createPartnerStoreActivities({ partners: PartnerModel, blacklist: BlacklistModel }),
    ...createQuestionnaireActivities({ questionnaires: QuestionnaireModel }),
    ...createNotifyActivities({ notifications: NotificationModel }),
    ...createAgreementActivities({ agreements: AgreementModel }),
    ...createHousekeepingActivities({ idempotencyKeys: IdempotencyKeyModel }),
  };
}

export type DataPactActivities = ReturnType<typeof createActivities>;
