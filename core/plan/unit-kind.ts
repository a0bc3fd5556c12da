/** What kind of unit carries out the plan; the scoring scheme groups units by it. */
export type UnitKind = 'credit-office' | 'city-department' | 'county' | 'development-zone';

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  'credit-office': '信用办',
  'city-department': '市直单位',
  county: '县(市、区)',
  'development-zone': '开发区',
};
