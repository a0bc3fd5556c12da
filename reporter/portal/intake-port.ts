/**
 * The intake service as the portal calls it (reporter/intake, engineer `harden`): one file's bytes,
 * when and how it was received, and the unit of the link it came through → a recorded verdict.
 */

export type ReceivedVia = 'upload' | 'pane';

export interface PortalVerdict {
  outcome: 'accepted' | 'refused' | 'duplicate' | 'failed';
  unit: string | null;
  period: string | null;
  version: number | null;
  findings: { level: 'error' | 'warning'; sheet: string; cell: string; message: string; code?: string }[];
  file: string;
  /** For a duplicate: what the same bytes were recorded as before. */
  recorded?: 'accepted' | 'refused' | null;
  failure?: { stop: boolean; message: string };
}

export interface PortalIntake {
  submit(request: {
    bytes: Uint8Array;
    name: string;
    received: { at: string; source: ReceivedVia };
    unit: string;
  }): Promise<PortalVerdict>;
}

/** What `POST <unit url>/returns` answers with `Accept: application/json` (issue 14, item 2). */
export function unitAnswer(v: PortalVerdict) {
  return {
    outcome: v.outcome,
    unit: v.unit,
    period: v.period,
    version: v.version,
    findings: v.findings.map(({ level, sheet, cell, message }) => ({ level, sheet, cell, message })),
    ...(v.failure ? { message: v.failure.message } : {}),
  };
}
