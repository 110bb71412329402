import { z } from 'zod';
import { ASSET_STATUSES, DATA_GRADES } from '../../policies/vocabulary';
import { pageQuery } from '../store/pagination';

const text = (max: number) => z.string().trim().min(1).max(max);

export const assetFieldSchema = z
  .object({
    name: z
      .string()
      .trim()
      // Latin and CJK letters, digits, _ . - (a portable pattern: no Unicode property escapes).
      .regex(
        /^[0-9A-Za-z_.\u00C0-\u024F\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF-]{1,100}$/,
        'a field name has letters, digits, _ . - (1 to 100)',
      ),
    description: z.string().trim().max(500).optional(),
    personalInfo: z.boolean().default(false),
  })
  .strict();

const assetBase = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'an asset code has letters, digits, _ . - (1 to 64)'),
  name: text(200),
  description: z.string().trim().max(2000).optional(),
  ownerUnit: text(100),
  category: text(100),
  grade: z.enum(DATA_GRADES),
  personalInfo: z.boolean().default(false),
  sensitivePersonalInfo: z.boolean().default(false),
  catalogued: z.boolean().default(false),
  fields: z
    .array(assetFieldSchema)
    .max(500)
    .default([])
    .refine((fields) => new Set(fields.map((f) => f.name)).size === fields.length, {
      message: 'field names repeat',
      params: { rule: 'fields.repeat' },
    }),
});

/** Sensitive personal information is personal information; a field marked PI makes the asset PI. */
const consistent = <
  T extends { personalInfo?: boolean; sensitivePersonalInfo?: boolean; fields?: { personalInfo: boolean }[] },
>(
  a: T,
  ctx: z.RefinementCtx,
) => {
  if (a.sensitivePersonalInfo && a.personalInfo === false) {
    ctx.addIssue({
      code: 'custom',
      path: ['personalInfo'],
      message: 'sensitive personal information is personal information too',
      params: { rule: 'personal_info.sensitive' },
    });
  }
  if (a.fields?.some((f) => f.personalInfo) && a.personalInfo === false) {
    ctx.addIssue({
      code: 'custom',
      path: ['personalInfo'],
      message: 'a field holds personal information, so the asset does',
      params: { rule: 'personal_info.field' },
    });
  }
};

export const createAssetBody = assetBase.strict().superRefine(consistent);
export type CreateAssetBody = z.infer<typeof createAssetBody>;

export const updateAssetBody = assetBase
  .omit({ code: true })
  .partial()
  .extend({ version: z.number().int().min(1) })
  .strict()
  .superRefine(consistent)
  .refine((b) => Object.keys(b).length > 1, {
    message: 'name at least one field to change',
    params: { rule: 'body.empty' },
  });
export type UpdateAssetBody = z.infer<typeof updateAssetBody>;

export const retireAssetBody = z.object({ reason: text(2000), version: z.number().int().min(1) }).strict();
export type RetireAssetBody = z.infer<typeof retireAssetBody>;

const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const assetListQuery = pageQuery
  .extend({
    unit: z.string().max(100).optional(),
    grade: z.enum(DATA_GRADES).optional(),
    personalInfo: booleanQuery.optional(),
    catalogued: booleanQuery.optional(),
    status: z.enum(ASSET_STATUSES).optional(),
  })
  .strict();
export type AssetListQuery = z.infer<typeof assetListQuery>;

export const assetExportQuery = assetListQuery.omit({ limit: true, cursor: true }).extend({
  headers: z.enum(['en', 'zh-CN']).default('en'),
});
export type AssetExportQuery = z.infer<typeof assetExportQuery>;

export const assetView = assetBase.extend({
  id: z.string(),
  status: z.enum(ASSET_STATUSES),
  retiredReason: z.string().optional(),
  createdBy: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AssetView = z.infer<typeof assetView>;

export const assetPage = z.object({ items: z.array(assetView), nextCursor: z.string().optional() });

export const importReport = z.object({
  imported: z.number().int(),
  ids: z.array(z.string()),
});
