/**
 * Names, not codes: the directory of units and people (GET /api/directory) in the reader's language.
 * Fetched once per page load; a code the directory does not know is shown as it is, but for DataPact's
 * own processes (`system:inspection`, `system:partner-lifecycle`, …), which are named as the system.
 */
import { useEffect, useState } from 'react';
import type { DirectoryView } from '../schemas/directory.schema';
import { api } from './api';
import { useI18n } from './i18n';

let loaded: Promise<DirectoryView> | undefined;

export interface Directory {
  people: DirectoryView['people'];
  personName(sub: string): string;
  unitName(code: string): string;
}

export function useDirectory(): Directory {
  const { locale, t } = useI18n();
  const [view, setView] = useState<DirectoryView>({ units: [], people: [] });
  useEffect(() => {
    loaded ??= api<DirectoryView>('/api/directory');
    loaded.catch(() => (loaded = undefined));
    let live = true;
    loaded.then(
      (found) => live && setView(found),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  const lang = locale === 'en-US' ? 'en' : 'zh-CN';
  const people = new Map(view.people.map((p) => [p.sub, p.name[lang]]));
  const units = new Map(view.units.map((u) => [u.code, u.name[lang]]));
  return {
    people: view.people,
    personName: (sub) => people.get(sub) ?? (isSystemActor(sub) ? t('audit.actor.system') : sub),
    unitName: (code) => units.get(code) ?? code,
  };
}

/** An actor that is one of DataPact's own processes (a workflow, the scheduler, housekeeping), not a person. */
export function isSystemActor(sub: string): boolean {
  return sub === 'system' || sub.startsWith('system:');
}
