import { CentreError, reviewSubmission } from '../register.js';
import { sendJson } from '../respond.js';
import { parseJson } from '../request.js';
import { checkReviewBody } from '../request-shapes.js';
import { smallBody } from '../body.js';
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
  const input = parseJson(smallBody(ctx.body));
  checkReviewBody(input);
  const { decision, comment } = input as { decision: 'publish' | 'return'; comment?: string };
  if (decision === 'return' && !comment) throw new CentreError(400, 'comment-required');
  sendJson(ctx.res, 200, await reviewSubmission(ctx.store, id, decision, callerOf(ctx), comment));
}
