import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The image installs production dependencies only and runs compiled JavaScript, so nothing that compiles
// TypeScript at run time (tsx and the esbuild binary under it) may be among them.

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
};
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  license?: string;
};

describe('production dependencies', () => {
  it('should hold no TypeScript runner: tsx and esbuild are for development only', () => {
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
    expect(pkg.devDependencies.tsx).toMatch(/^\d+\.\d+\.\d+$/);
    const runtime = Object.entries(lock.packages).filter(
      ([path, entry]) => path !== '' && entry.dev !== true && entry.devOptional !== true,
    );
    const names = runtime.map(([path]) => path.replace(/^.*node_modules\//, ''));
    expect(names.filter((name) => name === 'tsx' || name === 'esbuild' || name.startsWith('@esbuild/'))).toEqual([]);
  });

  it('should name its licence, and ship it and a changelog', () => {
    expect(pkg.license).toBe('MIT');
    expect(readFileSync('LICENSE', 'utf8')).toMatch(/^MIT License/);
    expect(readFileSync('CHANGELOG.md', 'utf8')).toMatch(/^# Changelog/);
  });
});
