import { z } from 'zod';
import { t } from '../../kernel/i18n/index.ts';
import { COLUMN_BY_KEY, COLUMNS } from '../../records/import/columns.ts';
import { outfallRecordSchema } from '../../records/schema.ts';

/**
 * The record format described for re-users: the JSON Schema download and the data dictionary on
 * /data/#dictionary, both generated from the zod schema, with the English descriptions read from
 * the schema's own doc comments.
 */

/** JSON Schema of the published record (zod → JSON Schema draft 2020-12), for /data/outfall.schema.json. */
export function recordJsonSchema(publicBaseUrl: string) {
  return {
    ...z.toJSONSchema(outfallRecordSchema, { target: 'draft-2020-12' }),
    $id: `${publicBaseUrl.replace(/\/+$/, '')}/data/outfall.schema.json`,
    title: t('exports.schemaTitle'),
  };
}

interface JsonSchemaNode {
  type?: string | string[];
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}

/** One leaf field of the record, as the data dictionary lists it. */
export interface DictionaryField {
  /** Dotted path: the JSON field (nested) and the GeoJSON property name, e.g. `receivingWater.name`. */
  path: string;
  /** The CSV column that holds it (the importer's column name), when one does. */
  csvColumn: string | undefined;
  /** JSON type: string, number, boolean. */
  type: string;
  /** Present in every record (the field and all its parents are required by the schema). */
  required: boolean;
  /** Allowed values, for enumerations. */
  values?: string[];
  /** Other constraints in words: pattern, date format, length, range. */
  constraint?: string;
}

/**
 * The record's leaf fields with their type and constraints, generated from the zod schema (via its
 * JSON Schema), in schema order; descriptions are added by the page from the schema's doc comments
 * (schemaDocComments) and the Chinese wording kept in src/kernel/i18n/zh-CN/publish.ts (`publish.field.*`).
 */
export function dictionaryFields(): DictionaryField[] {
  const schema = z.toJSONSchema(outfallRecordSchema) as JsonSchemaNode;
  const csvByPath = new Map<string, string>();
  for (const c of COLUMNS) for (const p of c.paths) if (!csvByPath.has(p)) csvByPath.set(p, c.header);
  // The exports write the city's name in its own column (the importer derives the city from the
  // county and checks it against 所在市州), and the whole type path in 排污口类型.
  for (const p of ['cityAdcode', 'cityName']) csvByPath.set(p, COLUMN_BY_KEY.city.header);
  for (const p of ['type.level1Key', 'type.level1', 'type.level2', 'type.level3']) csvByPath.set(p, COLUMN_BY_KEY.type.header);
  const fields: DictionaryField[] = [];
  const walk = (node: JsonSchemaNode, prefix: string, parentRequired: boolean) => {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const path = prefix ? `${prefix}.${key}` : key;
      const required = parentRequired && (node.required ?? []).includes(key);
      if (child.properties) {
        walk(child, path, required);
        continue;
      }
      const constraint = [
        child.format === 'date' ? 'YYYY-MM-DD' : undefined,
        child.pattern && child.format !== 'date' ? `/${child.pattern}/` : undefined,
        child.maxLength !== undefined ? t('exports.lengthRange', { min: child.minLength ?? 0, max: child.maxLength }) : undefined,
        child.minimum !== undefined && child.maximum !== undefined ? `${child.minimum}–${child.maximum}` : undefined,
      ].filter(Boolean);
      fields.push({
        path,
        csvColumn: csvByPath.get(path),
        type: Array.isArray(child.type) ? child.type.join(' | ') : (child.type ?? 'string'),
        required,
        ...(child.enum && { values: child.enum.map(String) }),
        ...(constraint.length && { constraint: constraint.join('；') }),
      });
    }
  };
  walk(schema, '', true);
  return fields;
}

/**
 * The doc comment of every field in src/records/schema.ts, keyed by dotted path (`receivingWater.name`),
 * read with the TypeScript parser: the schema's comments are the authoritative English description
 * of the record format. Returns an empty map when the TypeScript package is not installed (a
 * production install without dev dependencies); the dictionary then shows the Chinese wording only.
 */
export async function schemaDocComments(schemaSource: string): Promise<Map<string, string>> {
  const docs = new Map<string, string>();
  let ts: typeof import('typescript');
  try {
    ts = (await import('typescript')).default;
  } catch {
    return docs;
  }
  const file = ts.createSourceFile('schema.ts', schemaSource, ts.ScriptTarget.Latest, true);
  const commentOf = (node: import('typescript').Node) =>
    (ts.getLeadingCommentRanges(schemaSource, node.getFullStart()) ?? [])
      .map((r) => schemaSource.slice(r.pos, r.end))
      .filter((c) => c.startsWith('/**'))
      .map((c) =>
        c
          .replace(/^\/\*\*|\*\/$/g, '')
          .replace(/^\s*\* ?/gm, '')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .at(-1);
  // Object literals passed to z.object(...) and the variables that hold them (`outfallTypeSchema`).
  const objectOf = new Map<string, import('typescript').ObjectLiteralExpression>();
  const findObject = (expr: import('typescript').Node): import('typescript').ObjectLiteralExpression | undefined => {
    let found: import('typescript').ObjectLiteralExpression | undefined;
    const visit = (n: import('typescript').Node) => {
      if (found) return;
      if (
        ts.isCallExpression(n) &&
        ts.isPropertyAccessExpression(n.expression) &&
        n.expression.name.text === 'object' &&
        n.arguments[0] &&
        ts.isObjectLiteralExpression(n.arguments[0])
      ) {
        found = n.arguments[0];
        return;
      }
      ts.forEachChild(n, visit);
    };
    visit(expr);
    return found;
  };
  file.forEachChild((stmt) => {
    if (!ts.isVariableStatement(stmt)) return;
    for (const d of stmt.declarationList.declarations) {
      const obj = d.initializer && findObject(d.initializer);
      if (obj && ts.isIdentifier(d.name)) objectOf.set(d.name.text, obj);
    }
  });
  const walk = (obj: import('typescript').ObjectLiteralExpression, prefix: string) => {
    for (const prop of obj.properties) {
      if (!ts.isPropertyAssignment(prop) || !(ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name))) continue;
      const path = prefix ? `${prefix}.${prop.name.text}` : prop.name.text;
      const doc = commentOf(prop);
      if (doc) docs.set(path, doc);
      const nested = ts.isIdentifier(prop.initializer) ? objectOf.get(prop.initializer.text) : findObject(prop.initializer);
      if (nested) walk(nested, path);
    }
  };
  const root = objectOf.get('outfallRecordSchema');
  if (root) walk(root, '');
  return docs;
}
