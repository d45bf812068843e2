import { CentreError, reviewSubmission } from '../register.js';
import { sendJson } from '../respond.js';
import { parseJson } from '../request.js';
import { callerOf, type RequestContext } from './context.js';

const STATUSES = ['submitted', 'published', 'returned', 'superseded', 'all'];

export async function listSubmissions({ store, url, res }: RequestContext): Promise<void> {
  const status = url.searchParams.get('status') ?? 'submitted';
  if (!STATUSES.includes(status)) throw new CentreError(400, 'bad-parameter', { detail: 'status must be submitted, published, returned, superseded or all' });
  const items = await store.listSubmissions(status === 'all' ? undefined : (status as 'submitted'));
  sendJson(res, 200, { items });
}

export async function review(ctx: RequestContext): Promise<void> {
  const id = Number(ctx.params.id);
  if (!Number.isInteger(id) || id < 1) throw new CentreError(400, 'bad-parameter', { detail: 'the submission id must be a positive integer' });
  const input = parseJson(ctx.body) as { decision?: unknown; comment?: unknown };
  if (!input || typeof input !== 'object' || (input.decision !== 'publish' && input.decision !== 'return')) {
    throw new CentreError(400, 'invalid-body', { detail: 'the body must be {"decision": "publish" | "return", "comment": "…"}' });
  }
  if (input.comment !== undefined && typeof input.comment !== 'string') throw new CentreError(400, 'invalid-body', { detail: 'comment must be a string' });
  if (input.decision === 'return' && !input.comment) throw new CentreError(400, 'comment-required');
  sendJson(ctx.res, 200, await reviewSubmission(ctx.store, id, input.decision, callerOf(ctx), input.comment as string | undefined));
}
