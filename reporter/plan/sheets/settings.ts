import type { Plan } from '../../../core/plan/model.js';
import { checkPortalBaseUrl } from '../../portal/base-url.js';
import { SheetFindings } from '../findings.js';
import { fitRowHeights, readTable, setupTable, type Column } from '../table.js';
import {
  percentFormat,
  readInteger,
  readNumber,
  readPeriodCell,
  readText,
  readYesNo,
  type Plain,
  type Read,
} from '../values.js';
import type { SheetModule } from './types.js';

const NAME = '设置';

type SettingType = 'text' | 'optional-text' | 'url' | 'int' | 'fraction' | 'optional-period' | 'yes-no';

/** One row of 设置: `key` is a dotted path into Plan (e.g. `settings.returnDeadlineWorkingDay`). */
export interface SettingSpec {
  key: string;
  label: string;
  type: SettingType;
  min?: number;
  max?: number;
  explain: string;
  /** Added after plan.xlsx files were in use: a plan without the row reads it as empty. */
  addedLater?: true;
  /** Left out of the plan when empty (a setting the model treats as absent, not as ''). */
  omitEmpty?: boolean;
}

/** Every editable scalar of Plan outside the tables. A feature adding a setting adds a row here. */
export const SETTING_SPECS: SettingSpec[] = [
  {
    key: 'id',
    label: '工作要点编号',
    type: 'text',
    explain: '程序内部识别用，如 work-points-2024。下发填报表后请勿修改。',
  },
  {
    key: 'version',
    label: '版本号',
    type: 'int',
    min: 1,
    explain: '修改单位、任务或指标等影响填报表的内容后加 1。',
  },
  { key: 'year', label: '年度', type: 'int', min: 2000, max: 2100, explain: '工作要点所属年度，如 2024。' },
  {
    key: 'settings.firstPeriod',
    label: '启用期间',
    type: 'optional-period',
    addedLater: true,
    explain:
      '本年度开始使用本系统的第一个月，如 2026-09；留空表示1月。此前的月份不下发、不催报、不通报、不计入考核。',
  },
  { key: 'title', label: '标题', type: 'text', explain: '工作要点的标题，用于通报和考核文件。' },
  {
    key: 'city',
    label: '城市名称',
    type: 'text',
    explain:
      '本市名称，如 运城市。内置工作要点以 XX 代替城市名：填写后，生成的通报、填报表、回执中的“XX市”均改为本市名称，本表中的文字保持不变。',
  },
  {
    key: 'cityShortName',
    label: '城市简称',
    type: 'optional-text',
    explain: '“XX开发区”“信用XX”等处 XX 所指的名称，如 运城；留空则取城市名称去掉“市”字。',
    addedLater: true,
    omitEmpty: true,
  },
  {
    key: 'settings.returnDeadlineWorkingDay',
    label: '报送截止（次月第N个工作日）',
    type: 'int',
    min: 1,
    max: 23,
    explain: '每月填报表在次月第几个工作日截止报送（节假日和调休按国务院安排计算）。',
  },
  {
    key: 'settings.rectificationWorkingDays',
    label: '整改期限（工作日）',
    type: 'int',
    min: 1,
    explain: '通报点名单位自成文日期起多少个工作日内完成整改。',
  },
  {
    key: 'settings.dualPublicityWeights.compliance',
    label: '双公示权重：合规率',
    type: 'fraction',
    min: 0,
    max: 1,
    explain: '“双公示”综合排名中合规率的权重。三项权重之和应为 100%。',
  },
  {
    key: 'settings.dualPublicityWeights.timeliness',
    label: '双公示权重：及时率',
    type: 'fraction',
    min: 0,
    max: 1,
    explain: '“双公示”综合排名中及时率的权重。',
  },
  {
    key: 'settings.dualPublicityWeights.completeness',
    label: '双公示权重：完整率',
    type: 'fraction',
    min: 0,
    max: 1,
    explain: '“双公示”综合排名中完整率的权重。',
  },
  {
    key: 'settings.dualPublicityDueWorkingDays',
    label: '双公示归集时限（工作日）',
    type: 'int',
    min: 1,
    explain: '“双公示”信息应在作出决定后多少个工作日内归集平台。',
  },
  {
    key: 'settings.sheetPassword',
    label: '填报表保护密码',
    type: 'optional-text',
    explain: '下发的填报表中受保护工作表的密码；留空表示保护但不设密码。',
  },
  {
    key: 'settings.contactName',
    label: '联系人',
    type: 'optional-text',
    explain: '通报、回执和填报表中印出的信用办联系人姓名，如 王敏。',
  },
  {
    key: 'settings.contactPhone',
    label: '联系电话',
    type: 'optional-text',
    explain: '信用办联系电话，如 0359-2081234。联系人和电话都填写后，通报末尾印出联系人一行。',
  },
  {
    key: 'settings.contactEmail',
    label: '报送邮箱',
    type: 'optional-text',
    explain: '各单位报送填报表的邮箱。',
  },
  {
    key: 'settings.portalBaseUrl',
    label: '门户地址',
    type: 'url',
    addedLater: true,
    explain:
      '信用办门户的网址，如 https://xyk.example.gov.cn/creditwork 。下发的填报表据此写入各单位的专属报送地址；留空则不写。',
  },
  { key: 'document.issuer', label: '发文机关（落款）', type: 'text', explain: '通报落款的发文机关全称。' },
  {
    key: 'document.numberPrefix',
    label: '发文机关代字',
    type: 'text',
    explain: '发文字号中的机关代字，如 X信用办 → X信用办〔2024〕5号。',
  },
  { key: 'document.mainRecipients', label: '主送机关', type: 'text', explain: '通报的主送机关。' },
  {
    key: 'document.copyTo',
    label: '抄送机关',
    type: 'optional-text',
    explain: '版记中的抄送机关；留空则不印抄送。',
  },
  { key: 'document.printer', label: '印发机关', type: 'text', explain: '版记中的印发机关。' },
  {
    key: 'document.sealed',
    label: '落款加盖印章',
    type: 'yes-no',
    addedLater: true,
    explain:
      '填“是”：落款按加盖印章的公文排版（成文日期右空四字，署名以成文日期居中，留出印章位置）；填“否”或留空：按不加盖印章的公文排版（署名右空二字，成文日期首字比署名右移二字）。',
  },
  {
    key: 'document.pdf',
    label: '同时生成PDF',
    type: 'yes-no',
    addedLater: true,
    explain:
      '填“是”：每次生成通报和考核文件时，在同一文件夹另存一份 PDF（需安装 LibreOffice），便于打印和无法打开 .docx 的单位查看。',
  },
];

