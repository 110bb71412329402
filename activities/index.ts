import { BlacklistModel } from '../src/models/blacklist.model';
import { PartnerModel } from '../src/models/partner.model';
import { createPartnerCheckActivities } from './partner-checks';
import { createPartnerStoreActivities } from './partner-store';
import { createHousekeepingActivities } from './housekeeping';
import { IdempotencyKeyModel } from '../src/models/idempotency-key.model';

/** Every activity the worker registers, built on the default mongoose connection's models. */
export function createActivities() {
  return {
    ...createPartnerCheckActivities({ blacklist: BlacklistModel }),
    ...createPartnerStoreActivities({ partners: PartnerModel }),
    ...createHousekeepingActivities({ idempotencyKeys: IdempotencyKeyModel }),
  };
}

export type DataPactActivities = ReturnType<typeof createActivities>;
