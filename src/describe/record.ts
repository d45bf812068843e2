import type { CatalogRecord, InfoItem, Party } from '../model/record.js';
import type { TableDescription } from './table.js';

/** Fields of a guide2017 record only a person can fill in: describe leaves them out and lists them. */
export const HUMAN_FIELDS = ['directoryClass', 'resourceCode', 'abstract', 'sharing', 'openness', 'publishedDate'] as const;

export interface RecordContext {
  /** 信息资源提供方 (from --provider-name/--provider-code or the workspace config). */
  provider?: Partial<Party>;
  division?: string;
}

/** 信息项 of a table: the comment names the item where there is one (the column name is then its 英文名称). */
export function itemsOf(t: TableDescription): InfoItem[] {
  return t.columns.map((c) => ({
    name: c.comment?.trim() || c.name,
    ...(c.comment?.trim() && c.comment.trim() !== c.name ? { englishName: c.name } : {}),
    dataType: c.dataType,
    ...(c.length ? { length: c.length } : {}),
  }));
}

/**
 * A draft guide2017 record of a table: what the structure says (title, format, 信息项, update-cycle hint), nothing the
 * officer must decide. `extensions.describe` says where it came from and what is still to fill in; `catalog validate`
 * reports each missing field.
 */
export function tableToRecord(t: TableDescription, ctx: RecordContext = {}): CatalogRecord {
  const provider = ctx.provider?.name ? { name: ctx.provider.name, ...(ctx.provider.code ? { code: ctx.provider.code } : {}) } : undefined;
  const todo: string[] = [...HUMAN_FIELDS];
  if (!provider) todo.push('provider');
  if (!t.updateHint) todo.push('updateCycle');
  return {
    title: t.comment?.trim() || t.name,
    ...(provider ? { provider } : {}),
    format: { category: t.format.category, type: t.format.type },
    items: itemsOf(t),
    ...(t.updateHint ? { updateCycle: t.updateHint.updateCycle } : {}),
    ...(ctx.division ? { division: ctx.division } : {}),
    extensions: {
      describe: {
        source: t.source, table: t.name, rows: t.rows, columns: t.columns.length,
        ...(t.truncated ? { columnsLeftOut: t.truncated.columns } : {}),
        ...(t.updateHint ? { updateCycleFrom: { column: t.updateHint.column, distinctDays: t.updateHint.distinctDays, spanDays: t.updateHint.spanDays } } : {}),
        todo,
      },
    },
  } as CatalogRecord;
}
