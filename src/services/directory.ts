/**
 * The directory of units and people (issue 16): display names in zh-CN and en, so that pages, the audit
 * trail and reports show names instead of codes and login ids. Three sources, first wins: the file
 * DIRECTORY_FILE names (the organisation's own list), the identity provider's `name` claim of each
 * person seen signing in, and the partner organisations' portal users. A partner organisation's user
 * sees its own organisation's users only: who reviews a partner is not shown to it.
 */
import { readFileSync } from 'node:fs';
import { isPartnerIdentity, type Caller, type Claims } from '../../policies/abilities';
import { logger } from '../logger';
import { DirectoryPersonModel } from '../models/directory-person.model';
import { PortalUserModel } from '../models/portal-user.model';
import { directoryFile, type DirectoryFile, type DirectoryView } from '../schemas/directory.schema';

/** Reads and checks the directory file at start: a bad file stops the process with what is wrong. */
export function loadDirectoryFile(file: string | undefined): DirectoryFile {
  if (!file) return { units: [], people: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`DIRECTORY_FILE ${file}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = directoryFile.safeParse(raw);
  if (!parsed.success)
    throw new Error(
      `DIRECTORY_FILE ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

export function createDirectoryService(deps: { file: DirectoryFile }) {
  const inFile = new Set(deps.file.people.map((p) => p.sub));
  /** What this process has written already: a name is stored once, not on every request. */
  const remembered = new Map<string, string>();

  /** Learns a person's name from their token's claims (internal people; portal users have their record). */
  async function learn(claims: Claims): Promise<void> {
    if (!claims.name || isPartnerIdentity(claims) || claims.roles.length === 0 || inFile.has(claims.sub)) return;
    const key = `${claims.name}\u0000${claims.unit ?? ''}`;
    if (remembered.get(claims.sub) === key) return;
    await DirectoryPersonModel.updateOne(
      { _id: claims.sub },
      { $set: { name: claims.name, ...(claims.unit ? { unit: claims.unit } : {}) } },
      { upsert: true },
    );
    remembered.set(claims.sub, key);
  }

  /** Remembers without holding up the request; a failed write is logged and tried again next time. */
  function noticed(claims: Claims): void {
    learn(claims).catch((err: unknown) => logger.warn({ err, sub: claims.sub }, 'could not remember a name'));
  }

  async function list(caller: Caller): Promise<DirectoryView> {
    if (isPartnerIdentity(caller.claims)) {
      const own = await PortalUserModel.find({ partnerId: caller.claims.partnerId }).lean<
        { _id: string; name: string; partnerId: string }[]
      >();
      return {
        units: [],
        people: own.map((u) => ({
          sub: u._id,
          name: { 'zh-CN': u.name, en: u.name },
          source: 'portal' as const,
          partnerId: u.partnerId,
        })),
      };
    }
    const [learnt, portal] = await Promise.all([
      DirectoryPersonModel.find({}).lean<{ _id: string; name: string; unit?: string }[]>(),
      PortalUserModel.find({}).lean<{ _id: string; name: string; partnerId: string }[]>(),
    ]);
    const people: DirectoryView['people'] = deps.file.people.map((p) => ({ ...p, source: 'file' as const }));
    const seen = new Set(inFile);
    for (const p of learnt) {
      if (seen.has(p._id)) continue;
      seen.add(p._id);
      people.push({
        sub: p._id,
        name: { 'zh-CN': p.name, en: p.name },
        ...(p.unit ? { unit: p.unit } : {}),
        source: 'identity',
      });
    }
    for (const u of portal) {
      if (seen.has(u._id)) continue;
      people.push({ sub: u._id, name: { 'zh-CN': u.name, en: u.name }, source: 'portal', partnerId: u.partnerId });
    }
    people.sort((a, b) => (a.sub < b.sub ? -1 : a.sub > b.sub ? 1 : 0));
    return { units: deps.file.units, people };
  }

  return { learn, noticed, list };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
