import { z } from "zod";
import { RichTextArraySchema } from "./rich-text";

/**
 * Request bodies, strict like Notion's validator: an unknown key is refused ("body.x should be
 * not present"). Property values and schemas are checked against the data source elsewhere.
 */

const Url = z.string().max(2000);
const External = z.strictObject({ url: Url });

/** Icons: emoji and external files (the kinds a sync sets); Notion has more. */
export const IconSchema = z
  .union(
    [
      z.strictObject({ type: z.literal("emoji").optional(), emoji: z.string().min(1) }),
      z.strictObject({ type: z.literal("external").optional(), external: External }),
    ],
    { error: "should be an emoji or external icon" },
  )
  .nullable();

export const CoverSchema = z.strictObject({ type: z.literal("external").optional(), external: External }).nullable();

/** Stored as Notion returns it, with `type` filled in. */
export function normalizeIcon(icon: z.output<typeof IconSchema> | undefined): unknown {
  if (icon === undefined) return undefined;
  if (icon === null) return null;
  return "emoji" in icon ? { type: "emoji", emoji: icon.emoji } : { type: "external", external: { url: icon.external.url } };
}

export function normalizeCover(cover: z.output<typeof CoverSchema> | undefined): unknown {
  if (cover === undefined) return undefined;
  return cover === null ? null : { type: "external", external: { url: cover.external.url } };
}

const DatabaseParentSchema = z.union(
  [
    z.strictObject({ type: z.literal("page_id").optional(), page_id: z.string() }),
    z.strictObject({ type: z.literal("workspace").optional(), workspace: z.literal(true) }),
  ],
  { error: "should be a page_id or workspace parent" },
);

const PropertyMap = z.record(z.string(), z.unknown());

export const CreateDatabaseBody = z.strictObject({
  parent: DatabaseParentSchema,
  title: RichTextArraySchema.optional(),
  description: RichTextArraySchema.optional(),
  is_inline: z.boolean().optional(),
  initial_data_source: z.strictObject({ properties: PropertyMap.optional() }).optional(),
  icon: IconSchema.optional(),
  cover: CoverSchema.optional(),
});

export const UpdateDatabaseBody = z.strictObject({
  parent: DatabaseParentSchema.optional(),
  title: RichTextArraySchema.optional(),
  description: RichTextArraySchema.optional(),
  is_inline: z.boolean().optional(),
  icon: IconSchema.optional(),
  cover: CoverSchema.optional(),
  in_trash: z.boolean().optional(),
  /** Deprecated alias the 2025-09-03 API still takes. */
  archived: z.boolean().optional(),
  is_locked: z.boolean().optional(),
});

const DataSourceParent = z.strictObject({ type: z.literal("database_id").optional(), database_id: z.string() });

export const CreateDataSourceBody = z.strictObject({
  parent: DataSourceParent,
  properties: PropertyMap,
  title: RichTextArraySchema.optional(),
  icon: IconSchema.optional(),
});

export const UpdateDataSourceBody = z.strictObject({
  title: RichTextArraySchema.optional(),
  icon: IconSchema.optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
  in_trash: z.boolean().optional(),
  archived: z.boolean().optional(),
  parent: DataSourceParent.optional(),
});

/** Page size: 1..100, default 100, per the docs. */
const PageSize = z.number().int().min(1).max(100).optional();

export const QueryBody = z.strictObject({
  filter: z.unknown().optional(),
  sorts: z.unknown().optional(),
  start_cursor: z.string().optional(),
  page_size: PageSize,
  in_trash: z.boolean().optional(),
  archived: z.boolean().optional(),
  result_type: z.enum(["page", "data_source"]).optional(),
});
export type QueryBodyInput = z.output<typeof QueryBody>;

export const SearchBody = z.strictObject({
  query: z.string().optional(),
  sort: z
    .union(
      [
        z.strictObject({ timestamp: z.literal("last_edited_time"), direction: z.enum(["ascending", "descending"]) }),
        z.strictObject({ property: z.literal("relevance") }),
      ],
      { error: "should be a last_edited_time or relevance sort" },
    )
    .optional(),
  filter: z
    .union(
      [
        z.strictObject({ property: z.literal("object"), value: z.enum(["page", "data_source"]), in_trash: z.boolean().optional() }),
        z.strictObject({ in_trash: z.boolean() }),
      ],
      { error: "should be an object or in_trash filter" },
    )
    .optional(),
  start_cursor: z.string().optional(),
  page_size: PageSize,
});
export type SearchBodyInput = z.output<typeof SearchBody>;

const PageParentSchema = z.union(
  [
    z.strictObject({ type: z.literal("data_source_id").optional(), data_source_id: z.string() }),
    z.strictObject({ type: z.literal("database_id").optional(), database_id: z.string() }),
    z.strictObject({ type: z.literal("page_id").optional(), page_id: z.string() }),
    z.strictObject({ type: z.literal("workspace").optional(), workspace: z.literal(true) }),
  ],
  { error: "should be a data_source_id, database_id, page_id or workspace parent" },
);

/** Blocks are accepted (at most 100 per request, as documented) but page content is not modelled. */
const Blocks = z.array(z.unknown()).max(100);

export const CreatePageBody = z.strictObject({
  parent: PageParentSchema,
  properties: PropertyMap.optional(),
  icon: IconSchema.optional(),
  cover: CoverSchema.optional(),
  children: Blocks.optional(),
  content: Blocks.optional(),
  markdown: z.string().optional(),
  allow_async: z.boolean().optional(),
  template: z.unknown().optional(),
  position: z.unknown().optional(),
});

export const UpdatePageBody = z.strictObject({
  properties: PropertyMap.optional(),
  icon: IconSchema.optional(),
  cover: CoverSchema.optional(),
  is_locked: z.boolean().optional(),
  template: z.unknown().optional(),
  erase_content: z.boolean().optional(),
  in_trash: z.boolean().optional(),
  archived: z.boolean().optional(),
  is_archived: z.boolean().optional(),
});
