import ExcelJS from 'exceljs';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitsToIssue } from '../core/contract/unit-rows.js';
import type { Plan } from '../core/plan/model.js';
import { periodStatus, type PeriodStatus } from '../reporter/collect/period-status.js';
import { collectInbox } from '../reporter/collect/run.js';
import { refreshPeriodReports } from '../reporter/collect/period-reports.js';
import { grantException, removeException } from '../reporter/exceptions/service.js';
import { findExceptions } from '../reporter/exceptions/store.js';
import { listAudit } from '../reporter/portal/audit.js';
import { openStore } from '../reporter/store/index.js';
import { UserError } from '../reporter/user-error.js';
import { createWorkspaceFolders, workspaceAt, type Workspace } from '../reporter/workspace.js';
import { filledWorkbook, PERIOD, testPlan } from './collect-fixtures.js';

// May 2024 is due on 7 June (5th working day; Dragon Boat Festival is 10 June).
const plan: Plan = testPlan();
const units = unitsToIssue(plan);
const [EXTENDED, EXEMPT, PAPER, SAVED_LATE, PLAIN_LATE, ON_TIME] = units;
const at = (text: string) => new Date(`${text}+08:00`);
const NOW = at('2024-06-20T12:00:00');

const root = mkdtempSync(path.join(os.tmpdir(), 'cw-exceptions-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function drop(ws: Workspace, unit: string, when: Date, inbox = ws.inbox, percent = 60): Promise<void> {
  const f = await filledWorkbook(plan, unit, { percent });
  const file = path.join(inbox, `${unit}-${percent}.xlsx`);
  writeFileSync(file, f.bytes);
  utimesSync(file, when, when);
}

const grant = (
  ws: Workspace,
  input: Omit<Parameters<typeof grantException>[2], 'period' | 'actor' | 'now'>,
) => {
  const store = openStore(ws);
  try {
    return grantException(store, plan, { period: PERIOD, actor: 'alice', now: NOW, ...input });
  } finally {
    store.close();
  }
};

function status(ws: Workspace, now = NOW): PeriodStatus {
  const store = openStore(ws);
  try {
    return periodStatus(plan, store, PERIOD, now);
  } finally {
    store.close();
  }
}
const unitOf = (s: PeriodStatus, code: string) => s.units.find((u) => u.code === code)!;

describe('exceptions the office grants, and honest received times', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = workspaceAt(path.join(root, 'month'));
    await createWorkspaceFolders(ws);
    // The extended unit and the unit nobody excused both send on 11 June, after the deadline.
    await drop(ws, EXTENDED, at('2024-06-11T10:00:00'));
    await drop(ws, PLAIN_LATE, at('2024-06-11T10:00:00'));
    await drop(ws, ON_TIME, at('2024-06-05T10:00:00'));
    await collectInbox({ workspace: ws, plan, period: PERIOD, now: () => at('2024-06-12T09:00:00') });
  });

  it('an extension granted after the file came makes it on time until the new date', () => {
    expect(unitOf(status(ws), EXTENDED).state).toBe('late');
    const e = grant(ws, {
      unit: EXTENDED,
      kind: 'extension',
      until: '2024-06-14',
      reason: '系统故障，经领导同意',
    });
    expect(e).toMatchObject({
      grantedBy: 'alice',
      grantedAt: NOW.toISOString(),
      reason: '系统故障，经领导同意',
    });
    const u = unitOf(status(ws), EXTENDED);
    expect(u).toMatchObject({ state: 'on-time', deadline: '2024-06-14', daysLate: 0 });
    expect(u.exceptions.extension?.id).toBe(e.id);
    expect(unitOf(status(ws), PLAIN_LATE)).toMatchObject({
      state: 'late',
      daysLate: 4,
      deadline: '2024-06-07',
    });
  });

  it('an exemption takes the unit out of the due list; status says so', () => {
    grant(ws, { unit: EXEMPT, kind: 'exemption', reason: '本月机构撤并，无工作数据' });
    const s = status(ws);
    expect(unitOf(s, EXEMPT).state).toBe('exempt');
    expect(s.exceptions.map((e) => e.kind).sort()).toEqual(['exemption', 'extension']);
  });

  it('a paper return counts from when the paper came; the typed-in workbook is filed with that time', async () => {
    const paperAt = at('2024-06-06T15:30:00');
    grant(ws, {
      unit: PAPER,
      kind: 'paper',
      receivedAt: paperAt.toISOString(),
      reason: '内网故障，报送纸质材料',
    });
    expect(unitOf(status(ws), PAPER)).toMatchObject({ state: 'on-time', paperPending: true });
    // The office types it in a week later.
    await drop(ws, PAPER, at('2024-06-13T16:00:00'));
    await collectInbox({ workspace: ws, plan, period: PERIOD, now: () => at('2024-06-13T17:00:00') });
    const u = unitOf(status(ws), PAPER);
    expect(u).toMatchObject({ state: 'on-time', paperPending: false, version: 1 });
    expect(u.received).toEqual({ at: paperAt.toISOString(), source: 'paper' });
    expect(u.latest).toMatchObject({
      receivedSource: 'paper',
      fileTime: at('2024-06-13T16:00:00').toISOString(),
    });
  });

  it('files saved into the inbox late keep their file time unless the office states when they came', async () => {
    const late = path.join(root, 'saved-late');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(late);
    // Saved from the mail client on 8 June; the mail came on 7 June.
    await drop(ws, SAVED_LATE, at('2024-06-08T09:00:00'), late);
    const stated = at('2024-06-07T17:45:00').toISOString();
    await collectInbox({
      workspace: ws,
      plan,
      period: PERIOD,
      inbox: late,
      receivedAt: stated,
      now: () => at('2024-06-13T18:00:00'),
    });
    const u = unitOf(status(ws), SAVED_LATE);
    expect(u).toMatchObject({ state: 'on-time', received: { at: stated, source: 'stated' } });
    expect(u.latest?.fileTime).toBe(at('2024-06-08T09:00:00').toISOString());
    // Without a statement the file time is the received time, and says so.
    expect(unitOf(status(ws), PLAIN_LATE).received?.source).toBe('file-time');
  });

  it('refuses a stated time later than a file was saved, recording nothing', async () => {
    const inbox = path.join(root, 'contradiction');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(inbox);
    await drop(ws, units[6], at('2024-06-05T09:00:00'), inbox);
    const before = status(ws).returns.length;
    await expect(
      collectInbox({
        workspace: ws,
        plan,
        period: PERIOD,
        inbox,
        receivedAt: at('2024-06-06T09:00:00').toISOString(),
        now: () => at('2024-06-13T18:00:00'),
      }),
    ).rejects.toThrow(/晚于收件目录中 1 个文件的文件时间/);
    expect(status(ws).returns.length).toBe(before);
    expect(readdirSync(inbox)).toHaveLength(1);
  });

  it('a correction sent long after keeps the unit late by its first return, not by the correction', async () => {
    await drop(ws, PLAIN_LATE, at('2024-12-02T10:00:00'), ws.inbox, 90);
    await collectInbox({ workspace: ws, plan, period: PERIOD, now: () => at('2024-12-02T11:00:00') });
    const u = unitOf(status(ws, at('2024-12-02T12:00:00')), PLAIN_LATE);
    expect(u).toMatchObject({ state: 'late', daysLate: 4, version: 2 });
  });

  it('the 汇总表 and receipts show state, time source and exceptions once refreshed', async () => {
    expect(await refreshPeriodReports(ws, plan, PERIOD, NOW)).not.toBeNull();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(ws.reports, PERIOD, `汇总表-${PERIOD}.xlsx`));
    const sheet = wb.getWorksheet('报送情况')!;
    const header = (sheet.getRow(3).values as unknown[]).map(String);
    const col = (name: string) => header.indexOf(name);
    const row = (code: string) => {
      let found: ExcelJS.Row | undefined;
      sheet.eachRow((r) => {
        if (r.getCell(1).value === code) found = r;
      });
      return found!;
    };
    expect(row(EXTENDED).getCell(col('报送状态')).value).toBe('按时报送');
    expect(row(EXTENDED).getCell(col('截止日期')).value).toBe('2024-06-14');
    expect(String(row(EXTENDED).getCell(col('例外（信用办批准）')).value)).toContain('延期至2024年6月14日');
    expect(row(EXEMPT).getCell(col('报送状态')).value).toBe('免报');
    expect(row(PAPER).getCell(col('时间依据')).value).toBe('纸质报送');
    expect(row(SAVED_LATE).getCell(col('时间依据')).value).toBe('信用办登记的收到时间');
    expect(row(PLAIN_LATE).getCell(col('逾期天数')).value).toBe(4);
    const exceptions = wb.getWorksheet('例外')!;
    const texts: string[] = [];
    exceptions.eachRow((r) => texts.push((r.values as unknown[]).join('|')));
    expect(texts.join('\n')).toContain('本月机构撤并，无工作数据');
    expect(texts.join('\n')).toContain('alice');

    const receiptFile = readdirSync(path.join(ws.reports, PERIOD, '回执')).find((f) =>
      f.startsWith(`${EXTENDED}-`),
    )!;
    const receipt = new ExcelJS.Workbook();
    await receipt.xlsx.readFile(path.join(ws.reports, PERIOD, '回执', receiptFile));
    const lines: string[] = [];
    receipt.worksheets[0].eachRow((r) => lines.push(String(r.getCell(1).value)));
    expect(lines.join('\n')).toContain('报送截止：2024-06-14（经批准延期，原截止 2024-06-07）');
    expect(lines.join('\n')).toContain('信用办批准：延期至2024年6月14日（原因：系统故障，经领导同意）');
    expect(lines.join('\n')).toContain('依据：收件目录文件时间');
  });

  it('withdrawing keeps the record with who and why, and the exception stops counting', () => {
    const store = openStore(ws);
    try {
      const extension = findExceptions(store, { period: PERIOD, unit: EXTENDED })[0];
      const removed = removeException(store, {
        id: extension.id,
        actor: 'bob',
        reason: '核实后不符合延期条件',
        now: NOW,
      });
      expect(removed).toMatchObject({ removedBy: 'bob', removedReason: '核实后不符合延期条件' });
      expect(() => removeException(store, { id: extension.id, actor: 'bob', reason: 'again' })).toThrow(
        /已于/,
      );
      expect(findExceptions(store, { period: PERIOD, unit: EXTENDED })).toEqual([]);
      expect(findExceptions(store, { period: PERIOD, unit: EXTENDED, withRemoved: true })).toHaveLength(1);
      const audit = listAudit(store.db).filter((e) => e.target === `${EXTENDED} ${PERIOD}`);
      expect(audit.map((e) => [e.action, e.actor])).toEqual([
        ['exception.remove', 'bob'],
        ['exception.grant', 'alice'],
      ]);
      expect(audit[0].detail).toContain('核实后不符合延期条件');
    } finally {
      store.close();
    }
    expect(unitOf(status(ws), EXTENDED).state).toBe('late');
  });

  it('refuses a second exception of a kind, unknown units and missing reasons with Chinese messages', () => {
    expect(() => grant(ws, { unit: EXEMPT, kind: 'exemption', reason: '再来一次' })).toThrow(UserError);
    expect(() => grant(ws, { unit: EXEMPT, kind: 'exemption', reason: '再来一次' })).toThrow(/已有免报/);
    expect(() => grant(ws, { unit: 'Z99', kind: 'exemption', reason: 'x' })).toThrow(/没有单位“Z99”/);
    expect(() => grant(ws, { unit: ON_TIME, kind: 'exemption', reason: ' ' })).toThrow(/--reason/);
    const office = plan.units.find((u) => u.kind === 'credit-office')!;
    expect(() => grant(ws, { unit: office.code, kind: 'exemption', reason: 'x' })).toThrow(
      /不报送月度填报表/,
    );
    // By name as well as by code.
    const name = plan.units.find((u) => u.code === ON_TIME)!.name;
    expect(grant(ws, { unit: name, kind: 'extension', until: '2024-06-20', reason: '按名称登记' }).unit).toBe(
      ON_TIME,
    );
  });
});
