import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { createMetrics } from '../../src/ops/metrics.js';

// The alert rules and the dashboard in ops/ name only metrics Steady exports, so a renamed metric cannot
// leave an alert that never fires or a panel that stays empty.

// Series that come from Prometheus itself (`up`) or the blackbox exporter probing /readyz.
const EXTERNAL = new Set(['up', 'probe_success']);
const KEYWORDS = new Set(['by', 'without', 'or', 'and', 'unless', 'on', 'ignoring', 'bool', 'offset', 'group_left']);

const Rules = z.object({
  groups: z
    .array(
      z.object({
        name: z.string(),
        rules: z
          .array(
            z.object({
              alert: z.string().regex(/^Steady[A-Za-z]+$/),
              expr: z.string(),
              for: z.string().regex(/^\d+[smh]$/),
              labels: z.object({ severity: z.enum(['page', 'warn']) }),
              annotations: z.object({ summary: z.string().min(1), description: z.string().min(1) }),
            }),
          )
          .min(1),
      }),
    )
    .min(1),
});

const Dashboard = z.object({
  title: z.string(),
  uid: z.string(),
  panels: z.array(z.object({ title: z.string(), targets: z.array(z.object({ expr: z.string() })).min(1) })).min(1),
});

/** Every series name Steady's registry exposes, histograms with their _bucket, _sum and _count. */
async function exported(): Promise<Set<string>> {
  const text = await createMetrics().render();
  const names = new Set<string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    if (name === undefined) continue;
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(`${name}${suffix}`);
  }
  return names;
}

/** The series names a PromQL expression reads: label matchers, ranges, grouping and function calls left out. */
export function seriesOf(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '');
  const tokens = [...bare.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)];
  return tokens.filter((m) => m[2] === undefined && !KEYWORDS.has(m[1] ?? '')).map((m) => m[1] ?? '');
}

describe('operator files in ops/', () => {
  it('should read the series names of PromQL expressions', () => {
    expect(seriesOf('histogram_quantile(0.95, sum by (le) (rate(steady_x_bucket{job=~"$job"}[5m]))) > 2')).toEqual([
      'steady_x_bucket',
    ]);
    expect(seriesOf('absent(a_count) or sum(increase(b[1h])) == 0 and max(c) > 0')).toEqual(['a_count', 'b', 'c']);
  });

  it('should have alert rules that use only metrics Steady exports', async () => {
    const rules = Rules.parse(parse(readFileSync('ops/prometheus/steady-alerts.yml', 'utf8')));
    const names = await exported();
    for (const rule of rules.groups.flatMap((g) => g.rules)) {
      const used = seriesOf(rule.expr);
      expect(used.length, rule.alert).toBeGreaterThan(0);
      for (const series of used)
        expect(names.has(series) || EXTERNAL.has(series), `${rule.alert}: ${series}`).toBe(true);
    }
  });

  it('should have a dashboard whose panels use only metrics Steady exports', async () => {
    const dashboard = Dashboard.parse(JSON.parse(readFileSync('ops/grafana/steady-dashboard.json', 'utf8')));
    const names = await exported();
    for (const panel of dashboard.panels) {
      for (const target of panel.targets) {
        const used = seriesOf(target.expr);
        expect(used.length, panel.title).toBeGreaterThan(0);
        for (const series of used)
          expect(names.has(series) || EXTERNAL.has(series), `${panel.title}: ${series}`).toBe(true);
      }
    }
  });
});
