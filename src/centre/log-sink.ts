/**
 * Where the centre's log lines go when the caller gives no sink of its own: standard error, one line each.
 * Printing is the CLI's job (eslint.config.js); a centre runs for hours inside `catalog centre serve` and writes
 * its request errors, scheduled harvests and `--access-log -` as it goes, so this one sink is the exception the
 * lint rule allows. A library user passes `logError` / `log` to keep the centre quiet or send the lines elsewhere.
 */
export type LogSink = (line: string) => void;

export const stderrSink: LogSink = (line) => {
  process.stderr.write(line + '\n');
};
