import type { RequestHandler } from 'express';
import { sendProblem } from './problem';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * How deeply a JSON body may nest (an object or array inside another counts one level; `{}` is 1).
 * DataPact's deepest body is 3; a limit far above that and far below what would exhaust a stack
 * anywhere (JSON.stringify, a recursive schema, the BSON serializer) keeps every later step safe.
 */
export const MAX_JSON_DEPTH = 32;

export type UnsafeInput = { problem: 'forbidden_key'; path: string } | { problem: 'too_deep' };

/**
 * The first thing in a JSON value that may not go further: nesting deeper than MAX_JSON_DEPTH, or a
 * key that could reach the store as an operator or pollute a prototype. Walks with its own stack, not
 * the call stack, so no depth of input can overflow it.
 */
export function unsafeInputIn(value: unknown): UnsafeInput | null {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (pending.length > 0) {
    const { value: here, path, depth } = pending.pop()!;
    if (!here || typeof here !== 'object') continue;
    if (depth + 1 > MAX_JSON_DEPTH) return { problem: 'too_deep' };
    // Pushed in reverse, so that the first offending key in document order is the one reported.
    const children: { value: unknown; path: string; depth: number }[] = [];
    if (Array.isArray(here)) {
      here.forEach((item, i) => children.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
    } else {
      for (const key of Object.keys(here)) {
        const at = path ? `${path}.${key}` : key;
        if (key.startsWith('$') || key.includes('.') || FORBIDDEN_KEYS.has(key)) {
          return { problem: 'forbidden_key', path: at };
        }
        children.push({ value: (here as Record<string, unknown>)[key], path: at, depth: depth + 1 });
      }
    }
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]!);
  }
  return null;
}

/**
 * Refuses a body or query nested deeper than MAX_JSON_DEPTH (400 `request.too_deep`), or naming a
 * MongoDB operator, a dotted path or a prototype key (400 `request.forbidden_key`). It runs right after
 * the JSON parser (V8's JSON.parse does not recurse), before anything else walks the body.
 */
export const refuseForbiddenKeys: RequestHandler = (req, res, next) => {
  const found = unsafeInputIn(req.body) ?? unsafeInputIn(req.query);
  if (found?.problem === 'too_deep') {
    sendProblem(res, {
      status: 400,
      code: 'request.too_deep',
      detail: `the body nests deeper than ${MAX_JSON_DEPTH} levels`,
      instance: req.originalUrl,
    });
    return;
  }
  if (found) {
    sendProblem(res, {
      status: 400,
      code: 'request.forbidden_key',
      detail: `the key "${found.path}" is not accepted (operators, dotted paths and prototype keys are refused)`,
      instance: req.originalUrl,
    });
    return;
  }
  next();
};
