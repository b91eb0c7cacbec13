import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Every sentence a user reads lives in flows/ (flows, catalogs, content data), never in TypeScript.
// This test reads every string in src/ and adapters/ and reports the ones that look like prose a user
// would read. Strings that only operators and developers see are exempt by where they stand: errors
// thrown, log lines, process output of the CLIs, zod messages and doc text.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// Calls whose string arguments are for operators or developers, never shown in a chat.
const OPERATOR_CALLS =
  /^(?:new (?:\w*Error|SteadyError)|\w*\.(?:info|warn|error|debug|trace|fatal)|process\.(?:stdout|stderr)\.write|console\.\w+|output\.(?:out|err)|\w+\.(?:regex|refine|superRefine|describe)|z\.\w+|problems\.push|lines\.push|fail|reject|attemptRedis)$/;

// Modules whose every string is for flow authors or operators: lint and loader messages, Mermaid pages,
// the settings' explanations, metric help texts, and CLI output.
const DEVELOPER_FACING = /^(?:src\/flow\/|src\/cli\/|src\/ops\/|src\/core\/config\.ts$)/;

// Prose: at least four words, a capital or a sentence mark, more letters than anything else.
function looksLikeProse(text: string): boolean {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((w) => /[A-Za-z]{2,}/.test(w));
  if (words.length < 4) return false;
  if (/^[a-z0-9_.:/-]+$/i.test(text.trim())) return false;
  // Regular expression sources match what users write; they are not read by anyone.
  if (/\\b|\(\?[:!=<]/.test(text)) return false;
  return /^[A-Z]/.test(text.trim()) || /[.?!]\s|[.?!]$/.test(text.trim());
}

function callName(node: ts.Node): string | undefined {
  for (let current: ts.Node | undefined = node.parent; current; current = current.parent) {
    if (ts.isCallExpression(current) || ts.isNewExpression(current)) {
      const callee = current.expression.getText();
      return ts.isNewExpression(current) ? `new ${callee}` : callee;
    }
    if (ts.isBlock(current) || ts.isSourceFile(current)) return undefined;
  }
  return undefined;
}

function inThrowOrMessageProperty(node: ts.Node): boolean {
  for (let current: ts.Node | undefined = node.parent; current; current = current.parent) {
    if (ts.isThrowStatement(current)) return true;
    if (ts.isPropertyAssignment(current) && /^(?:message|hint|comment)$/.test(current.name.getText())) return true;
    if (ts.isBlock(current) || ts.isSourceFile(current)) return false;
  }
  return false;
}

function proseIn(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      // Only a template's own words count, not the code in its placeholders.
      const text = ts.isTemplateExpression(node)
        ? [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' X ')
        : node.text;
      const call = callName(node);
      const exempt = (call !== undefined && OPERATOR_CALLS.test(call)) || inThrowOrMessageProperty(node);
      if (!exempt && looksLikeProse(text)) {
        const line = sf.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        found.push(`${relative(ROOT, file)}:${line}: ${text.slice(0, 70)}`);
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
}

describe('words in data', () => {
  it('should find no sentence a user reads in the TypeScript of src/ and adapters/', async () => {
    const files = [...(await sourceFiles(join(ROOT, 'src'))), ...(await sourceFiles(join(ROOT, 'adapters')))];
    const found: string[] = [];
    for (const file of files) {
      if (DEVELOPER_FACING.test(relative(ROOT, file))) continue;
      found.push(...proseIn(file, await readFile(file, 'utf8')));
    }
    expect(found).toEqual([]);
  });

  it('should notice a sentence in a reply, and leave errors and logs alone', () => {
    const source = [
      `const reply = { kind: 'info', text: 'Thank you for telling me. I am here.' };`,
      `throw new SteadyError('X', 'The flows directory is missing; create it first.');`,
      `logger.warn({ user }, 'The send queue is slow to answer right now.');`,
      `const id = 'suicide.want-to-die';`,
    ].join('\n');
    expect(proseIn(join(ROOT, 'src/x.ts'), source)).toEqual(['src/x.ts:1: Thank you for telling me. I am here.']);
  });
});
