import { ElementsError, loadElements, type ElementDictionary } from '../index.js';
import type { Lang } from '../index.js';
import { t } from './text.js';
import { CliError } from './context.js';

/** `--elements <file>`: the user's data-element dictionary before the common one; a bad file is a usage error (exit 2). */
export function elementsOf(file: string | undefined, lang: Lang): ElementDictionary {
  try {
    return loadElements(file);
  } catch (err) {
    if (err instanceof ElementsError) throw new CliError(t(err.code, lang, err.params));
    throw err;
  }
}
