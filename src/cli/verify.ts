import fs from 'node:fs';
import type { Command } from 'commander';
import { renderIssues, verifyPackageFile, type VerifyResult } from '../index.js';
import { createProgress, outputMode } from './progress.js';
import { t, tCode } from './text.js';
import { CliError, EXIT, langOf, print, type GlobalOptions } from './context.js';
import { readKeyFile } from './key-file.js';
import { FORMAT } from './options.js';

interface VerifyFlags extends GlobalOptions {
  publicKey?: string;
  format: string;
  revalidate: boolean;
  strict?: boolean;
}

function pretty(file: string, r: VerifyResult, lang: 'zh' | 'en'): string {
  const lines = renderIssues(r.issues, lang).map((i) => `${t(`word.${i.severity}`, lang)} ${i.code} [${i.params?.check ? tCode(`verify.check.${String(i.params.check)}`, lang) : ''}] ${String(i.params?.file ?? '')}\n  ${i.message}`);
  const errors = r.issues.filter((i) => i.severity === 'error').length;
  lines.push(r.valid
    ? t('verify.valid', lang, { file, records: r.recordCount, id: r.manifest?.packageId, signed: r.signature.valid ? t('verify.signed', lang, { algorithm: r.signature.algorithm, keyId: r.signature.keyId }) : '' })
    : t('verify.invalid', lang, { file, errors }));
  return lines.join('\n');
}

export function register(program: Command): void {
  program
    .command('verify')
    .description('verify a registration package: structure, checksums, signature, records')
    .argument('<package>', 'package file (*.catpkg.zip)')
    .option('--public-key <file>', 'trusted public key: the package must be signed with it')
    .option('--no-revalidate', 'skip re-validating the records against the profile')
    .option('--strict', 'the zip must be byte-for-byte what catalog pack writes (any changed byte is an error)')
    .addOption(FORMAT.option('output: pretty | json', 'pretty'))
    .addHelpText('after', `
Examples:
  $ catalog verify dept.catpkg.zip
  $ catalog verify dept.catpkg.zip --public-key key.pub --format json
Exit codes: 0 valid, 1 invalid package (each problem names the file and the check), 2 usage error.`)
    .action(async (file: string, flags: VerifyFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as VerifyFlags;
      const lang = langOf(opts);
      await FORMAT.parse(opts.format, lang);
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new CliError(t('file-not-found', lang, { file }));
      const publicKey = opts.publicKey ? await readKeyFile(opts.publicKey, lang) : undefined;
      // Streams the package: bytes read of the file drive the bar.
      const progress = createProgress(t('verify.progress', lang), { mode: outputMode(opts), unit: 'bytes' });
      let r: VerifyResult;
      try {
        r = await verifyPackageFile(file, { publicKey, revalidate: opts.revalidate, strict: opts.strict, onProgress: (done, total) => progress.update(done, total) });
      } finally {
        progress.done();
      }
      if (opts.format === 'json') print(JSON.stringify({ file, valid: r.valid, manifest: r.manifest ?? null, signature: r.signature, records: r.recordCount, issues: renderIssues(r.issues, lang) }, null, 2));
      else if (!opts.quiet || !r.valid) print(pretty(file, r, lang));
      process.exitCode = r.valid ? EXIT.OK : EXIT.INVALID;
    });
}
