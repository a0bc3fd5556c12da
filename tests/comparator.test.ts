import { describe, expect, it } from 'vitest';
import { meetsTarget } from '../core/plan/comparator.js';

describe('meetsTarget', () => {
  it('keeps the seed comparators apart at the boundary', () => {
    expect(meetsTarget(0.5, '>', 0.5)).toBe(false); // task 10: 比值 > 0.5
    expect(meetsTarget(0.5, '>=', 0.5)).toBe(true); // task 7: 纳税 ≥ 0.5
    expect(meetsTarget(0.02, '<', 0.02)).toBe(false); // task 11: 中级及以下 < 2%
    expect(meetsTarget(0.0001, '<=', 0.0001)).toBe(true); // task 4: 重错码率 "以下" includes the number
  });

  it('ignores float noise of ratios computed from counts, not real shortfalls', () => {
    expect(meetsTarget(0.1 + 0.2, '>=', 0.3)).toBe(true);
    expect(meetsTarget(7 / 100, '>=', 0.07)).toBe(true);
    expect(meetsTarget(0.0999, '>=', 0.1)).toBe(false);
    expect(meetsTarget(20, '>=', 20)).toBe(true);
    expect(meetsTarget(19, '>=', 20)).toBe(false);
  });
});
