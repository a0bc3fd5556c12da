/**
 * The one place the add-in binds to core/rules: the same rule set collect enforces, imported, not
 * copied.
 */
import { checkWorkbook } from '../core/rules/index.js';
import type { IssuedFills, RuleSet } from './engine.js';

export const ruleSet: RuleSet = checkWorkbook;

/** reporter/issue/styles.ts INPUT_FILL and LOCKED_FILL; tests/addin-engine.test.ts keeps them equal. */
export const ISSUED_FILLS: IssuedFills = { input: '#FFF7D6', locked: '#F2F2F2' };
