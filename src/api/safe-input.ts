import type { RequestHandler } from 'express';
import { sendProblem } from './problem';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The first key in a JSON value that could reach the store as an operator or pollute a prototype. */
export function forbiddenKeyIn(value: unknown, path = ''): string | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = forbiddenKeyIn(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const here = path ? `${path}.${key}` : key;
      if (key.startsWith('$') || key.includes('.') || FORBIDDEN_KEYS.has(key)) return here;
      const found = forbiddenKeyIn((value as Record<string, unknown>)[key], here);
      if (found) return found;
    }
  }
  return null;
}

/** Refuses a body or query that names a MongoDB operator, a dotted path or a prototype key. */
export const refuseForbiddenKeys: RequestHandler = (req, res, next) => {
  const found = forbiddenKeyIn(req.body) ?? forbiddenKeyIn(req.query);
  if (found) {
    sendProblem(res, {
      status: 400,
      code: 'request.forbidden_key',
      detail: `the key "${found}" is not accepted (operators, dotted paths and prototype keys are refused)`,
      instance: req.originalUrl,
    });
    return;
  }
  next();
};
