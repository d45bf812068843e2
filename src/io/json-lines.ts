import fs from 'node:fs';
import readline from 'node:readline';

/** One non-blank line of a JSON Lines file: its value, or why it is not JSON. */
export type JsonLine = { line: number; value: unknown; error?: undefined } | { line: number; error: string; value?: undefined };

/**
 * Stream the non-blank lines of a JSON Lines file (bounded memory), parsed; a BOM on the first line is ignored.
 * Parse failures are yielded, not thrown, so each caller reports them in its own terms. `onBytes` is told how many
 * more bytes of the file were read (progress by bytes: the stream's own count, no re-read).
 */
export async function* readJsonLines(file: string, onBytes?: (bytes: number) => void): AsyncGenerator<JsonLine> {
  const input = fs.createReadStream(file, { encoding: 'utf8' });
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  let told = 0;
  for await (const raw of rl) {
    line++;
    if (onBytes && input.bytesRead > told) {
      onBytes(input.bytesRead - told);
      told = input.bytesRead;
    }
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (!text.trim()) continue;
    try {
      yield { line, value: JSON.parse(text) };
    } catch (err) {
      yield { line, error: (err as Error).message.replace(/ in JSON at position \d+.*$/, '') };
    }
  }
}
