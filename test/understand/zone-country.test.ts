import { describe, expect, it } from 'vitest';
import { countryOfZone } from '../../src/understand/index.js';

describe('countryOfZone', () => {
  it.each([
    ['Europe/Dublin', 'ie'],
    ['Europe/London', 'gb'],
    ['America/New_York', 'us'],
    ['America/Toronto', 'ca'],
    ['America/Vancouver', 'ca'],
    ['Europe/Berlin', 'de'],
    ['Asia/Kolkata', 'in'],
    ['America/Sao_Paulo', 'br'],
    ['Asia/Tokyo', 'jp'],
  ])('should place the zone %s in %s', (zone, country) => {
    expect(countryOfZone(zone)).toBe(country);
  });

  it.each(['UTC', 'Etc/GMT+2', 'UTC+02:00', '', 'Not/AZone', undefined])('should place %j in no country', (zone) => {
    expect(countryOfZone(zone)).toBeUndefined();
  });
});