const COLUMNS: Column<'label' | 'value' | 'explain' | 'key'>[] = [
  { key: 'label', header: '设置项', width: 30, wrap: true },
  { key: 'value', header: '值', width: 50, wrap: true, required: true },
  { key: 'explain', header: '说明', width: 60, wrap: true, info: true },
  { key: 'key', header: '键名（程序用，请勿修改）', width: 40, required: true, aliases: ['键名'] },
];

function getPath(plan: Plan, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], plan);
}

function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts[parts.length - 1]] = value;
}

function readSetting(spec: SettingSpec, value: string | null, raw: Plain): Read<unknown> {
  const range = () => {
    if (spec.min !== undefined && spec.max !== undefined) return `${spec.min}–${spec.max}`;
    if (spec.min !== undefined) return `不小于 ${spec.min}`;
    return '';
  };
  switch (spec.type) {
    case 'text':
      return value ? { ok: true, value } : { ok: false, reason: '为空，请填写' };
    case 'optional-text':
      return { ok: true, value: value ?? '' };
    case 'url':
      // Empty stays absent, like a plan.xlsx from before the row existed.
      return value ? checkPortalBaseUrl(value) : { ok: true, value: undefined };
    case 'int': {
      const number = readInteger(raw);
      if (!number.ok) return { ok: false, reason: `应为整数（${range()}）` };
      if (
        (spec.min !== undefined && number.value < spec.min) ||
        (spec.max !== undefined && number.value > spec.max)
      ) {
        return { ok: false, reason: `超出范围，应为 ${range()} 的整数` };
      }
      return number;
    }
    case 'yes-no': {
      // Empty stays absent: 否.
      if (value === null) return { ok: true, value: undefined };
      const yes = readYesNo(raw);
      return yes.ok ? yes : { ok: false, reason: '应填“是”或“否”' };
    }
    case 'optional-period': {
      if (value === null) return { ok: true, value: undefined };
      const period = readPeriodCell(raw);
      return period ? { ok: true, value: period } : { ok: false, reason: '应为年月，如 2026-09，或留空' };
    }
    case 'fraction': {
      const number = readNumber(raw, true);
      if (!number.ok || number.value < 0 || number.value > 1)
        return { ok: false, reason: '应为 0%–100% 的百分数，如 40%' };
      return number;
    }
  }
}

