import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Catalog, Catalogs, MessageSpec, NamedSpec } from '../../src/core/catalog.js';
import type { ContentData } from '../../src/core/content.js';
import { compileMessage } from '../../src/core/messages.js';
import { CatalogFileSchema } from '../../src/flow/schema.js';

/** The real catalogs of `dir`/locales/en, compiled, so unit tests see the words users see. */
export function readCatalogs(dir = 'flows'): Catalogs {
  const base = join(dir, 'locales', 'en');
  const catalogs = new Map<string, Catalog>();
  for (const name of readdirSync(base).filter((n) => n.endsWith('.yaml'))) {
    catalogs.set(
      name.replace(/\.yaml$/, ''),
      catalogOf(CatalogFileSchema.parse(parse(readFileSync(join(base, name), 'utf8')))),
    );
  }
  return catalogs;
}

/** A catalog from key → MessageFormat 2 source pairs. */
export function catalogOf(sources: Readonly<Record<string, string>>): Catalog {
  return new Map(Object.entries(sources).map(([key, source]) => [key, compileMessage(source, key)]));
}

/** A catalog that says "ok" for every key of `named`, with `overrides` where a test needs its own words. */
export function stubCatalogs<S extends MessageSpec>(
  named: NamedSpec<S>,
  overrides: Partial<Record<keyof S & string, string>> = {},
): Catalogs {
  const sources = Object.fromEntries(
    Object.entries(named.spec).map(([key, names]) => [
      key,
      overrides[key as keyof S & string] ?? ['ok', ...names.map((n) => `{$${n}}`)].join(' '),
    ]),
  );
  return new Map([[named.namespace, catalogOf(sources)]]);
}

/** The real data files of `dir`/locales/en/data, parsed but not validated, as the loader hands them on. */
export function readContentData(dir = 'flows'): ReadonlyMap<string, ContentData> {
  const base = join(dir, 'locales', 'en', 'data');
  if (!existsSync(base)) return new Map();
  const names = readdirSync(base).filter((n) => n.endsWith('.yaml'));
  return new Map(
    names.map((name) => {
      const file = join(base, name);
      return [name.replace(/\.yaml$/, ''), { file, value: parse(readFileSync(file, 'utf8')) as unknown }];
    }),
  );
}

/** Data files made in the test, by name, as the loader would hand them on from `flows/locales/en/data/`. */
export function contentDataOf(values: Readonly<Record<string, unknown>>): ReadonlyMap<string, ContentData> {
  return new Map(
    Object.entries(values).map(([name, value]) => [name, { file: `flows/locales/en/data/${name}.yaml`, value }]),
  );
}
