import { ForbiddenError, subject } from '@casl/ability';
import { DomainError } from '../../policies/errors';
import { recipientsOf } from '../../policies/abilities';
import { reviewRefusalFor } from '../../policies/partner-review';
import { REVIEW_STAGES, type VettingStage } from '../../policies/vocabulary';
import type { PartnerState } from '../../workflows/partner/state';
import type { partnerEntity } from '../entities/partner';
import type { NotificationModel } from '../models/notification.model';
import type { WorkItem, WorkItemKind } from '../schemas/my-work.schema';
import type { Caller } from '../../policies/abilities';
import { appendAuditEvent } from '../audit/audit-log';

/** A partner user works in the portal; everyone else on the partner's page. */
const partnerLink = (caller: Caller, id: string) => (caller.claims.partnerId ? '#/portal' : `#/partners/${id}`);

function partnerItem(kind: WorkItemKind, partner: PartnerState, now: Date): WorkItem {
  return {
    kind,
    params: { legalName: partner.legalName, creditCode: partner.creditCode, stage: partner.stage ?? '' },
    subject: { type: 'Partner', id: partner.id },
    ...(partner.dueAt ? { dueAt: partner.dueAt } : {}),
    overdue: partner.dueAt ? new Date(partner.dueAt) < now : false,
    link: kind === 'partner_review' ? `#/partners/${partner.id}` : `#/portal`,
  };
}
const MAX_ITEMS = 200;

/**
 * Notifications that ask for (or chase) a step of a partner's vetting, by the stages they concern. Such a
 * note is a to-do only while its partner is at that step, and the step's own item stands for it when the
 * caller has one: answered, decided or moved on, it leaves My work; never shown twice.
 */
const PARTNER_STEP_NOTES: Record<string, readonly VettingStage[]> = {
  'partner.questionnaire_requested': ['questionnaire'],
  'partner.questionnaire_reminder': ['questionnaire'],
  'partner.questionnaire_overdue': ['questionnaire'],
  'partner.information_requested': ['more_information'],
  'partner.information_overdue': ['more_information'],
  'partner.review_overdue': REVIEW_STAGES,
};

const atStep = (partner: PartnerState | undefined, stages: readonly VettingStage[]) =>
  partner !== undefined &&
  (partner.status === 'vetting' || partner.status === 'revetting') &&
  partner.stage !== undefined &&
  stages.includes(partner.stage);

export interface MyWorkServiceDeps {
  partners: typeof partnerEntity;
  notifications: typeof NotificationModel;
}

/** The caller's pending items from the open workflow tasks and the notification outbox, overdue first. */
export function createMyWorkService({ partners, notifications }: MyWorkServiceDeps) {
  async function list(caller: Caller, now: Date): Promise<{ items: WorkItem[] }> {
    const items: WorkItem[] = [];

    // Partners awaiting a review decision this caller may take (the same rule the workflow applies).
    if (caller.ability.can('approve', 'Partner')) {
      const awaiting = await partners.model
        .find({ status: { $in: ['vetting', 'revetting'] }, stage: { $in: [...REVIEW_STAGES] } })
        .sort({ dueAt: 1 })
        .limit(MAX_ITEMS)
        .lean<Record<string, unknown>[]>();
      for (const partner of awaiting.map(partners.stateOf)) {
        if (reviewRefusalFor(partner, { outcome: 'approve', actor: caller.claims })) continue;
        items.push(partnerItem('partner_review', partner, now));
      }
    }

    // The partner's own organisation, when a questionnaire or a reviewer's question awaits its answer.
    if (caller.claims.partnerId && caller.ability.can('answer', 'Partner')) {
      const found = await partners.model.findById(caller.claims.partnerId).lean<Record<string, unknown>>();
      const own = found ? partners.stateOf(found) : undefined;
      const awaitsAnswer =
        own &&
        (own.status === 'vetting' || own.status === 'revetting') &&
        (own.stage === 'questionnaire' || own.stage === 'more_information');
      if (own && awaitsAnswer && caller.ability.can('answer', subject('Partner', { ...own, _id: own.id }))) {
        items.push(
          partnerItem(own.stage === 'questionnaire' ? 'partner_questionnaire' : 'partner_information', own, now),
        );
      }
    }

    const notes = await notifications
      .find({
        recipient: { $in: recipientsOf(caller.claims) },
        status: { $in: ['pending', 'sent'] },
      })
      .sort({ dueAt: 1 })
      .limit(MAX_ITEMS)
      .lean();
    const stepped = notes.filter(
      (n) => n.subject?.type === 'Partner' && n.subject.id && PARTNER_STEP_NOTES[n.template],
    );
    const stepPartners = new Map<string, PartnerState>();
    if (stepped.length > 0) {
      const ids = [...new Set(stepped.map((n) => n.subject?.id ?? ''))];
      const found = await partners.model.find({ _id: { $in: ids } }).lean<Record<string, unknown>[]>();
      for (const partner of found.map(partners.stateOf)) stepPartners.set(partner.id, partner);
    }
    const itemFor = new Set(items.map((i) => `${i.subject.type}:${i.subject.id}`));
    for (const note of notes) {
      const stages = note.subject?.type === 'Partner' ? PARTNER_STEP_NOTES[note.template] : undefined;
      if (stages) {
        const id = note.subject?.id ?? '';
        if (itemFor.has(`Partner:${id}`) || !atStep(stepPartners.get(id), stages)) continue;
      }
      items.push({
        kind: 'notification',
        params: { template: note.template, ...(note.params as Record<string, string>) },
        subject: note.subject
          ? { type: note.subject.type ?? '', id: note.subject.id ?? '' }
          : { type: 'Notification', id: note._id },
        ...(note.dueAt ? { dueAt: note.dueAt.toISOString() } : {}),
        overdue: note.dueAt ? note.dueAt < now : false,
        link:
          note.subject?.type === 'Partner'
            ? partnerLink(caller, note.subject.id ?? '')
            : note.subject?.type === 'Incident' && !caller.claims.partnerId
              ? `#/incidents/${note.subject.id ?? ''}`
              : '#/work',
        notificationId: note._id,
      });
    }

    items.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'));
    return { items };
  }
  /**
   * Marks a notification read, for its addressee only (the rule is `update Notification` in
   * policies/abilities.ts), audited once: again changes nothing and adds no event. Whoever may not read
   * it learns nothing of it: an unknown id and another's are both 404.
   */
  async function markRead(caller: Caller, id: string): Promise<{ id: string; status: 'read' }> {
    const note = await notifications.findById(id).lean();
    if (!note || !caller.ability.can('read', subject('Notification', note))) {
      throw new DomainError('resource.not_found', `no notification ${id}`);
    }
    ForbiddenError.from(caller.ability).throwUnlessCan('update', subject('Notification', note));
    if (note.status === 'read') return { id, status: 'read' };
    // The event first, under a key of its own: should the status write fail, a repeat writes it and
    // finds the event there; the other way round a repeat would find it read and never audit it.
    await appendAuditEvent({
      eventKey: `notification:${id}:read`,
      actor: caller.claims,
      action: 'notification.read',
      subject: { type: 'Notification', id },
      before: { status: note.status },
      after: { status: 'read' },
    });
    await notifications.updateOne({ _id: id }, { $set: { status: 'read' } });
    return { id, status: 'read' };
  }

  return { list, markRead };
}

export type MyWorkService = ReturnType<typeof createMyWorkService>;
