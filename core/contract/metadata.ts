import { isIsoDate } from '../calendar/iso-date.js';
import type { OfficeHoliday } from '../calendar/working-days.js';
import { indicatorDefinitionText, lockedTextCheck, taskContentText } from './cells.js';
import type { CellGrid, RawCell } from './grid.js';
import { canonicalText } from './grid.js';
import { METADATA_KEY_COLUMN, METADATA_VALUE_COLUMN, SHEETS, TEMPLATE_VERSION } from './layout.js';
import { sha256Hex } from './hash.js';
import { signMetadata } from './signature.js';
import type { UnitRows } from './unit-rows.js';

/**
 * The veryHidden metadata sheet: key in column A, value in column B, one field per row in the
 * order below (row = index + 2; row 1 is a header). Readers look keys up by name so an added field
 * never breaks an older reader.
 */

export const METADATA_SCHEMA = 'creditwork-workbook';

export interface WorkbookMetadata {
  schema: string;
  templateVersion: number;
  planId: string;
  planVersion: number;
  planYear: number;
  unitCode: string;
  unitName: string;
  /** YYYY-MM. */
  period: string;
  /** ISO timestamp. */
  issuedAt: string;
  /** ISO date of the return deadline. */
  deadline: string;
  /** SHA-256 hex of the locked cells (see lockedCells). */
  fingerprint: string;
  /** JSON of UnitRows, so the add-in can check without the plan. The reporter never trusts it. */
  rows: string;
  /** Stamped by the add-in when the user checks the workbook. */
  fillerName: string;
  fillerPhone: string;
  /** ISO timestamp of the add-in's last check. */
  checkedAt: string;
  /** One issue of one workbook: the same unit and period issued again gets another id. */
  issueId: string;
  /**
   * The unit's private portal address for the plan's year (`https://host/u/<secret>`), where the
   * pane's 提交 posts (`${portalUrl}/returns`); empty when the office issued without a portal.
   */
  portalUrl: string;
  /** `v1:` + HMAC-SHA256 with the workspace secret over unit, period, plan version and issue id. */
  signature: string;
  /**
   * JSON of the office's 节假日 rows (OfficeHoliday[]) for the period's year and the next, so the
   * pane counts working days to the deadline offline, even for a year chinese-days does not know.
   */
  holidays: string;
}

export type MetadataKey = keyof WorkbookMetadata;

export interface MetadataField {
  key: MetadataKey;
  label: string;
  /** Who writes the field: the reporter at issue, or the add-in while filling. */
  writer: 'issue' | 'addin';
  type: 'text' | 'number';
}

export const METADATA_FIELDS: readonly MetadataField[] = [
  { key: 'schema', label: '格式标识', writer: 'issue', type: 'text' },
  { key: 'templateVersion', label: '模板版本', writer: 'issue', type: 'number' },
  { key: 'planId', label: '工作要点标识', writer: 'issue', type: 'text' },
  { key: 'planVersion', label: '工作要点版本', writer: 'issue', type: 'number' },
  { key: 'planYear', label: '年度', writer: 'issue', type: 'number' },
  { key: 'unitCode', label: '单位代码', writer: 'issue', type: 'text' },
  { key: 'unitName', label: '单位名称', writer: 'issue', type: 'text' },
  { key: 'period', label: '填报期间', writer: 'issue', type: 'text' },
  { key: 'issuedAt', label: '下发时间', writer: 'issue', type: 'text' },
  { key: 'deadline', label: '报送截止日期', writer: 'issue', type: 'text' },
  { key: 'fingerprint', label: '锁定单元格指纹', writer: 'issue', type: 'text' },
  { key: 'rows', label: '填报行', writer: 'issue', type: 'text' },
  { key: 'fillerName', label: '填报人', writer: 'addin', type: 'text' },
  { key: 'fillerPhone', label: '联系电话', writer: 'addin', type: 'text' },
  { key: 'checkedAt', label: '最近校验时间', writer: 'addin', type: 'text' },
  // Added after the first release: appended, so the rows above stay where issued workbooks have them.
  { key: 'issueId', label: '下发编号', writer: 'issue', type: 'text' },
  { key: 'portalUrl', label: '网上报送地址', writer: 'issue', type: 'text' },
  { key: 'signature', label: '签名', writer: 'issue', type: 'text' },
  { key: 'holidays', label: '节假日安排', writer: 'issue', type: 'text' },
];

/** Sheet row of a field as issued; writers (the add-in stamping filler details) use this. */
export function metadataRow(key: MetadataKey): number {
  const index = METADATA_FIELDS.findIndex((f) => f.key === key);
  if (index < 0) throw new Error(`unknown metadata key ${key}`);
  return index + 2;
}

export const metadataValueAddress = (key: MetadataKey): string =>
  `${METADATA_VALUE_COLUMN}${metadataRow(key)}`;

/** Rows of the metadata sheet as [key, value] pairs, header first. */
export function metadataCells(meta: WorkbookMetadata): [string, string | number][] {
  return [['key', 'value'], ...METADATA_FIELDS.map((f): [string, string | number] => [f.key, meta[f.key]])];
}

export type MetadataResult =
  | { ok: true; metadata: Partial<WorkbookMetadata> & Pick<WorkbookMetadata, 'schema'> }
  | { ok: false; reason: string };

/** How far down the key column to look; generous so a future layout with more fields still reads. */
const METADATA_SCAN_ROWS = 60;

