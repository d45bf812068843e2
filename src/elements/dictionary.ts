import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { STANDARDS_DIR } from '../profiles/paths.js';

/** One data element (数据元): the attributes DB33/T 2426-style dictionaries share, plus the guide's type code. */
export interface DataElement {
  id: string;
  name: string;
  en?: string;
  synonyms?: string[];
  /** The 2017 guide's 信息项 data-type code (C N Y D T L M G B I F). */
  dataType: string;
  /** Other type codes that hold the element without loss (e.g. M for a long text). */
  acceptTypes?: string[];
  /** Representation format in the GB/T 39046-2020 notation (an18, a..30, n6…). */
  format?: string;
  /** Characters: the exact length when fixedLength, else the most the element may need. */
  length?: number;
  fixedLength?: boolean;
  valueDomain?: string;
  source: { standard: string; evidence: string; note?: string };
}

export interface ElementDictionary {
  id: string;
  file: string;
  elements: DataElement[];
}

export const DATA_ELEMENTS_FILE = path.join(STANDARDS_DIR, 'common', 'data-elements.json');
export const DATA_ELEMENTS_SCHEMA_FILE = path.join(STANDARDS_DIR, 'common', 'data-elements.schema.json');

/** A dictionary that cannot be used: the code names the message (elements/messages.json). */
export class ElementsError extends Error {
  constructor(public code: 'elements-not-found' | 'elements-invalid', public params: { file: string; detail?: string }) {
    super(`${params.file}: ${params.detail ?? code}`);
  }
}

/** A user dictionary is read whole: bound its size (the schema bounds the element count). */
export const MAX_ELEMENTS_BYTES = 4 * 1024 * 1024;

let validator: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  if (validator) return validator;
  // loaded on first use: `validate` reads only the bundled dictionary and must not pay for a schema compiler
  const { Ajv2020 } = createRequire(import.meta.url)('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  validator = new Ajv2020({ allErrors: false, strict: false }).compile(JSON.parse(fs.readFileSync(DATA_ELEMENTS_SCHEMA_FILE, 'utf8')));
  return validator;
}

function readDictionary(file: string, bundled = false): ElementDictionary {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new ElementsError('elements-not-found', { file });
  }
  if (!stat.isFile()) throw new ElementsError('elements-not-found', { file });
  if (stat.size > MAX_ELEMENTS_BYTES) throw new ElementsError('elements-invalid', { file, detail: `larger than ${MAX_ELEMENTS_BYTES} bytes` });
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ElementsError('elements-invalid', { file, detail: (err as Error).message });
  }
  // the bundled dictionary is checked against its schema by test/unit/elements; a user's is checked here
  const check = bundled ? undefined : schemaValidator();
  if (check && !check(doc)) {
    const e = check.errors?.[0];
    throw new ElementsError('elements-invalid', { file, detail: `${e?.instancePath || '/'} ${e?.message ?? ''}`.trim() });
  }
  const d = doc as { id: string; elements: DataElement[] };
  return { id: d.id, file, elements: d.elements };
}

const cache = new Map<string, ElementDictionary>();

/**
 * The common dictionary (standards/common/data-elements.json), followed by the user's own (`--elements`), whose
 * elements come first so that a local definition of the same name wins.
 */
export function loadElements(userFile?: string): ElementDictionary {
  const key = userFile ?? '';
  const hit = cache.get(key);
  if (hit) return hit;
  const common = readDictionary(DATA_ELEMENTS_FILE, true);
  const user = userFile ? readDictionary(userFile) : undefined;
  const dict = user ? { ...user, elements: [...user.elements, ...common.elements] } : common;
  cache.set(key, dict);
  return dict;
}
