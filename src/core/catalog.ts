import { ErrorCode, SteadyError } from './errors.js';
import type { Message } from './messages.js';

// A catalog is one namespace of messages (`engine`, `safety`, `telegram`...) loaded from
// flows/locales/<locale>/<namespace>.yaml. The code that says them declares a spec: the keys it uses and
// the placeholders each takes. Binding checks one against the other, so a missing key, a key nobody
// says, or a placeholder that does not match fails at start-up and in `npm run flows:check`.

/** The keys one part of Steady says, each with the placeholder names its message must use. */
export type MessageSpec = Readonly<Record<string, readonly string[]>>;

/** The messages of one namespace, by key. */
export type Catalog = ReadonlyMap<string, Message>;

/** Every namespace's catalog, by namespace. */
export type Catalogs = ReadonlyMap<string, Catalog>;

/** A spec's namespace and keys together, as the checker and the binder take them. */
export interface NamedSpec<S extends MessageSpec = MessageSpec> {
  namespace: string;
  spec: S;
}

type PlaceholderValues<P extends readonly string[]> = { readonly [K in P[number]]: string | number };

/** The arguments `text()` takes for a key: none for a plain sentence, else one value per placeholder. */
export type TextArgs<P extends readonly string[]> = P extends readonly [] ? [] : [PlaceholderValues<P>];

/** The messages of a spec, checked against their catalog; `text` formats one. */
export interface Texts<S extends MessageSpec> {
  readonly namespace: string;
  text<K extends keyof S & string>(key: K, ...values: TextArgs<S[K]>): string;
}

/** What is wrong between a catalog and the spec of the code that says it. */
export interface CatalogProblem {
  code: 'missing-catalog' | 'missing-key' | 'unused-key' | 'placeholder-mismatch';
  namespace: string;
  key?: string;
  message: string;
}

/** Declares a spec; the `const` parameter keeps the placeholder names as literal types. */
export function defineMessages<const S extends MessageSpec>(namespace: string, spec: S): NamedSpec<S> {
  return { namespace, spec };
}

/** Every problem between `catalogs` and the specs; namespaces no spec names are reported as unused. */
export function checkCatalogs(specs: readonly NamedSpec[], catalogs: Catalogs): CatalogProblem[] {
  const named = new Set(specs.map((s) => s.namespace));
  const orphans: CatalogProblem[] = [...catalogs.keys()]
    .filter((namespace) => !named.has(namespace))
    .map((namespace) => ({
      code: 'unused-key',
      namespace,
      message: `Catalog '${namespace}' is said by no part of Steady; remove the file or declare its keys with defineMessages.`,
    }));
  return [...specs.flatMap((s) => checkCatalog(s, catalogs.get(s.namespace))), ...orphans];
}

function checkCatalog({ namespace, spec }: NamedSpec, catalog: Catalog | undefined): CatalogProblem[] {
  if (catalog === undefined) {
    return [
      { code: 'missing-catalog', namespace, message: `Catalog '${namespace}' is missing; create ${namespace}.yaml.` },
    ];
  }
  const problems: CatalogProblem[] = [];
  for (const [key, wanted] of Object.entries(spec)) {
    const message = catalog.get(key);
    if (message === undefined) {
      problems.push({
        code: 'missing-key',
        namespace,
        key,
        message: `${namespace}.${key} is said but missing; add it.`,
      });
    } else if (!samePlaceholders(message.variables, wanted)) {
      problems.push(mismatch(namespace, key, message.variables, wanted));
    }
  }
  for (const key of catalog.keys()) {
    if (!(key in spec)) {
      problems.push({ code: 'unused-key', namespace, key, message: `${namespace}.${key} is never said; remove it.` });
    }
  }
  return problems;
}

function samePlaceholders(found: readonly string[], wanted: readonly string[]): boolean {
  return found.length === wanted.length && wanted.every((name) => found.includes(name));
}

function mismatch(namespace: string, key: string, found: readonly string[], wanted: readonly string[]): CatalogProblem {
  const list = (names: readonly string[]): string => (names.length ? names.map((n) => `{$${n}}`).join(', ') : 'none');
  return {
    code: 'placeholder-mismatch',
    namespace,
    key,
    message: `${namespace}.${key} uses ${list(found)} but the code fills ${list(wanted)}; make them match.`,
  };
}

/** Binds a spec to its catalog; throws a Catalog error listing every problem when they do not match. */
export function bindTexts<S extends MessageSpec>(named: NamedSpec<S>, catalogs: Catalogs): Texts<S> {
  const problems = checkCatalog(named, catalogs.get(named.namespace));
  if (problems.length > 0) throw catalogError(problems);
  const catalog = catalogs.get(named.namespace) as Catalog;
  return {
    namespace: named.namespace,
    text(key, ...values) {
      return (catalog.get(key) as Message).format(values[0] ?? {});
    },
  };
}

/** One error for a list of catalog problems, each on its own line. */
export function catalogError(problems: readonly CatalogProblem[]): SteadyError {
  const lines = problems.map((p) => `- ${p.message}`).join('\n');
  return new SteadyError(ErrorCode.Catalog, `The message catalogs do not match the code:\n${lines}`);
}
