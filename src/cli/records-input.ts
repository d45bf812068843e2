import type { CatalogRecord, Issue } from '../index.js';
import { InputError, readRecordFile } from '../index.js';
import { isZipFile, loadCatalogue, renderIssue } from '../index.js';
import { t } from './text.js';
import type { Lang } from '../index.js';
import { CliError, EXIT } from './context.js';

/** An invalid package given as input (exit 1): its first error, and the command that lists them all. */
export function invalidPackage(file: string, issues: Issue[], lang: Lang): CliError {
  const first = issues.find((i) => i.severity === 'error');
  const detail = first ? renderIssue(first, lang).message : t('input.package-invalid-detail', lang);
  return new CliError(t('input.package-invalid', lang, { file, detail }), EXIT.INVALID);
}

/**
 * Read the records of every input (.json/.jsonl, or a registration package) for pack/export/diff.
 * Unreadable input → CliError (exit 2); an invalid package → CliError (exit 1) naming the first problem.
 */
export async function readInputs(files: string[], lang: Lang): Promise<CatalogRecord[]> {
  const out: CatalogRecord[] = [];
  for (const file of files) {
    try {
      const c = await loadCatalogue(file, { revalidate: false });
      if (c.package && !c.package.valid) {
        throw invalidPackage(file, c.package.issues, lang);
      }
      out.push(...c.records);
    } catch (err) {
      if (err instanceof InputError) throw new CliError(t(err.code, lang, err.params));
      throw err;
    }
  }
  return out;
}

/**
 * The records of every input as a stream, for commands that read large catalogues (pack, diff): record files
 * are read line by line; a package is verified (streaming) and its records held, as readInputs does.
 * `onFile` is told each file before it is read (progress).
 */
export async function* streamInputs(files: string[], lang: Lang, onFile?: (file: string) => void): AsyncGenerator<CatalogRecord> {
  for (const file of files) {
    onFile?.(file);
    try {
      if (await isZipFile(file)) {
        yield* await readInputs([file], lang);
        continue;
      }
      for await (const r of readRecordFile(file)) yield { ...r.record, provenance: r.record.provenance ?? { file: r.file, line: r.line } };
    } catch (err) {
      if (err instanceof InputError) throw new CliError(t(err.code, lang, err.params));
      throw err;
    }
  }
}
