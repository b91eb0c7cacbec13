import { readFileSync } from 'node:fs';

/** A recorded Telegram update from test/fixtures/telegram/, parsed fresh each time. */
export function fixture(name: string): Record<string, unknown> {
  const url = new URL(`../../fixtures/telegram/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
}
