import { z } from "zod";
import type { RichTextItemResponse } from "@notionhq/client";
import { validationError } from "./errors";

const API_COLORS = [
  "default",
  "gray",
  "brown",
  "orange",
  "yellow",
  "green",
  "blue",
  "purple",
  "pink",
  "red",
  "default_background",
  "gray_background",
  "brown_background",
  "orange_background",
  "yellow_background",
  "green_background",
  "blue_background",
  "purple_background",
  "pink_background",
  "red_background",
] as const;

const AnnotationsSchema = z.strictObject({
  bold: z.boolean().optional(),
  italic: z.boolean().optional(),
  strikethrough: z.boolean().optional(),
  underline: z.boolean().optional(),
  code: z.boolean().optional(),
  color: z.enum(API_COLORS).optional(),
});

/**
 * Fields a caller may echo back from a response item. Notion ignores them on input; refusing
 * them would break the common read-modify-write pattern.
 */
const echoed = { plain_text: z.string().optional(), href: z.string().nullable().optional() };

/** Size limits from Notion's request-limits page: 2000 per text and link, 1000 per equation. */
const TextItem = z.strictObject({
  type: z.literal("text").optional(),
  text: z.strictObject({
    content: z.string().max(2000),
    link: z.strictObject({ url: z.string().max(2000) }).nullable().optional(),
  }),
  annotations: AnnotationsSchema.optional(),
  ...echoed,
});

const EquationItem = z.strictObject({
  type: z.literal("equation").optional(),
  equation: z.strictObject({ expression: z.string().max(1000) }),
  annotations: AnnotationsSchema.optional(),
  ...echoed,
});

/**
 * One rich text item of a request. Mentions are not modelled (a sync has no use for them) and
 * fail validation here; see the module report.
 */
export const RichTextItemSchema = z.union([TextItem, EquationItem], { error: "should be a rich text object" });

/** A rich text array: at most 100 items per the documented limits. */
export const RichTextArraySchema = z.array(RichTextItemSchema).max(100);

export type RichTextRequest = z.output<typeof RichTextArraySchema>;

/** The response form of a request array, every default filled in as Notion returns it. */
export function toRichTextResponse(items: RichTextRequest): RichTextItemResponse[] {
  return items.map((item) => {
    const annotations = {
      bold: item.annotations?.bold ?? false,
      italic: item.annotations?.italic ?? false,
      strikethrough: item.annotations?.strikethrough ?? false,
      underline: item.annotations?.underline ?? false,
      code: item.annotations?.code ?? false,
      color: item.annotations?.color ?? "default",
    };
    if ("equation" in item) {
      const expression = item.equation.expression;
      return { type: "equation", equation: { expression }, annotations, plain_text: expression, href: null };
    }
    const link = item.text.link ? { url: item.text.link.url } : null;
    // Notion refuses a link it cannot parse as an absolute URL, with this exact message.
    if (link && !URL.canParse(link.url)) throw validationError("Invalid URL for link.");
    return {
      type: "text",
      text: { content: item.text.content, link },
      annotations,
      plain_text: item.text.content,
      href: link?.url ?? null,
    };
  });
}

/** Plain text to the response form, for titles the store writes itself. */
export const textToRichText = (content: string): RichTextItemResponse[] =>
  content === "" ? [] : toRichTextResponse([{ text: { content } }]);
