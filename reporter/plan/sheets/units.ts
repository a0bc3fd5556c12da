import type { Unit, UnitKind } from '../../../core/plan/model.js';
import { SheetFindings } from '../findings.js';
import { UNIT_KIND_LABELS, dropdown, readUnitKind } from '../labels.js';
import {
  listValidation,
  fitRowHeights,
  readTable,
  setupTable,
  validateColumn,
  type Column,
} from '../table.js';
import { unitKey } from '../../../core/plan/unit-names.js';
import { ReviewMarks, reviewColumn } from '../review-column.js';
import { readText, readYesNo } from '../values.js';
import type { SheetModule } from './types.js';

const NAME = '单位';

const COLUMNS: Column<'code' | 'name' | 'kind' | 'aliases' | 'dualPublicity' | 'review'>[] = [
  {
    key: 'code',
    header: '单位编码',
    width: 11,
    required: true,
    note: '每个单位唯一的短编码，用于文件名和数据库，如 S01、X03、K01。只用字母、数字、-、_。已下发后请勿修改。',
  },
  { key: 'name', header: '单位名称', width: 30, required: true, wrap: true },
  { key: 'kind', header: '单位类型', width: 14, required: true },
  {
    key: 'aliases',
    header: '别名',
    width: 36,
    wrap: true,
    note: '工作要点原文中该单位的其他写法，每行一个（在单元格内按 Alt+Enter 换行）。',
  },
  {
    key: 'dualPublicity',
    header: '双公示',
    width: 9,
    note: '该单位是否报送“双公示”信息并参加逐月排名：是/否。',
  },
  reviewColumn(
    '从工作要点导入时新增、需要核对的单位在此注明：核对名称、类型，或改为已有单位的别名后清空本格。',
  ),
];

const CODE_PATTERN = /^[A-Za-z0-9_-]+$/;

export const unitsSheet: SheetModule = {
  name: NAME,
  purpose: '责任单位名单：编码、名称、类型、别名，是否参加“双公示”排名。',
  guide: [
    '每行一个单位。单位编码唯一，下发填报表后请勿修改（文件名和历史数据按编码识别）。',
    '其他表中填写单位时，可以填编码、名称或别名。',
    '别名每行一个；单位类型和“双公示”请从下拉列表选择。',
  ],

  write(ws, plan) {
    setupTable(ws, COLUMNS, 2);
    for (const unit of plan.units) {
      ws.addRow({
        code: unit.code,
        name: unit.name,
        kind: UNIT_KIND_LABELS[unit.kind],
        aliases: unit.aliases.join('\n'),
        dualPublicity: unit.dualPublicity ? '是' : '否',
        review: unit.reviewNote ?? null,
      });
    }
    const kinds = Object.values(UNIT_KIND_LABELS);
    validateColumn(ws, COLUMNS, 'kind', listValidation(dropdown(kinds), `单位类型应为：${kinds.join('、')}`));
    validateColumn(ws, COLUMNS, 'dualPublicity', listValidation(dropdown(['是', '否']), '请选择“是”或“否”'));
    fitRowHeights(ws);
  },

  read(ws, ctx) {
    const findings = new SheetFindings(ctx.file, NAME);
    const rows = readTable(ws, COLUMNS, findings);
    if (!rows) return { plan: {}, findings: findings.list };

    const units: Unit[] = [];
    const marks = new ReviewMarks('单位', 'plan.unit-review');
    // Every code, name and alias in one namespace, since other sheets accept any of them.
    const owners = new Map<string, { row: number; what: string; cell: string }>();
    const claim = (text: string, row: number, what: string, cell: string): boolean => {
      const key = unitKey(text);
      const owner = owners.get(key);
      if (owner && owner.row !== row) {
        findings.error(
          cell,
          what === '单位编码' && owner.what === '单位编码'
            ? 'plan.duplicate-unit'
            : 'plan.duplicate-unit-name',
          `${what}"${text}"与 ${owner.cell} 的${owner.what}重复：编码、名称和别名在全表中必须唯一，请修改其中一个`,
        );
        return false;
      }
      if (!owner) owners.set(key, { row, what, cell: `${NAME}!${cell}` });
      return true;
    };

    for (const row of rows) {
      const code = readText(row.value('code'));
      const name = readText(row.value('name'));
      const kindText = readText(row.value('kind'));
      if (!code) {
        findings.error(
          row.address('code'),
          'plan.missing-value',
          '单位编码为空：请填写该单位唯一的编码，如 S35',
        );
        continue;
      }
      if (!CODE_PATTERN.test(code)) {
        findings.error(
          row.address('code'),
          'plan.bad-unit-code',
          `单位编码"${code}"含有不允许的字符：只用字母、数字、-、_`,
        );
      }
      if (!name)
        findings.error(row.address('name'), 'plan.missing-value', `单位 ${code} 的名称为空：请填写单位名称`);
      let kind: UnitKind | undefined;
      if (!kindText) {
        findings.error(
          row.address('kind'),
          'plan.missing-value',
          `单位 ${code} 的类型为空：请从下拉列表选择`,
        );
      } else {
        kind = readUnitKind(kindText);
        if (!kind) {
          findings.error(
            row.address('kind'),
            'plan.bad-unit-kind',
            `单位类型"${kindText}"无法识别：请填写 ${Object.values(UNIT_KIND_LABELS).join('、')} 之一`,
          );
        }
      }
      const aliases = readText(row.value('aliases'))
        .split(/[\n\r;；]+/)
        .map((alias) => alias.trim())
        .filter((alias) => alias !== '');
      const dualCell = row.value('dualPublicity');
      let dualPublicity = false;
      if (dualCell !== null) {
        const yes = readYesNo(dualCell);
        if (yes.ok) dualPublicity = yes.value;
        else
          findings.error(
            row.address('dualPublicity'),
            'plan.bad-yes-no',
            `“双公示”${yes.reason}：请选择“是”或“否”`,
          );
      }

      // A duplicate code would make every reference to it ambiguous: keep the first unit only.
      if (!claim(code, row.row, '单位编码', row.address('code'))) continue;
      if (name) claim(name, row.row, '单位名称', row.address('name'));
      for (const alias of aliases) claim(alias, row.row, '别名', row.address('aliases'));

      ctx.places.set(`unit:${code}`, { sheet: NAME, cell: row.address('code') });
      const unit: Unit = { code, name, kind: kind ?? 'city-department', aliases, dualPublicity };
      marks.read(row, code, unit);
      units.push(unit);
    }
    marks.warn(findings);
    if (units.length === 0) findings.error('A2', 'plan.no-units', '单位表中没有单位：请至少填写一个单位');
    return { plan: { units }, findings: findings.list };
  },
};
