import { subject } from '@casl/ability';
import { REVIEW_DEADLINE_DAYS } from '../../policies/partner-review';
import { NotificationModel } from '../models/notification.model';
import { PartnerModel } from '../models/partner.model';
import type { Caller } from './partners';

/** One thing the signed-in user has to do. Its text is rendered by the console from `kind` and `params` in zh-CN or en. */
export interface WorkItem {
  kind: 'partner_review' | 'notification';
  params: Record<string, string>;
  subject: { type: string; id: string };
  dueAt?: string;
  overdue: boolean;
  link: string;
}

const DAY_MS = 24 * 3600 * 1000;
const MAX_ITEMS = 200;

/** The caller's pending items from the open workflow tasks and the notification outbox, overdue first. */
export function createMyWorkService() {
  async function list(caller: Caller, now: Date): Promise<{ items: WorkItem[] }> {
    const items: WorkItem[] = [];

    // Partners awaiting a review decision this caller may take.
    if (caller.ability.can('approve', 'Partner')) {
      const awaiting = await PartnerModel.find({ status: 'vetting' }).sort({ updatedAt: 1 }).limit(MAX_ITEMS).lean();
      for (const partner of awaiting) {
        if (!caller.ability.can('approve', subject('Partner', partner))) continue;
        const dueAt = new Date(partner.updatedAt.getTime() + REVIEW_DEADLINE_DAYS * DAY_MS);
        items.push({
          kind: 'partner_review',
          params: { legalName: partner.legalName, creditCode: partner.creditCode },
          subject: { type: 'Partner', id: partner._id },
          dueAt: dueAt.toISOString(),
          overdue: dueAt < now,
          link: `#/partners/${partner._id}`,
        });
      }
    }

    const notes = await NotificationModel.find({ recipient: caller.claims.sub, status: { $in: ['pending', 'sent'] } })
      .sort({ dueAt: 1 })
      .limit(MAX_ITEMS)
      .lean();
    for (const note of notes) {
      items.push({
        kind: 'notification',
        params: { template: note.template, ...(note.params as Record<string, string>) },
        subject: note.subject
          ? { type: note.subject.type ?? '', id: note.subject.id ?? '' }
          : { type: 'Notification', id: note._id },
        ...(note.dueAt ? { dueAt: note.dueAt.toISOString() } : {}),
        overdue: note.dueAt ? note.dueAt < now : false,
        link: note.subject?.type === 'Partner' ? `#/partners/${note.subject.id}` : '#/work',
      });
    }

    items.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'));
    return { items };
  }
  return { list };
}

export type MyWorkService = ReturnType<typeof createMyWorkService>;
