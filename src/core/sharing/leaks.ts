/**
 * A scanner for tests and self-checks: which of the strings that identify an originator occur in an output.
 * Matching folds case and Unicode width (NFKC), so "TOWA-U.EXAMPLE" and full-width forms are caught.
 */
const fold = (s: string) => s.normalize('NFKC').toLowerCase();

export function findLeaks(output: string, secrets: readonly string[]): string[] {
  const o = fold(output);
  return [...new Set(secrets.filter((s) => s.trim().length >= 2 && o.includes(fold(s))))];
}
