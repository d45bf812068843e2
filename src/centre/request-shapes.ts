import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { CentreError } from './register.js';

/**
 * JSON Schemas of the request bodies (the same shapes as src/centre/openapi.yaml), checked before anything reaches
 * the store, so a value of the wrong type is a 400 naming the JSON pointer, never a 500 from deep inside.
 */

const batchEnvelope = {
  type: 'object',
  required: ['records'],
  properties: {
    records: { type: 'array' },
    batchId: { type: 'string', minLength: 1, maxLength: 200 },
    profile: { type: 'string', minLength: 1, maxLength: 64 },
  },
};

/** The fields of a record the centre reads before validation (key, provider): strings when present. */
const recordEnvelope = {
  type: 'object',
  properties: {
    resourceCode: { type: 'string', maxLength: 200 },
    metadataIdentifier: { type: 'string', maxLength: 200 },
    resourceIdentifier: { type: 'string', maxLength: 200 },
    provider: { type: 'object', properties: { code: { type: 'string', maxLength: 200 }, name: { type: 'string' } } },
  },
};

const reviewBody = {
  type: 'object',
  required: ['decision'],
  properties: {
    decision: { enum: ['publish', 'return'] },
    comment: { type: 'string', maxLength: 10_000 },
  },
};

let compiled: Record<'batch' | 'record' | 'review', ValidateFunction> | undefined;

/** The compiled validators (compiled on first use; `startCentre({ warm })` compiles them up front). */
export function validators() {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: false, strict: true });
  compiled = { batch: ajv.compile(batchEnvelope), record: ajv.compile(recordEnvelope), review: ajv.compile(reviewBody) };
  return compiled;
}

/** "/records: must be array" from ajv's first error. */
export function shapeDetail(e: ErrorObject | undefined): { pointer: string; detail: string } {
  if (!e) return { pointer: '/', detail: 'invalid' };
  const pointer = e.instancePath || '/';
  const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
  return { pointer, detail: `${pointer}: ${e.message ?? 'invalid'}${allowed ? ` (${allowed.map((v) => JSON.stringify(v)).join(', ')})` : ''}` };
}

function check(kind: 'batch' | 'review', body: unknown): void {
  const v = validators()[kind];
  if (v(body)) return;
  const { pointer, detail } = shapeDetail(v.errors?.[0]);
  throw new CentreError(400, 'invalid-body', { detail }, { pointer });
}

/** 400 invalid-body unless `body` is `{"records": […], "batchId"?: string, "profile"?: string}`. */
export const checkBatchEnvelope = (body: unknown): void => check('batch', body);

/** 400 invalid-body unless `body` is `{"decision": "publish"|"return", "comment"?: string}`. */
export const checkReviewBody = (body: unknown): void => check('review', body);

/** Why a record's key or provider fields have the wrong shape (pointer + detail), or undefined when they are fine. */
export function recordShapeProblem(record: unknown): { pointer: string; detail: string } | undefined {
  const v = validators().record;
  return v(record) ? undefined : shapeDetail(v.errors?.[0]);
}
