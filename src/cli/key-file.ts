import fs from 'node:fs';
import { parseKey, KeyError, type KeyMaterial } from '../crypto/keys.js';
import { t } from './text.js';
import type { Lang } from '../i18n/lang.js';
import { CliError } from './context.js';

/** Read a key file for --sign / --public-key; a missing or unreadable key is a usage error (exit 2). */
export function readKeyFile(file: string, lang: Lang): KeyMaterial {
  if (!fs.existsSync(file)) throw new CliError(t('file-not-found', lang, { file }));
  try {
    return parseKey(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    if (err instanceof KeyError) throw new CliError(t('key.unreadable', lang, { file, detail: err.message }));
    throw err;
  }
}
