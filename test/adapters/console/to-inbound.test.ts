import { describe, expect, it } from 'vitest';
import { toInbound } from '../../../adapters/console/to-inbound.js';

const NOW = 1_700_000_000_000;
const base = { id: 'console:7', platform: 'console', userId: 'local', address: 'terminal', at: NOW };

describe('toInbound', () => {
  it('should map a slash command with lower-cased name and trimmed args', () => {
    expect(toInbound('  /Menu  some args ', 7, NOW)).toEqual({
      ...base,
      kind: 'command',
      command: 'menu',
      args: 'some args',
    });
  });

  it('should map a bare command with empty args', () => {
    expect(toInbound('/start', 7, NOW)).toEqual({ ...base, kind: 'command', command: 'start', args: '' });
  });

  it('should map a number or a label to text for the engine to resolve', () => {
    expect(toInbound('2', 7, NOW)).toEqual({ ...base, kind: 'text', text: '2' });
    expect(toInbound(' Not great ', 7, NOW)).toEqual({ ...base, kind: 'text', text: 'Not great' });
  });

  it('should treat a lone slash as text', () => {
    expect(toInbound('/', 7, NOW)).toEqual({ ...base, kind: 'text', text: '/' });
  });

  it('should ignore empty and blank lines', () => {
    expect(toInbound('', 7, NOW)).toBeUndefined();
    expect(toInbound('   \t', 7, NOW)).toBeUndefined();
  });

  it('should put the run id in the event id when given', () => {
    expect(toInbound('hi', 3, NOW, 'abc')?.id).toBe('console:abc:3');
  });
});
