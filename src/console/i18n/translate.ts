/** The console's words without React: its two languages and the lookup (the provider is in index.tsx). */
import { en } from './en';
import { zhCN, type MessageKey } from './zh-CN';

export type Locale = 'zh-CN' | 'en-US';
const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': en };

/** Whether the console has words for a key made from a code (`problem.${code}`, `validation.rule.${rule}`). */
export const isMessageKey = (key: string): key is MessageKey => key in zhCN;

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translate(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = CATALOGUES[locale][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

export type { MessageKey };
