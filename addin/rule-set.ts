/**
 * The one place the add-in binds to core/rules: the same rule set collect enforces, imported, not
 * copied.
 */
import { checkWorkbook } from '../core/rules/index.js';
import type { RuleSet } from './engine.js';

export const ruleSet: RuleSet = checkWorkbook;