export const settingsSheet: SheetModule = {
  name: NAME,
  purpose: '工作要点编号、年度、标题、城市，报送与整改期限，双公示权重，联系方式，发文设置。',
  guide: ['只修改“值”列。“键名”列供程序识别，请勿修改或删除。'],

  write(ws, plan) {
    setupTable(ws, COLUMNS, 1);
    for (const spec of SETTING_SPECS) {
      const stored = getPath(plan, spec.key) ?? null;
      const value = typeof stored === 'boolean' ? (stored ? '是' : '否') : stored;
      const row = ws.addRow({ label: spec.label, value, explain: spec.explain, key: spec.key });
      const cell = row.getCell('value');
      // Text settings stay text even when they look like numbers (a phone number must keep its digits).
      if (spec.type !== 'int' && spec.type !== 'fraction') cell.numFmt = '@';
      if (spec.type === 'fraction' && typeof value === 'number') cell.numFmt = percentFormat(value);
      if (spec.type === 'yes-no') {
        cell.dataValidation = { type: 'list', allowBlank: true, formulae: ['"是,否"'] };
      }
      cell.alignment = { horizontal: 'left', vertical: 'top', wrapText: true };
      row.getCell('key').font = { color: { argb: 'FF808080' } };
    }
    fitRowHeights(ws);
  },

  read(ws, ctx) {
    const findings = new SheetFindings(ctx.file, NAME);
    const rows = readTable(ws, COLUMNS, findings);
    if (!rows) return { plan: {}, findings: findings.list };

    const specs = new Map(SETTING_SPECS.map((spec) => [spec.key, spec]));
    const byLabel = new Map(SETTING_SPECS.map((spec) => [spec.label, spec]));
    const seen = new Map<string, string>();
    const result: Record<string, unknown> = {};
    let lastRow = 1;
    for (const row of rows) {
      lastRow = row.row;
      const keyText = readText(row.value('key'));
      const spec = specs.get(keyText) ?? (keyText ? undefined : byLabel.get(readText(row.value('label'))));
      if (!spec) {
        findings.warn(
          row.address('key'),
          'plan.unknown-setting',
          `未知设置项"${keyText || readText(row.value('label'))}"，已忽略：请核对键名，或删除该行`,
        );
        continue;
      }
      const first = seen.get(spec.key);
      if (first) {
        findings.error(
          row.address('key'),
          'plan.duplicate-setting',
          `设置项"${spec.label}"与 ${NAME}!${first} 重复：请删除其中一行`,
        );
        continue;
      }
      seen.set(spec.key, row.address('key'));
      const raw = row.value('value');
      const read = readSetting(spec, readText(raw) || null, raw);
      if (read.ok) {
        if (read.value !== undefined && !(spec.omitEmpty && read.value === ''))
          setPath(result, spec.key, read.value);
        ctx.places.set(`setting:${spec.key}`, { sheet: NAME, cell: row.address('value') });
      } else {
        findings.error(row.address('value'), 'plan.bad-setting', `设置项"${spec.label}"${read.reason}`);
      }
    }
    for (const spec of SETTING_SPECS) {
      if (seen.has(spec.key)) continue;
      if (spec.addedLater) continue;
      findings.error(
        `A${lastRow + 1}`,
        'plan.missing-setting',
        `缺少设置项"${spec.label}"：请在表末添加一行，“键名”列填 ${spec.key}，并填写“值”`,
      );
    }

    const year = result.year as number | undefined;
    const firstPeriod = (result.settings as { firstPeriod?: string } | undefined)?.firstPeriod;
    if (year !== undefined && firstPeriod !== undefined && Number(firstPeriod.slice(0, 4)) !== year) {
      findings.error(
        ctx.places.get('setting:settings.firstPeriod')?.cell ?? 'B2',
        'plan.bad-setting',
        `启用期间 ${firstPeriod} 不在年度 ${year} 内：请填写 ${year} 年的某个月，如 ${year}-09，或留空表示1月`,
      );
    }

    const weights = (result.settings as { dualPublicityWeights?: Record<string, number> } | undefined)
      ?.dualPublicityWeights;
    if (weights && Object.keys(weights).length === 3) {
      const sum = Object.values(weights).reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 1) > 1e-9) {
        const place = ctx.places.get('setting:settings.dualPublicityWeights.compliance');
        findings.error(
          place?.cell ?? 'B2',
          'plan.bad-setting',
          `“双公示”三项权重之和为 ${Number((sum * 100).toPrecision(10))}%：请调整合规率、及时率、完整率的权重，使之和为 100%`,
        );
      }
    }
    return { plan: result as Partial<Plan>, findings: findings.list };
  },
};
