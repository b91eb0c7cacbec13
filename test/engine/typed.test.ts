import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { phrasingProblems } from '../../src/engine/typed.js';
import { FlowSchema } from '../../src/flow/schema.js';

const flow = FlowSchema.parse(
  parse(`
id: f
version: 1
title: F
steps:
  - id: q
    type: choose
    text: When?
    save: vars.when
    options:
      - { id: a, label: A, understands: ["{days:0}", today] }
      - { id: b, label: B, understands: ["{dayz:1}", Today] }
`),
);

describe('phrasingProblems', () => {
  it('should refuse a value in braces it cannot read and warn of a phrasing under two options', () => {
    expect(phrasingProblems([flow])).toEqual([
      { error: true, where: "f/q option 'b'", message: expect.stringContaining("'{dayz:1}' is not a value") },
      { error: false, where: "f/q option 'b'", message: "'Today' is also a phrasing of option 'a'." },
    ]);
  });
});
