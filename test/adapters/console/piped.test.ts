import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// End to end: the real entry point, real flows/, memory store, stdin piped from a script.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const EXIT_WITHIN_MS = 10_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runSteady(script: string): Promise<Run> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(TELEGRAM_|DISCORD_|SLACK_|REDIS_URL$|STEADY_SECRET$|LOG_LEVEL$|FLOWS_DIR$)/.test(name),
    ),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end(script);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`steady did not exit within ${EXIT_WITHIN_MS} ms.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, EXIT_WITHIN_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('console adapter, piped', () => {
  it('should greet on /start with numbered choices, answer /help, and exit 0 at end of input', async () => {
    const run = await runSteady('/help\n');
    const context = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
    expect(run.code, context).toBe(0);
    expect(run.stdout, context).toContain('Steady');
    expect(run.stdout, context).toMatch(/^ {2}1\) \S/m);
    expect(run.stdout, context).toContain('/menu');
    expect(run.stdout, context).not.toContain('> '); // no prompt when stdin is not a terminal
    expect(run.stderr, context).not.toContain('Steady could not start');
  });
});
