import fs from 'node:fs';
import { isCatalogError, parseKey, type KeyMaterial } from '../index.js';
import { t, tCode } from './text.js';
import type { Lang } from '../index.js';
import { CliError } from './context.js';

/** Read a key file for --sign / --public-key; a missing or unreadable key is a usage error (exit 2). */
export async function readKeyFile(file: string, lang: Lang): Promise<KeyMaterial> {
  if (!fs.existsSync(file)) throw new CliError(t('file-not-found', lang, { file }));
  try {
    return await parseKey(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    if (isCatalogError(err, 'KeyError')) throw new CliError(t('key.unreadable', lang, { file, detail: tCode(err.msg, lang, err.params) }));
    throw err;
  }
}
