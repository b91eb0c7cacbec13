import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, plainFromSlack, slackCommands } from '../../../adapters/slack/mrkdwn.js';

describe('escapeMrkdwn', () => {
  it('should turn &, < and > into entities, & first', () => {
    expect(escapeMrkdwn('<!channel> & <@U1|x> &lt;')).toBe('&lt;!channel&gt; &amp; &lt;@U1|x&gt; &amp;lt;');
  });
});

describe('plainFromSlack', () => {
  it('should show links by label or address, mentions by id, and decode entities last', () => {
    expect(
      plainFromSlack(
        '<https://a.example|a page> <https://b.example> <mailto:x@y.example> <@U123> <!date^1^{date}|today>',
      ),
    ).toBe('a page https://b.example x@y.example @U123 today');
    expect(plainFromSlack('&lt;3 &amp;lt;')).toBe('<3 &lt;');
  });
});

describe('slackCommands', () => {
  it('should rewrite /word into /steady word at word starts only', () => {
    expect(slackCommands('/menu, or (/help). Not a/b, 1/2 or https://x.example/path', '/steady')).toBe(
      '/steady menu, or (/steady help). Not a/b, 1/2 or https://x.example/path',
    );
    expect(slackCommands('/steady help', '/steady')).toBe('/steady help');
  });
});
