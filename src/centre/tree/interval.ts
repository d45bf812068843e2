/**
 * A harvest interval as written on the command line: a number and a unit, s m h d (`90s`, `15m`, `1h`, `1d`),
 * fractions allowed (`0.5h`). Undefined when malformed, under MIN_INTERVAL_MS or over a week.
 */
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export const MIN_INTERVAL_MS = 1000;
const MAX_INTERVAL_MS = 7 * 86_400_000;

export function parseInterval(spec: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([smhd])$/.exec(spec.trim());
  if (!m) return undefined;
  const ms = Math.round(Number(m[1]) * UNIT_MS[m[2]]);
  return ms >= MIN_INTERVAL_MS && ms <= MAX_INTERVAL_MS ? ms : undefined;
}

/** An interval in the largest unit that divides it (15m, 1h, 90s). */
export function formatInterval(ms: number): string {
  for (const u of ['d', 'h', 'm', 's']) if (ms % UNIT_MS[u] === 0) return `${ms / UNIT_MS[u]}${u}`;
  return `${ms / 1000}s`;
}
