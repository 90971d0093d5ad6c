/**
 * The kuromoji tokenizer with the IPADIC dictionary that ships inside the npm package
 * (node_modules/kuromoji/dict, nothing downloaded). Building it reads ~17 MB of compressed
 * dictionary and takes about half a second, so it is built once per process and shared.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import kuromoji from 'kuromoji';
import type { MorphTokenizer } from '../../core/redaction/types.ts';

let building: Promise<MorphTokenizer> | undefined;

export function dictionaryPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict');
}

export function loadJapaneseTokenizer(): Promise<MorphTokenizer> {
  building ??= new Promise<MorphTokenizer>((resolve, reject) => {
    kuromoji.builder({ dicPath: dictionaryPath() }).build((err, tokenizer) => {
      if (err) {
        building = undefined;
        reject(new Error(`形態素解析の辞書を読み込めません / cannot load the kuromoji dictionary: ${err.message}`));
      } else resolve(tokenizer);
    });
  });
  return building;
}
