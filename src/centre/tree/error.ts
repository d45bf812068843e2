/**
 * A tree operation that cannot go on (join, source add, locate, a peer's self-description): a message code
 * (tree.*) with params, worded in zh or en at the edge (the CLI; the centre's answer in handlers/tree.ts).
 * `status` is the HTTP status when a centre answers it. `message` is only the code and params, for logs.
 */
export class TreeError extends Error {
  constructor(public code: string, public params: Record<string, string | number> = {}, public status = 409) {
    super(`${code} ${JSON.stringify(params)}`);
  }
}
