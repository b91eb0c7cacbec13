import { describe, expect, expectTypeOf, it } from 'vitest';
import { bindTexts, checkCatalogs, defineMessages } from '../../src/core/catalog.js';
import { hasCode } from '../../src/core/errors.js';
import { catalogOf } from '../support/catalogs.js';

const SPEC = defineMessages('demo', { hello: ['name'], bye: [] });

describe('checkCatalogs', () => {
  it('should accept a catalog that has exactly the keys and placeholders the code says', () => {
    const catalogs = new Map([['demo', catalogOf({ hello: 'Hi {$name}.', bye: 'Bye.' })]]);
    expect(checkCatalogs([SPEC], catalogs)).toEqual([]);
  });

  it('should report a key said but missing, a key never said, and placeholders that do not match', () => {
    const catalogs = new Map([['demo', catalogOf({ hello: 'Hi {$nmae}.', extra: 'Unused.' })]]);
    expect(checkCatalogs([SPEC], catalogs).map((p) => [p.code, p.key])).toEqual([
      ['placeholder-mismatch', 'hello'],
      ['missing-key', 'bye'],
      ['unused-key', 'extra'],
    ]);
    expect(checkCatalogs([SPEC], catalogs)[0]?.message).toBe(
      'demo.hello uses {$nmae} but the code fills {$name}; make them match.',
    );
  });

  it('should report a missing catalog and a catalog no code says', () => {
    const catalogs = new Map([['stray', catalogOf({ a: 'A' })]]);
    expect(checkCatalogs([SPEC], catalogs).map((p) => [p.code, p.namespace])).toEqual([
      ['missing-catalog', 'demo'],
      ['unused-key', 'stray'],
    ]);
  });
});

describe('bindTexts', () => {
  it('should format a key with the values its placeholders need', () => {
    const texts = bindTexts(SPEC, new Map([['demo', catalogOf({ hello: 'Hi {$name}.', bye: 'Bye.' })]]));
    expect(texts.text('hello', { name: 'Ana' })).toBe('Hi Ana.');
    expect(texts.text('bye')).toBe('Bye.');
    expectTypeOf(texts.text).parameter(0).toEqualTypeOf<'hello' | 'bye'>();
  });

  it('should throw a Catalog error listing every problem', () => {
    let thrown: unknown;
    try {
      bindTexts(SPEC, new Map([['demo', catalogOf({ hello: 'Hi.' })]]));
    } catch (error) {
      thrown = error;
    }
    expect(hasCode(thrown, 'STEADY_CATALOG')).toBe(true);
    expect((thrown as Error).message.split('\n')).toEqual([
      'The message catalogs do not match the code:',
      '- demo.hello uses none but the code fills {$name}; make them match.',
      '- demo.bye is said but missing; add it.',
    ]);
  });
});
