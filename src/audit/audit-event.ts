/** The shapes of an audit event: as a caller gives it, as it waits for its number, as it is stored. */

export interface AuditActor {
  sub: string;
  roles: readonly string[];
  unit?: string;
  partnerId?: string;
}

export interface AuditInput {
  /** Business identity of the change: appending the same key again is the same event (a retry). */
  eventKey?: string;
  at?: Date;
  actor: AuditActor;
  action: string;
  subject: { type: string; id: string };
  before?: unknown;
  after?: unknown;
  /** A person's own words. */
  reason?: string;
  /** The system's reason, as a code with its parameters, rendered in the reader's language. */
  why?: AuditWhy;
  ruleVersion?: string;
}

export interface AuditWhy {
  code: string;
  params?: Record<string, string | number>;
}

/** An event as queued: everything but its place in the chain (its key and time settled). */
export interface AuditEventBody extends Omit<AuditInput, 'eventKey' | 'at' | 'actor'> {
  eventKey: string;
  at: Date;
  actor: { sub: string; roles: string[]; unit?: string; partnerId?: string };
}

export interface StoredAuditEvent extends AuditEventBody {
  seq: number;
  prevHash: string;
  hash: string;
}