/**
 * Read what the metadata sheet says. It only identifies the workbook; whether that identity is
 * acceptable (known unit, right period, same plan) is for the caller to decide against its plan.
 */
export function readMetadata(grid: CellGrid): MetadataResult {
  if (!grid.hasSheet(SHEETS.metadata)) {
    return {
      ok: false,
      reason: `缺少隐藏工作表 ${SHEETS.metadata}：这不是本系统下发的填报表，请使用下发的原表填报`,
    };
  }
  const found: Partial<Record<MetadataKey, RawCell>> = {};
  const known = new Map(METADATA_FIELDS.map((f) => [f.key as string, f]));
  for (let row = 2; row <= METADATA_SCAN_ROWS; row++) {
    const key = canonicalText(grid.get(SHEETS.metadata, `${METADATA_KEY_COLUMN}${row}`)).trim();
    const field = known.get(key);
    if (field) found[field.key] = grid.get(SHEETS.metadata, `${METADATA_VALUE_COLUMN}${row}`);
  }
  if (canonicalText(found.schema ?? null) !== METADATA_SCHEMA) {
    return { ok: false, reason: `隐藏工作表 ${SHEETS.metadata} 的格式标识不符：请使用下发的原表填报` };
  }
  const metadata: Record<string, string | number> = {};
  for (const field of METADATA_FIELDS) {
    const raw = found[field.key];
    if (raw === undefined || raw === null) continue;
    const text = canonicalText(raw);
    metadata[field.key] = field.type === 'number' ? Number(text) : text;
  }
  return { ok: true, metadata: metadata as Partial<WorkbookMetadata> & { schema: string } };
}

export type MetadataInput = Omit<
  WorkbookMetadata,
  | 'schema'
  | 'templateVersion'
  | 'rows'
  | 'fillerName'
  | 'fillerPhone'
  | 'checkedAt'
  | 'issueId'
  | 'portalUrl'
  | 'signature'
  | 'holidays'
> & {
  rows: UnitRows;
  /** Default: derived from plan, unit, period and issue time (the same issue gives the same id). */
  issueId?: string;
  portalUrl?: string;
  /** The office's 节假日 rows the pane needs (see holidaysForPeriod); none: chinese-days alone. */
  holidays?: readonly OfficeHoliday[];
};

/**
 * The metadata of a workbook being issued. With the workspace secret it is signed; without one (a
 * workbook made outside a workspace, e.g. in a test) the signature is empty.
 */
export function buildMetadata(input: MetadataInput, secret?: string): WorkbookMetadata {
  const { issueId, portalUrl, holidays, ...fields } = input;
  const id = issueId ?? defaultIssueId(fields);
  return {
    ...fields,
    issueId: id,
    portalUrl: portalUrl ?? '',
    signature: secret
      ? signMetadata(
          { unitCode: fields.unitCode, period: fields.period, planVersion: fields.planVersion, issueId: id },
          secret,
        )
      : '',
    holidays: JSON.stringify((holidays ?? []).map(({ date, kind, name }) => ({ date, kind, name }))),
    schema: METADATA_SCHEMA,
    templateVersion: TEMPLATE_VERSION,
    // Long texts stay out (a cell holds at most 32,767 characters); a check of each lets the add-in
    // name a changed one exactly as collect does.
    rows: JSON.stringify({
      ...fields.rows,
      tasks: fields.rows.tasks.map((t) => ({
        ...t,
        text: '',
        contentCheck: lockedTextCheck(taskContentText(t)),
      })),
      indicators: fields.rows.indicators.map((i) => ({
        ...i,
        definition: '',
        definitionCheck: lockedTextCheck(indicatorDefinitionText(i)),
      })),
    }),
    fillerName: '',
    fillerPhone: '',
    checkedAt: '',
  };
}

/** The office's 节假日 rows a workbook carries; none when absent or unreadable (chinese-days alone). */
export function holidaysFromMetadata(meta: Partial<WorkbookMetadata>): OfficeHoliday[] {
  if (!meta.holidays) return [];
  try {
    const rows = JSON.parse(meta.holidays) as unknown;
    if (!Array.isArray(rows)) return [];
    return rows.filter(
      (r): r is OfficeHoliday =>
        !!r &&
        typeof r === 'object' &&
        isIsoDate((r as OfficeHoliday).date) &&
        ((r as OfficeHoliday).kind === 'off' || (r as OfficeHoliday).kind === 'work') &&
        typeof (r as OfficeHoliday).name === 'string',
    );
  } catch {
    return [];
  }
}

/** The add-in's view of the rows, parsed back from the metadata; undefined when absent or broken. */
export function rowsFromMetadata(meta: Partial<WorkbookMetadata>): UnitRows | undefined {
  if (!meta.rows) return undefined;
  try {
    const rows = JSON.parse(meta.rows) as UnitRows;
    return Array.isArray(rows.tasks) && Array.isArray(rows.indicators) ? rows : undefined;
  } catch {
    return undefined;
  }
}

/** 20 hex digits naming one issue of one workbook; deterministic so an issue can be replayed. */
function defaultIssueId(
  fields: Pick<WorkbookMetadata, 'planId' | 'planVersion' | 'unitCode' | 'period' | 'issuedAt'>,
): string {
  return sha256Hex(
    ['issue', fields.planId, fields.planVersion, fields.unitCode, fields.period, fields.issuedAt].join('\n'),
  ).slice(0, 20);
}
