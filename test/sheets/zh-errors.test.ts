import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** English words commander or a usage error would print; identifiers, codes, flags and paths are allowed. */
const ENGLISH = /(?<![-\w/.])(error|unknown|option|missing|argument|arguments|required|run with|usage|did you mean|not found|is not)(?![-\w])/i;
const zh = (args: string[]) => runCli(args, { env: { LANG: 'zh_CN.UTF-8' } });

describe('commander\'s own errors under LANG=zh_CN.UTF-8', () => {
  it('an unknown flag, a missing argument, an unknown command and a missing file are all in Chinese (exit 2)', () => {
    for (const args of [['map', 'x.xlsx', '--bogus'], ['validate'], ['inspect', 'x.csv', '--sheet'], ['mpa'], ['inspect', 'no-such-file.xlsx']]) {
      const r = zh(args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      const text = r.stderr.replace(/--[\w-]+/g, '').replace(/\S*\.(xlsx|csv)/g, '');
      expect({ args, english: ENGLISH.exec(text)?.[0] }).toEqual({ args, english: undefined });
      expect(r.stderr).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
