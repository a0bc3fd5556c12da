/** The three monthly 双公示 rates (task 4) are ordinary ratio indicators with these codes. */
export const DUAL_PUBLICITY_INDICATORS = {
  compliance: 'T04-1',
  timeliness: 'T04-2',
  completeness: 'T04-3',
} as const;
