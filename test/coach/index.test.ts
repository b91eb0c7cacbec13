import { describe, expect, it } from 'vitest';
import { ACTION_NAMES, createActions } from '../../src/coach/index.js';
import { ErrorCode, hasCode } from '../../src/core/errors.js';
import type { FlowRegistry } from '../../src/flow/schema.js';
import { contentDataOf, readContentData } from '../support/catalogs.js';

function registryWith(data: FlowRegistry['data']): FlowRegistry {
  return { flows: new Map(), catalogs: new Map(), data, sources: {} };
}

function errorOf(build: () => unknown): unknown {
  try {
    build();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('createActions', () => {
  it('should build exactly the actions ACTION_NAMES announces to the flow linter', () => {
    const actions = createActions(registryWith(readContentData()));
    expect([...actions.keys()]).toEqual([...ACTION_NAMES]);
    for (const action of actions.values()) expect(action).toBeTypeOf('function');
  });

  it('should refuse a broken prompts file, naming the file and the field', () => {
    const real = readContentData();
    const data = contentDataOf({
      prompts: [
        { id: 'self-x', theme: 'self', sources: ['003'], reflection: 'Too short.', action: 'Fine action here.' },
      ],
      'draft-review': real.get('draft-review')?.value,
    });
    const error = errorOf(() => createActions(registryWith(data)));
    expect(hasCode(error, ErrorCode.FlowParse)).toBe(true);
    expect(String(error)).toContain('flows/locales/en/data/prompts.yaml: 0.reflection');
  });

  it('should ask for a missing data file by its path', () => {
    const prompts = readContentData().get('prompts')?.value;
    const listen = readContentData().get('listen')?.value;
    const error = errorOf(() => createActions(registryWith(contentDataOf({ prompts, listen }))));
    expect(hasCode(error, ErrorCode.FlowParse)).toBe(true);
    expect(String(error)).toContain('locales/en/data/draft-review.yaml is missing');
  });
});
