/**
 * People's signed data-security commitments (数据安全责任书, R5): approving a sharing of important or core
 * data needs one on file, valid at the decision. The DSO (or the administrator) records them.
 */
import { DomainError } from '../../policies/errors';
import type { Caller } from '../../policies/abilities';
import type { CommitmentModel } from '../models/commitment.model';

/** Who records commitments: the data-security officer and the administrator. */
const RECORDERS = ['dso', 'admin'] as const;

export interface CommitmentView {
  sub: string;
  signedAt: string;
  expiresAt?: string;
  reference: string;
  recordedBy: string;
}

export function createCommitmentService(deps: { commitments: typeof CommitmentModel }) {
  const viewOf = (doc: {
    _id: string;
    signedAt: Date;
    expiresAt?: Date | null;
    reference: string;
    recordedBy: string;
  }) => ({
    sub: doc._id,
    signedAt: doc.signedAt.toISOString(),
    ...(doc.expiresAt ? { expiresAt: doc.expiresAt.toISOString() } : {}),
    reference: doc.reference,
    recordedBy: doc.recordedBy,
  });
  return {
    /** Records (or replaces) a person's commitment. */
    async record(
      caller: Caller,
      body: { sub: string; signedAt: string; expiresAt?: string; reference: string },
    ): Promise<CommitmentView> {
      if (!caller.claims.roles.some((r) => (RECORDERS as readonly string[]).includes(r))) {
        throw new DomainError('auth.forbidden', 'the data-security officer records commitments', { action: 'create' });
      }
      const doc = {
        _id: body.sub,
        signedAt: new Date(body.signedAt),
        ...(body.expiresAt ? { expiresAt: new Date(body.expiresAt) } : {}),
        reference: body.reference,
        recordedBy: caller.claims.sub,
      };
      await deps.commitments.replaceOne({ _id: body.sub }, doc, { upsert: true });
      return viewOf(doc);
    },
    /** The caller's own commitment, if one is on file. */
    async mine(caller: Caller): Promise<{ commitment: CommitmentView | null }> {
      const doc = await deps.commitments.findById(caller.claims.sub).lean();
      return { commitment: doc ? viewOf(doc as never) : null };
    },
  };
}

export type CommitmentService = ReturnType<typeof createCommitmentService>;
