import type { PublishProgress } from '../index.js';
import type { Lang } from '../index.js';
import { t } from './text.js';
import { createProgress, type OutputMode } from './progress.js';

/** What publish's library calls tell the terminal: each progress event, and the end of the run. */
export interface PublishProgressView {
  update: (p: PublishProgress) => void;
  end: () => void;
}

/**
 * Publish on the shared progress display (stderr): a bar on a TTY; plain lines per 10 % on a pipe outside CI
 * (issue 7; --verbose brings them back in CI, issue 8); nothing with --quiet or --format json (as every command). The label is the
 * phase (sending, withdrawing); the tallies so far follow the numbers.
 */
export function publishProgress(lang: Lang, mode: OutputMode, stream: NodeJS.WriteStream = process.stderr): PublishProgressView {
  const progress = createProgress(t('publish.phase.send', lang), { mode, stream, lines: true });
  let phase: PublishProgress['phase'] = 'send';
  return {
    update(p) {
      if (!p.total) return;
      if (p.phase !== phase) {
        phase = p.phase;
        progress.phase(t(`publish.phase.${p.phase}`, lang), p.total);
      }
      progress.update(p.done, p.total, t('progress.publish-tally', lang, { accepted: p.accepted, rejected: p.rejected, unchanged: p.unchanged }));
    },
    end: () => progress.done(),
  };
}
