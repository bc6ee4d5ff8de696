import { readFileSync } from 'node:fs';

/** Reads a file from test/fixtures/ownership. */
export function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/ownership/${name}`, import.meta.url), 'utf8');
}
