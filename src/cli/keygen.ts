import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { generateKeyPair, serializeKey, keyId, type SignatureAlgorithm } from '../index.js';
import { writeFileAtomic } from '../index.js';
import { asWriteError } from '../index.js';
import { t } from './text.js';
import { CliError, EXIT, langOf, print, type GlobalOptions } from './context.js';
import { FORMAT, choice } from './options.js';

const ALG = choice('--alg <algorithm>', ['ed25519', 'sm2'] as const);

/** Private key: created 0600 from the first byte (temp file + rename, never world-readable). */
function writePrivate(file: string, text: string): void {
  const tmp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw asWriteError(err, file);
  }
}

interface KeygenFlags extends GlobalOptions {
  alg: string;
  output: string;
  force?: boolean;
  format: string;
}

export function register(program: Command): void {
  program
    .command('keygen')
    .description('generate a signing key pair for packages')
    .requiredOption('-o, --output <file>', 'private key file; the public key goes to <file>.pub')
    .addOption(ALG.option('ed25519 | sm2', 'ed25519'))
    .option('--force', 'overwrite existing key files')
    .addOption(FORMAT.option('output: pretty | json (file names and key id; never the private key)', 'pretty'))
    .addHelpText('after', `
Examples:
  $ catalog keygen --alg ed25519 -o dept.key      # dept.key (PKCS#8 PEM, 0600) + dept.key.pub (SPKI PEM)
  $ catalog keygen --alg sm2 -o dept-sm2.key      # JSON with hex keys (sm-crypto format)
  $ catalog keygen -o dept.key --format json      # {"algorithm":"ed25519","keyId":"…","privateKeyFile":"dept.key",…}
Exit codes: 0 written, 2 usage error.`)
    .action(async (flags: KeygenFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as KeygenFlags;
      const lang = langOf(opts);
      const alg: SignatureAlgorithm = await ALG.parse(opts.alg, lang);
      await FORMAT.parse(opts.format, lang);
      const pub = `${opts.output}.pub`;
      for (const f of [opts.output, pub]) if (fs.existsSync(f) && !opts.force) throw new CliError(t('keygen.exists', lang, { file: f }));
      const key = await generateKeyPair(alg);
      const id = await keyId(key);
      writePrivate(opts.output, await serializeKey(key, 'private'));
      writeFileAtomic(pub, await serializeKey(key, 'public'));
      if (opts.format === 'json') {
        // the facts of the text output; the private key itself stays in its file
        print(JSON.stringify({
          algorithm: key.algorithm, keyId: id, privateKeyFile: opts.output, privateKeyMode: '0600', publicKeyFile: pub,
          experimental: key.algorithm === 'sm2',
        }, null, 2));
      } else if (!opts.quiet) {
        print(t('keygen.done', lang, { algorithm: key.algorithm, keyId: id, private: opts.output, public: pub }));
        if (key.algorithm === 'sm2') print(t('keygen.sm2-experimental', lang));
      }
      process.exitCode = EXIT.OK;
    });
}
