import type { ExpectedSchema } from './types.ts';

const SCALARS = new Set(['String', 'Int', 'BigInt', 'Float', 'Decimal', 'Boolean', 'DateTime', 'Json', 'Bytes']);
const mapped = (attrs: string, at: '@map' | '@@map'): string | undefined => new RegExp(`${at}\\(\\s*(?:name:\\s*)?"([^"]+)"`).exec(attrs)?.[1];

/**
 * A Prisma schema's models as tables and columns, the way `prisma migrate` creates them:
 * `@@map("t")` renames the table, `@map("c")` a column; relation fields (typed with another
 * model) have no column of their own and are left out; enum-typed fields are columns.
 */
export function parsePrismaSchema(text: string): ExpectedSchema {
  const source = text.replace(/\/\/.*$/gm, '');
  const models = [...source.matchAll(/^\s*model\s+(\w+)\s*\{([\s\S]*?)^\s*\}/gm)];
  const modelNames = new Set(models.map((m) => m[1]!));
  const out: ExpectedSchema = {};
  for (const [, name, body] of models) {
    let table = name!;
    const columns: string[] = [];
    for (const raw of body!.split('\n')) {
      const line = raw.trim();
      if (!line) continue;
      if (line.startsWith('@@')) {
        table = mapped(line, '@@map') ?? table;
        continue;
      }
      const field = /^(\w+)\s+([\w.]+(?:\([^)]*\))?)(\[\])?(\?)?\s*(.*)$/.exec(line);
      if (!field) continue;
      const [, fieldName, type, , , attrs] = field;
      const baseType = type!.replace(/\(.*$/, '');
      if (modelNames.has(baseType) || (!SCALARS.has(baseType) && baseType !== 'Unsupported' && /@relation/.test(attrs!))) continue;
      columns.push(mapped(attrs!, '@map') ?? fieldName!);
    }
    out[table] = columns;
  }
  return out;
}
