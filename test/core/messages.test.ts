import { describe, expect, it } from 'vitest';
import { hasCode } from '../../src/core/errors.js';
import { compileMessage, formatText } from '../../src/core/messages.js';

const PLURAL = `.input {$n :number}
.match $n
one {{{$n} check-in day}}
* {{{$n} check-in days}}`;

describe('compileMessage', () => {
  it('should fill placeholders, reaching into nested values with dotted names', () => {
    const message = compileMessage('Hi {$profile.name}, it is {$time}.', 'greeting');
    expect(message.variables).toEqual(['profile.name', 'time']);
    expect(message.format({ profile: { name: 'Sam' }, time: '07:30' })).toBe('Hi Sam, it is 07:30.');
  });

  it('should pick the plural form the number needs', () => {
    const message = compileMessage(PLURAL, 'streak');
    expect(message.variables).toEqual(['n']);
    expect([1, 2, 0].map((n) => message.format({ n }))).toEqual([
      '1 check-in day',
      '2 check-in days',
      '0 check-in days',
    ]);
    expect(message.format({ n: '1' })).toBe('1 check-in day');
  });

  it('should show a missing value as empty and a list joined with commas, never a raw placeholder', () => {
    const message = compileMessage('[{$a}] [{$b}] [{$c}]', 'blanks');
    expect(message.format({ b: ['x', 'y'], c: { nested: true } })).toBe('[] [x, y] []');
  });

  it('should keep apostrophes and plain text as written', () => {
    expect(compileMessage("You can't fail; it's fine.", 'plain').format()).toBe("You can't fail; it's fine.");
  });

  it('should leave variables a message declares itself out of the ones it needs', () => {
    const message = compileMessage('.local $twice = {$n :number} {{{$twice}}}', 'local');
    expect(message.variables).toEqual(['n']);
  });

  it('should refuse a broken message with the place and how to fix it', () => {
    let thrown: unknown;
    try {
      compileMessage('Hello {$name', 'flows/x.yaml: greeting');
    } catch (error) {
      thrown = error;
    }
    expect(hasCode(thrown, 'STEADY_MESSAGE_SYNTAX')).toBe(true);
    expect((thrown as Error).message).toMatch(
      /^flows\/x\.yaml: greeting: not a valid MessageFormat 2 message .*\{\$name\}/,
    );
  });
});

describe('formatText', () => {
  it('should return a text without placeholders unchanged and fill one with them', () => {
    expect(formatText('No placeholders here.')).toBe('No placeholders here.');
    expect(formatText('Every {$n} days', { n: 4 })).toBe('Every 4 days');
  });
});
