import type { Command } from 'commander';
import { registerCatalogCompareCommand } from './catalog-compare.ts';
import { registerCatalogParseCommand } from './catalog-parse.ts';

/** `renkei catalog …`: works on files alone, without a server or database. */
export function registerCatalogCommands(program: Command): void {
  const catalog = program.command('catalog').description('規程・基準ファイルの解析と比較（サーバーやデータベースは不要）');
  registerCatalogParseCommand(catalog);
  registerCatalogCompareCommand(catalog);
}
