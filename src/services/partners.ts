import { randomUUID } from 'node:crypto';
import { isDuplicateKey } from '../models/duplicate-key';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ForbiddenError, subject } from '@casl/ability';
import type { AppAbility, Claims } from '../../policies/abilities';
import { DomainError, ERROR_CODES, type ErrorCode } from '../../policies/errors';
import { partnerWorkflowId } from '../../workflows/ids';
import { decideUpdate, type PartnerLifecycleInput } from '../../workflows/partner-lifecycle.messages';
import { partnerStatusKey } from '../../workflows/search-attributes';
import type { PartnerModel } from '../models/partner.model';
import type { NominatePartnerBody, PartnerDecisionBody, PartnerView } from '../schemas/partner.schema';
import { logger } from '../logger';

/** Who is calling: their verified claims and the ability built from them. */
export interface Caller {
  claims: Claims;
  ability: AppAbility;
}

export interface PartnerServiceDeps {
  temporal: Client;
  taskQueue: string;
  partners: typeof PartnerModel;
}

/** The partner use cases the API calls. The partner's state itself changes only in its workflow. */
export function createPartnerService({ temporal, taskQueue, partners }: PartnerServiceDeps) {
  async function load(id: string) {
    const doc = await partners.findById(id).lean();
    if (!doc) throw new DomainError('partner.not_found', `no partner ${id}`);
    return doc;
  }

  async function get(caller: Caller, id: string): Promise<PartnerView> {
    const doc = await load(id);
    ForbiddenError.from(caller.ability).throwUnlessCan('read', subject('Partner', doc));
    return viewOf(doc);
  }

  function viewOf(doc: Awaited<ReturnType<typeof load>>): PartnerView {
    return {
      id: doc._id,
      legalName: doc.legalName,
      creditCode: doc.creditCode,
      contacts: doc.contacts.map(({ name, email, phone }) => ({
        name,
        ...(email ? { email } : {}),
        ...(phone ? { phone } : {}),
      })),
      nominatedBy: doc.nominatedBy,
      ...(doc.nominatingUnit ? { nominatingUnit: doc.nominatingUnit } : {}),
      status: doc.status,
      checkReasons: doc.checkReasons,
      ...(doc.decision?.outcome
        ? {
            decision: {
              outcome: doc.decision.outcome,
              reviewer: doc.decision.reviewer ?? '',
              ...(doc.decision.reason ? { reason: doc.decision.reason } : {}),
            },
          }
        : {}),
      workflowId: partnerWorkflowId(doc._id),
      createdAt: doc.createdAt.toISOString(),
      updatedAt: doc.updatedAt.toISOString(),
    };
  }

  /** Stores the nomination and starts the partner's workflow; if the start fails, nothing is left behind. */
  async function nominate(caller: Caller, body: NominatePartnerBody): Promise<PartnerView> {
    ForbiddenError.from(caller.ability).throwUnlessCan('nominate', 'Partner');
    const id = randomUUID();
    const nominatedBy = caller.claims.sub;
    try {
      await partners.create({
        _id: id,
        ...body,
        nominatedBy,
        ...(caller.claims.unit ? { nominatingUnit: caller.claims.unit } : {}),
        status: 'nominated',
        version: 0,
      });
    } catch (err) {
      if (isDuplicateKey(err)) {
        throw new DomainError('partner.already_nominated', `a partner with credit code ${body.creditCode} exists`);
      }
      throw err;
    }
    const input: PartnerLifecycleInput = { partnerId: id, creditCode: body.creditCode, nominatedBy };
    try {
      await temporal.workflow.start('partnerLifecycle', {
        workflowId: partnerWorkflowId(id),
        taskQueue,
        args: [input],
        typedSearchAttributes: [{ key: partnerStatusKey, value: 'nominated' }],
      });
    } catch (err) {
      await partners.deleteOne({ _id: id, version: 0 });
      logger.error({ err, partnerId: id }, 'partner workflow did not start; nomination rolled back');
      throw new DomainError('service.unavailable', 'the workflow service did not accept the nomination; try again');
    }
    return viewOf(await load(id));
  }

  /** Sends a reviewer's decision to the partner's workflow; its validator has the last word. */
  async function decide(caller: Caller, id: string, body: PartnerDecisionBody): Promise<PartnerView> {
    const current = await load(id);
    ForbiddenError.from(caller.ability).throwUnlessCan(body.outcome, subject('Partner', current));
    const decision = { ...body, reviewer: caller.claims.sub, actor: caller.claims };
    try {
      await temporal.workflow.getHandle(partnerWorkflowId(id)).executeUpdate(decideUpdate, { args: [decision] });
    } catch (err) {
      throw domainErrorOfUpdate(err, current.status);
    }
    return viewOf(await load(id));
  }

  return { get, nominate, decide };
}

export type PartnerService = ReturnType<typeof createPartnerService>;

function domainErrorOfUpdate(err: unknown, currentStatus: string): unknown {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const code = err.cause.type as ErrorCode | undefined;
    if (code && (ERROR_CODES as readonly string[]).includes(code)) return new DomainError(code, err.cause.message);
  }
  if (err instanceof WorkflowNotFoundError) {
    // The workflow has finished: the vetting is over.
    return new DomainError('partner.not_in_review', `the partner is ${currentStatus}, not awaiting review`);
  }
  return err;
}
