/**
 * A property value in the form the sync compares: plain values, not Notion's nested request
 * or response shapes, always in the canonical form of canonical.ts (what Notion would store and
 * return). Desired values are built in it, pages read from Notion are turned into it, and the
 * content hash is taken over it, so "equal" means "Notion would show the same".
 */
export type PropValue =
  | { type: "title"; value: string }
  | { type: "rich_text"; value: string }
  | { type: "number"; value: number | null }
  | { type: "select"; value: string | null }
  | { type: "multi_select"; value: string[] }
  | { type: "date"; value: string | null }
  | { type: "checkbox"; value: boolean }
  | { type: "url"; value: string | null }
  | { type: "relation"; value: string[] };

export type PropMap = Record<string, PropValue>;
export type PropType = PropValue["type"];
