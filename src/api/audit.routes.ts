import { auditExportQuery, auditPage, auditQuery, chainVerdictView } from '../schemas/audit.schema';
import type { AuditService } from '../services/audit';
import {
  AUDIT_EXPORT_TYPES,
  auditCsv,
  auditExportFileName,
  auditLineWriter,
  writeAuditXlsx,
  type AuditBatches,
} from '../services/audit-export';
import type { DirectoryService } from '../services/directory';
import { logger } from '../logger';
import { COMMON_ERRORS } from './openapi';
import { route, type Route } from './route-table';

export function auditRoutes(audit: AuditService, directory: DirectoryService): Route[] {
  return [
    route({
      method: 'get',
      path: '/api/audit',
      summary: 'The audit trail (S7), newest first, filtered, in cursor pages; each subject with its name where known',
      query: auditQuery,
      ok: { status: 200, schema: auditPage, description: 'One page of events' },
      errors: {
        ...COMMON_ERRORS,
        400: 'A filter not in its list, a range that ends before it starts, or a bad cursor',
      },
      handle: ({ caller, query }) => audit.list(caller, query),
    }),
    route({
      method: 'get',
      path: '/api/audit/export',
      summary:
        'The filtered audit trail, newest first, as a file: CSV (UTF-8 with BOM, formula-like cells written as text) or XLSX, headers and words in `lang`',
      query: auditExportQuery,
      ok: {
        status: 200,
        type: [AUDIT_EXPORT_TYPES.csv, AUDIT_EXPORT_TYPES.xlsx],
        description: 'The file (Content-Disposition: attachment), in the media type of `format`',
      },
      errors: {
        ...COMMON_ERRORS,
        400: 'A filter not in its list, a range that ends before it starts, or a bad format',
      },
      respond: async ({ caller, query }, res) => {
        const { format, lang, ...filters } = query;
        const batches = audit.exportBatches(caller, filters);
        // The permission and the first batch before any byte is sent: a refusal is still a problem document.
        const first = await batches.next();
        const all: AuditBatches = {
          async *[Symbol.asyncIterator]() {
            if (!first.done) yield first.value;
            yield* batches;
          },
        };
        const lines = auditLineWriter(lang, await directory.list(caller));
        res.type(AUDIT_EXPORT_TYPES[format]).attachment(auditExportFileName(format, new Date()));
        try {
          if (format === 'xlsx') {
            await writeAuditXlsx(res, all, lines, lang === 'en' ? 'Audit trail' : '审计日志');
          } else {
            for await (const chunk of auditCsv(all, lines)) {
              // Waits while the client reads slower than the store is read.
              if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
            }
          }
          res.end();
        } catch (err) {
          // Once the file has begun no problem document can follow: the cut connection says it failed.
          logger.error({ err }, 'audit export failed while streaming');
          res.destroy(err as Error);
        }
      },
    }),
    route({
      method: 'get',
      path: '/api/audit/verify',
      summary: 'Recompute the hash chain; report the first broken sequence number',
      ok: { status: 200, schema: chainVerdictView, description: 'The verdict' },
      errors: COMMON_ERRORS,
      handle: ({ caller }) => audit.verify(caller),
    }),
  ];
}
