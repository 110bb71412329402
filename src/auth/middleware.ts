import type { RequestHandler } from 'express';
import { defineAbilityFor, mixedIdentityOf, type AppAbility, type Claims } from '../../policies/abilities';
import { sendProblem } from '../api/problem';
import { InvalidTokenError, type TokenVerifier } from './jwt';

declare module 'express-serve-static-core' {
  interface Request {
    claims: Claims;
    ability: AppAbility;
  }
}

/**
 * 401 without a valid bearer token; 403 for a token that makes a partner organisation's user an
 * insider too; otherwise the caller's claims and ability are on the request.
 */
export function authenticate(verify: TokenVerifier): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header);
    if (!match) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="datapact"');
      sendProblem(res, {
        status: 401,
        code: 'auth.missing_token',
        detail: 'send a bearer token',
        instance: req.originalUrl,
      });
      return;
    }
    try {
      req.claims = await verify(match[1]!);
    } catch (err) {
      if (!(err instanceof InvalidTokenError)) throw err;
      res.setHeader('WWW-Authenticate', 'Bearer realm="datapact", error="invalid_token"');
      sendProblem(res, { status: 401, code: 'auth.invalid_token', detail: err.message, instance: req.originalUrl });
      return;
    }
    // The signature is good and says who this is: what is refused is the identity itself, so 403 (a new
    // sign-in would bring the same token). Refused here so that no route ever sees such a caller.
    const mixed = mixedIdentityOf(req.claims);
    if (mixed) {
      sendProblem(res, { status: 403, code: 'auth.mixed_identity', detail: mixed, instance: req.originalUrl });
      return;
    }
    req.ability = defineAbilityFor(req.claims);
    next();
  };
}
