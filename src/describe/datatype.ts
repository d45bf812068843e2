/** A guide 数据类型 code with its 数据长度 (undefined when the declaration gives none). */
export interface GuideType {
  dataType: string;
  length?: string;
}

/** Declared column facts as information_schema (or SQLite's PRAGMA) gives them. */
export interface DeclaredColumn {
  /** The type name: "character varying", "varchar(20)", "decimal(18,2)", "INTEGER"… */
  type: string;
  charLength?: number | null;
  precision?: number | null;
  scale?: number | null;
}

/** Fixed-size types: code and storage bytes (the guide's 数据长度 is the storage size; VFP-style, see standards-research-2 Q2). */
const FIXED: [RegExp, string, string][] = [
  [/^(tinyint\(1\)|bool|boolean|bit\(1\)|bit)$/, 'L', '1'],
  [/^(tinyint|int1)/, 'I', '1'],
  [/^(smallint|int2|smallserial)/, 'I', '2'],
  [/^(mediumint)/, 'I', '3'],
  [/^(bigint|int8|bigserial)/, 'I', '8'],
  [/^(integer|int|int4|serial)/, 'I', '4'],
  [/^(real|float4|float)$/, 'F', '4'],
  [/^(double|double precision|float8)/, 'B', '8'],
  [/^money/, 'Y', '8'],
  [/^(date)$/, 'D', '8'],
  [/^(datetime|timestamp|timestamptz|time)/, 'T', '8'],
  [/^uuid$/, 'C', '36'],
];

const MEMO = /^(text|tinytext|mediumtext|longtext|clob|json|jsonb|xml|citext)$/;
const BINARY = /^(bytea|blob|tinyblob|mediumblob|longblob|binary|varbinary|image)/;
const CHAR = /^(character varying|varchar|character|char|nvarchar|nchar|varchar2|bpchar|string|set|enum)/;
const DECIMAL = /^(numeric|decimal|number|dec)/;

/** "decimal(18,2)" → [18, 2]; "varchar(20)" → [20]. */
function declaredSize(type: string): number[] {
  const m = /\(([\d\s,]+)\)/.exec(type);
  return m ? m[1].split(',').map((s) => Number(s.trim())).filter(Number.isFinite) : [];
}

/**
 * The guide's code for a declared SQL type (PostgreSQL, MySQL/MariaDB, SQLite declared types). Text without a
 * declared length is M (备注型), as the guide's list has it for long text; the caller may give it a length measured
 * in the data. Unknown types are C.
 */
export function guideTypeOf(col: DeclaredColumn): GuideType {
  const type = col.type.trim().toLowerCase().replace(/\s+unsigned|\s+zerofill/g, '');
  const size = declaredSize(type);
  const base = type.replace(/\(.*$/, '').trim();
  if (MEMO.test(base)) return { dataType: 'M' };
  if (BINARY.test(base)) return { dataType: 'G' };
  if (CHAR.test(base)) {
    const n = col.charLength ?? size[0];
    return { dataType: 'C', ...(n ? { length: String(n) } : {}) };
  }
  if (DECIMAL.test(base)) {
    const p = col.precision ?? size[0];
    const s = col.scale ?? size[1] ?? 0;
    return { dataType: 'N', ...(p ? { length: s ? `${p},${s}` : String(p) } : {}) };
  }
  for (const [re, code, bytes] of FIXED) if (re.test(type) || re.test(base)) return { dataType: code, length: bytes };
  return { dataType: 'C', ...(size[0] ? { length: String(size[0]) } : {}) };
}
