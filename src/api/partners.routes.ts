import { Router } from 'express';
import {
  blacklistBody,
  informationRequestBody,
  informationResponseBody,
  nominatePartnerBody,
  partnerDecisionBody,
  partnerIdParam,
  partnerListQuery,
  questionnaireAnswersBody,
  questionnaireVersionParam,
  renominationBody,
} from '../schemas/partner.schema';
import type { PartnerService } from '../services/partners';
import type { QuestionnaireService } from '../services/questionnaires';
import { idempotentCreate } from './idempotency';

export function partnerRoutes(partners: PartnerService, questionnaires: QuestionnaireService): Router {
  const router = Router();
  const id = (req: { params: Record<string, string | string[]> }) => partnerIdParam.parse(req.params.id);

  router.get('/partners', async (req, res) => {
    res.json(await partners.list(req, partnerListQuery.parse(req.query)));
  });

  router.post('/partners', async (req, res) => {
    const body = nominatePartnerBody.parse(req.body);
    await idempotentCreate(req, res, async () => {
      const created = await partners.nominate(req, body);
      return { status: 201, body: created, location: `/api/partners/${created.id}` };
    });
  });

  router.get('/partners/:id', async (req, res) => {
    res.json(await partners.get(req, id(req)));
  });

  router.get('/partners/:id/timeline', async (req, res) => {
    res.json(await partners.timeline(req, id(req)));
  });

  router.post('/partners/:id/answers', async (req, res) => {
    res.json(await partners.submitAnswers(req, id(req), questionnaireAnswersBody.parse(req.body)));
  });

  router.post('/partners/:id/decision', async (req, res) => {
    res.json(await partners.decide(req, id(req), partnerDecisionBody.parse(req.body)));
  });

  router.post('/partners/:id/information-requests', async (req, res) => {
    res.json(await partners.requestInformation(req, id(req), informationRequestBody.parse(req.body)));
  });

  router.post('/partners/:id/information-responses', async (req, res) => {
    res.json(await partners.provideInformation(req, id(req), informationResponseBody.parse(req.body)));
  });

  router.post('/partners/:id/renomination', async (req, res) => {
    res.json(await partners.renominate(req, id(req), renominationBody.parse(req.body)));
  });

  router.post('/partners/:id/blacklisting', async (req, res) => {
    res.json(await partners.blacklist(req, id(req), blacklistBody.parse(req.body)));
  });

  router.get('/questionnaires/:version', async (req, res) => {
    res.json(await questionnaires.get(questionnaireVersionParam.parse(req.params.version)));
  });

  return router;
}
