import { z } from 'zod';
import { SteadyError, ErrorCode } from '../core/errors.js';
import { compilePattern } from './compile.js';
import { RuleSchema, type Rule, type RuleData } from './rule-schema.js';
import { METHOD_RULES, SELF_HARM_RULES, SUICIDE_RULES } from './rules-self.js';
import { ABUSED_RULES, HARM_OTHERS_RULES, LEGAL_RULES, STALKING_RULES } from './rules-others.js';
import { AMBIGUOUS_RULES, DISTRESS_RULES, THIRD_PARTY_RULES } from './rules-mood.js';

/** A rule ready to run: its data plus compiled expressions. */
export interface CompiledRule {
  rule: Rule;
  patterns: readonly RegExp[];
  unless: readonly RegExp[];
}

/** Every rule Steady screens with, as authored; strong rules first, weak ones last. */
export const RULE_DATA: readonly RuleData[] = [
  ...SUICIDE_RULES,
  ...METHOD_RULES,
  ...SELF_HARM_RULES,
  ...HARM_OTHERS_RULES,
  ...ABUSED_RULES,
  ...STALKING_RULES,
  ...LEGAL_RULES,
  ...THIRD_PARTY_RULES,
  ...DISTRESS_RULES,
  ...AMBIGUOUS_RULES,
];

const RuleListSchema = z.array(RuleSchema).superRefine((rules, ctx) => {
  const seen = new Set<string>();
  rules.forEach((rule, index) => {
    if (seen.has(rule.id))
      ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate rule id '${rule.id}'` });
    seen.add(rule.id);
    if (rule.tier === undefined && rule.gate === undefined && rule.category !== 'thirdParty') {
      ctx.addIssue({
        code: 'custom',
        path: [index],
        message: `rule '${rule.id}' needs a tier or a gate, or it can never change anything`,
      });
    }
  });
});

/** Validates and compiles rule data; throws a SteadyError naming the rule and pattern at fault. */
export function compileRules(data: readonly RuleData[]): CompiledRule[] {
  const parsed = RuleListSchema.safeParse(data);
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new SteadyError(ErrorCode.Config, `Safety rules are invalid (${where}); fix src/safety/rules-*.ts.`);
  }
  return parsed.data.map((rule) => ({
    rule,
    patterns: rule.patterns.map((p) => compileOne(rule.id, p)),
    unless: rule.unless.map((p) => compileOne(rule.id, p)),
  }));
}

function compileOne(id: string, pattern: string): RegExp {
  try {
    return compilePattern(pattern);
  } catch (error) {
    throw new SteadyError(
      ErrorCode.Config,
      `Safety rule '${id}' has a pattern that does not compile (${pattern}); fix it in src/safety/rules-*.ts.`,
      { cause: error },
    );
  }
}

/** The compiled rules, built once when the module loads so a broken rule fails at start-up. */
export const RULES: readonly CompiledRule[] = compileRules(RULE_DATA);
