import type { DataSourceObjectResponse } from "@notionhq/client";
import { normalizeId } from "./props";
import type { DatabaseName, DatabaseTemplate } from "./templates";
import type { SchemaProblem } from "../core";


type ActualProperty = DataSourceObjectResponse["properties"][string];

/**
 * Expected (template) versus actual (data source) properties. Extra columns the team added are
 * fine and never reported. A missing property next to an unexpected one of the same type is
 * reported as a probable rename, because that is what a person editing the board usually did.
 */
export function checkSchema(
  template: DatabaseTemplate,
  actual: DataSourceObjectResponse["properties"],
  dataSourceIds: Partial<Record<DatabaseName, string>>,
  /** Property ids remembered at setup: a renamed column keeps its id, which makes a rename certain. */
  knownIds: Record<string, string> = {},
): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const expectedNames = new Set(Object.keys(template.properties));
  const extras = Object.values(actual).filter((p) => !expectedNames.has(p.name));
  const migrate = "run `oberaconnect-sync setup-databases --migrate`";

  for (const [name, spec] of Object.entries(template.properties)) {
    const prop = actual[name] ?? Object.values(actual).find((p) => p.name === name);
    if (!prop) {
      const byId = knownIds[name] ? extras.find((e) => e.id === knownIds[name]) : undefined;
      const sameType = extras.filter((e) => e.type === spec.type);
      const renamed = byId ?? (sameType.length === 1 ? sameType[0] : undefined);
      problems.push(
        renamed
          ? {
              database: template.name,
              property: name,
              kind: "renamed",
              expected: `${name} (${spec.type})`,
              actual: `${renamed.name} (${renamed.type})`,
              fix: `rename "${renamed.name}" back to "${name}" in Notion, or ${migrate} to add "${name}" anew`,
            }
          : {
              database: template.name,
              property: name,
              kind: "missing",
              expected: `${name} (${spec.type})`,
              actual: null,
              fix: `${migrate} to add it (existing columns are kept)`,
            },
      );
      continue;
    }
    if (prop.type !== spec.type) {
      problems.push({
        database: template.name,
        property: name,
        kind: "wrong_type",
        expected: spec.type,
        actual: prop.type,
        fix: `change "${name}" back to type ${spec.type} in Notion (or rename it to keep its data, then ${migrate})`,
      });
      continue;
    }
    if (spec.relationTo && prop.type === "relation") {
      const want = dataSourceIds[spec.relationTo];
      const got = relationTarget(prop);
      if (want && got && normalizeId(want) !== normalizeId(got)) {
        problems.push({
          database: template.name,
          property: name,
          kind: "wrong_relation",
          expected: `relation to ${spec.relationTo} (${want})`,
          actual: `relation to ${got}`,
          fix: `${migrate} to point it at the ${spec.relationTo} database`,
        });
      } else if (spec.dual && (prop.relation as { type?: string }).type !== "dual_property") {
        problems.push({
          database: template.name,
          property: name,
          kind: "one_way_relation",
          expected: `two-way relation to ${spec.relationTo} (listed there as "${spec.dual}")`,
          actual: "one-way relation",
          fix: `${migrate} to make it two-way (every link is kept)`,
        });
      }
    }
  }
  return problems;
}

function relationTarget(prop: ActualProperty): string | null {
  if (prop.type !== "relation") return null;
  const rel = prop.relation as { data_source_id?: string; database_id?: string };
  return rel.data_source_id ?? null;
}

export function formatProblems(problems: SchemaProblem[]): string[] {
  return problems.map(
    (p) =>
      `${p.database}.${p.property}: ${p.kind.replace("_", " ")}; expected ${p.expected}${p.actual ? `, found ${p.actual}` : ""}. Fix: ${p.fix}`,
  );
}
