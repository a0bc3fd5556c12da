import type { CellGrid } from '../../core/contract/grid.js';
import { SHEETS, TEMPLATE_VERSION } from '../../core/contract/layout.js';
import { readMetadata, type WorkbookMetadata } from '../../core/contract/metadata.js';
import { checkSignature } from '../../core/contract/signature.js';
import { unitRows, type UnitRows } from '../../core/contract/unit-rows.js';
import type { Finding, Plan } from '../../core/plan/model.js';
import { issuingPlan } from '../../core/plan/versions.js';

/**
 * Who sent the workbook and whether it is the workbook we issued: metadata says who, and the
 * locked cells are then checked by core/rules against rows from our own plan (never the metadata).
 * This is the one place a returned workbook's identity is accepted or refused, signature included.
 */

export type Identity =
  | { ok: true; unit: string; rows: UnitRows; metadata: Partial<WorkbookMetadata> }
  | { ok: false; unit: string | null; findings: Finding[] };

/** What the intake expects of the file: the period it is judged for, and the unit it came from. */
export interface Expectation {
  period: string;
  /** Unit code of the portal link the file came through; a workbook of another unit is refused. */
  unit?: string;
  /**
   * The workspace secret: with it, the signature must match (the metadata was not edited and the
   * office issued the workbook). A workspace that has never had one never signed anything.
   */
  secret?: string;
  /**
   * The plan versions recorded at issue (reporter/plan/history.ts planVersionsOfYear): a return is
   * judged against the version that issued it.
   */
  versions?: readonly Plan[];
}

export function identify(grid: CellGrid, plan: Plan, expect: Expectation, file: string): Identity {
  const { period, secret, versions = [] } = expect;
  const fail = (
    code: string,
    message: string,
    unit: string | null = null,
    sheet = '',
    cell = '',
  ): Identity => ({
    ok: false,
    unit,
    findings: [{ level: 'error', file, sheet, cell, code, message: `${file}：${message}` }],
  });
  const meta = readMetadata(grid);
  if (!meta.ok) return fail('collect.not-issued', meta.reason, expect.unit ?? null);
  const m = meta.metadata;
  // The workbook is judged against the plan version that issued it, as recorded when issued: a
  // target or a name changed since leaves it valid.
  const issuing = issuingPlan(plan, versions, m.planId, m.planVersion);
  const known = (issuing ?? plan).units.find((u) => u.code === m.unitCode);
  const unit = known ? known.code : null;
  const who = known ? `${known.name}（${known.code}）` : '';
  if (expect.unit !== undefined && m.unitCode !== expect.unit) {
    const sender = plan.units.find((u) => u.code === expect.unit);
    const owner = known ? who : `单位代码“${m.unitCode ?? ''}”`;
    return fail(
      'collect.other-unit',
      `这是 ${owner} 的填报表，不能通过${sender ? ` ${sender.name} ` : '本单位'}的报送地址提交。请填写信用办下发给本单位的填报表后再提交。`,
      expect.unit,
    );
  }
  if (m.templateVersion !== TEMPLATE_VERSION) {
    return fail(
      'collect.template-version',
      `填报表模板版本为 ${m.templateVersion ?? '（空）'}，当前为 ${TEMPLATE_VERSION}。请使用信用办本期下发的新表重新填写。`,
      unit,
    );
  }
  if (secret !== undefined) {
    const signed = checkSignature(m, secret);
    if (!signed.ok) return fail(`collect.${signed.code}`, signed.message, unit);
  } else if (m.signature) {
    // Our failure, not the unit's: thrown, so the file is reported as failed and left to re-run.
    throw new Error('工作区缺少密钥文件 workspace.key，无法核验填报表的签名。请从备份恢复该文件后重新收取');
  }
  if (!issuing) {
    return fail(
      'collect.plan-version',
      `填报表属于工作要点“${m.planId ?? '（空）'}”第 ${m.planVersion ?? '?'} 版，工作区没有这一版的下发记录（现行为“${plan.id}”第 ${plan.version} 版）。请使用本期下发的新表重新填写。`,
      unit,
    );
  }
  if (!known) {
    return fail(
      'collect.unknown-unit',
      `填报表中的单位代码“${m.unitCode ?? ''}”（${m.unitName ?? ''}）不在工作要点的单位名单中。请使用信用办下发给本单位的填报表。`,
    );
  }
  if (m.period !== period) {
    return fail(
      'collect.wrong-period',
      `这是 ${who} ${m.period ?? '（未知期间）'} 的填报表，不是本次收取的 ${period}。请使用 ${period} 下发的填报表填写。`,
      unit,
    );
  }
  for (const sheet of [SHEETS.tasks, SHEETS.indicators]) {
    if (!grid.hasSheet(sheet))
      return fail(
        'collect.missing-sheet',
        `缺少工作表“${sheet}”。请使用下发的原表填报，不要删除或改名工作表。`,
        unit,
      );
  }
  const rows = unitRows(issuing, known.code);
  return { ok: true, unit: known.code, rows, metadata: m };
}
