/**
 * Why a source cannot be described. The code names the message (describe/messages.json); `exit` is the documented
 * exit code: 2 for a bad argument or unreadable input, 3 when the database cannot be reached.
 */
export type DescribeErrorCode = 'describe-unsupported' | 'describe-bad-url' | 'describe-connect' | 'describe-query' | 'describe-table-unknown' | 'describe-too-many-tables' | 'describe-no-tables';

export class DescribeError extends Error {
  constructor(public code: DescribeErrorCode, public params: Record<string, string | number>, public exit: 2 | 3 = 2) {
    super(`${code}: ${JSON.stringify(params)}`);
  }
}
