/**
 * The update cycle a timestamp column suggests: the mean gap between the distinct days it holds (span ÷ distinct
 * days). Only a hint for the officer: at least 3 distinct days are needed, else none. Labels are those of
 * standards/guide2017/codelists/update-cycle.json.
 */
export function cycleFromDays(distinctDays: number, spanDays: number): string | undefined {
  if (distinctDays < 3 || spanDays <= 0) return undefined;
  const gap = spanDays / (distinctDays - 1);
  if (gap <= 1.5) return '每日';
  if (gap <= 8) return '每周';
  if (gap <= 35) return '每月';
  if (gap <= 100) return '每季度';
  if (gap <= 200) return '每半年';
  if (gap <= 400) return '每年';
  return '不定期';
}

/** Column names that say the column records when a row changed (not e.g. a birth date). */
export const UPDATE_COLUMN = /更新|修改|变更|入库|采集|update|modif|changed|gxsj|xgsj|last_?time|etl/i;
