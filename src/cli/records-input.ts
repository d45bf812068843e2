import type { CatalogRecord } from '../model/record.js';
import { InputError } from '../model/jsonl.js';
import { loadCatalogue } from '../package/load.js';
import { t } from '../i18n/messages.js';
import type { Lang } from '../i18n/lang.js';
import { CliError, EXIT } from './context.js';

/**
 * Read the records of every input (.json/.jsonl, or a registration package) for pack/export/diff.
 * Unreadable input → CliError (exit 2); an invalid package → CliError (exit 1) naming the first problem.
 */
export async function readInputs(files: string[], lang: Lang): Promise<CatalogRecord[]> {
  const out: CatalogRecord[] = [];
  for (const file of files) {
    try {
      const c = await loadCatalogue(file, { lang, revalidate: false });
      if (c.package && !c.package.valid) {
        const first = c.package.issues.find((i) => i.severity === 'error');
        throw new CliError(`${file}: ${first?.message ?? 'invalid package'} (run: catalog verify ${file})`, EXIT.INVALID);
      }
      out.push(...c.records);
    } catch (err) {
      if (err instanceof InputError) throw new CliError(t(err.code, lang, err.params));
      throw err;
    }
  }
  return out;
}
