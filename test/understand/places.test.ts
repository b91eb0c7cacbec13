import { describe, expect, it } from 'vitest';
import { pickPlace, readPlace } from '../../src/understand/index.js';

describe('readPlace', () => {
  it.each([
    ['Boston', 'America/New_York'],
    ['Munich', 'Europe/Berlin'],
    ["I'm in London", 'Europe/London'],
    ['Portland, Oregon', 'America/Los_Angeles'],
    ['Glasgow, Scotland', 'Europe/London'],
    ['Auckland NZ', 'Pacific/Auckland'],
    ['Vancouver', 'America/Vancouver'],
  ])('should read %s as %s', (typed, zone) => {
    expect(readPlace(typed)).toEqual({ kind: 'zone', zone });
  });

  it('should list the places a name shared across zones may mean, and pick one by region', () => {
    const found = readPlace('Portland');
    expect(found.kind).toBe('ambiguous');
    if (found.kind !== 'ambiguous') return;
    expect(found.candidates.map((c) => c.zone)).toEqual(
      expect.arrayContaining(['America/Los_Angeles', 'America/New_York']),
    );
    expect(pickPlace(found.candidates, 'the one in Maine')).toBe('America/New_York');
    expect(readPlace('Springfield').kind).toBe('ambiguous');
  });

  it('should know nothing of words that name no city', () => {
    expect(readPlace('the moon')).toEqual({ kind: 'unknown' });
  });
});
