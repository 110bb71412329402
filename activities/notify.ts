import { randomUUID } from 'node:crypto';
import { isDuplicateKey } from '../src/models/duplicate-key';
import type { NotificationModel } from '../src/models/notification.model';

export interface NotificationRequest {
  /** Business identity of the notification: the same on a retry, so a retried send is one record. */
  key: string;
  /** A user's `sub`, `role:<role>` or `partner:<partnerId>`. */
  recipient: string;
  /** The message key the console renders in zh-CN or en (src/console/i18n). */
  template: string;
  params: Record<string, string | number>;
  subject?: { type: string; id: string };
  dueAt?: string;
}

/** The notification outbox. Delivery by mail or IM reads it; the console shows it in My work. */
export function createNotifyActivities(deps: { notifications: typeof NotificationModel }) {
  return {
    async notify(request: NotificationRequest): Promise<void> {
      try {
        await deps.notifications.create({
          _id: randomUUID(),
          notificationKey: request.key,
          recipient: request.recipient,
          template: request.template,
          params: request.params,
          ...(request.subject ? { subject: request.subject } : {}),
          ...(request.dueAt ? { dueAt: new Date(request.dueAt) } : {}),
          status: 'pending',
        });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    },
  };
}

export type NotifyActivities = ReturnType<typeof createNotifyActivities>;
