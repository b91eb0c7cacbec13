import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { readData } from '../../src/core/content.js';

const Schema = z.strictObject({ rules: z.array(z.string()).min(1) });
const data = new Map([
  ['good', { file: 'flows/locales/en/data/good.yaml', value: { rules: ['a'] } }],
  ['bad', { file: 'flows/locales/en/data/bad.yaml', value: { rules: [], extra: 1 } }],
]);

describe('readData', () => {
  it('should return a data file validated by its schema', () => {
    expect(readData(data, 'good', Schema)).toEqual({ rules: ['a'] });
  });

  it('should name the file and the field of every problem', () => {
    expect(() => readData(data, 'bad', Schema)).toThrow(/flows\/locales\/en\/data\/bad\.yaml: rules: Too small/);
    expect(() => readData(data, 'bad', Schema)).toThrow(/bad\.yaml: \(top\): Unrecognized key: "extra"/);
  });

  it('should say where to create a missing file', () => {
    expect(() => readData(data, 'prompts', Schema)).toThrow(
      'locales/en/data/prompts.yaml is missing; create it in the flows directory.',
    );
  });
});
