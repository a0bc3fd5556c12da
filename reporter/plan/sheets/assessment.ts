import { isDeepStrictEqual } from 'node:util';
import { checkScheme, type SchemeProblem } from '../../../core/assessment/check.js';
import {
  CATEGORY_KIND_LABELS,
  METHOD_LABELS,
  METHOD_PARAMETER,
  defaultScoringScheme,
  type CategoryKind,
  type GradeBand,
  type ScoringCategory,
  type ScoringGroup,
  type ScoringItem,
  type ScoringMethod,
  type ScoringScheme,
} from '../../../core/assessment/scheme.js';
import type { Plan, UnitKind } from '../../../core/plan/model.js';
import { SheetFindings } from '../findings.js';
import { UNIT_KIND_LABELS, dropdown, readUnitKind } from '../labels.js';
import {
  listValidation,
  readTable,
  setupTable,
  validateColumn,
  type Column,
  type TableRow,
} from '../table.js';
import { readNumber, readText, readYesNo, splitList, toHalfWidth } from '../values.js';
import type { SheetModule } from './types.js';

const NAME = '考核';

/**
 * The year-end scoring scheme as one table: a 类型 column says what each row is (设置, 分组, 类别, 项目,
 * 等次), so the office sees the whole 考核办法 on one sheet and adds a row to add an item.
 */

type Key = 'type' | 'id' | 'name' | 'category' | 'method' | 'points' | 'parameter' | 'groups' | 'description';

const COLUMNS: Column<Key>[] = [
  { key: 'type', header: '类型', width: 8, required: true, note: '设置、分组、类别、项目、等次' },
  {
    key: 'id',
    header: '编号',
    width: 8,
    required: true,
    note: '项目编号用于核对信用办审核分，年度内请勿改动',
  },
  { key: 'name', header: '名称', width: 24, wrap: true, required: true },
  { key: 'category', header: '所属类别', width: 10, note: '项目行：填写类别行的编号，如 C1' },
  {
    key: 'method',
    header: '计分方法',
    width: 14,
    note: '类别行：基础分、加分、扣分、一票否决；项目行：见下拉列表',
  },
  {
    key: 'points',
    header: '分值/上限',
    width: 10,
    required: true,
    note: '项目行：满分（扣分项目为最多扣分）；类别行：上限；等次行：最低分（含）；设置行：数值',
  },
  {
    key: 'parameter',
    header: '参数',
    width: 20,
    wrap: true,
    note: '按时报送：逾期月份得分比例（如 50%）；滞后任务扣分：每项扣分；数量达标、限期完成、否决指标：指标编号（可多个，用顿号分隔）；任务完成加分：任务编号；分组行：单位类型',
  },
  { key: 'groups', header: '适用分组', width: 12, note: '项目行：分组编号（可多个）；留空表示全部分组' },
  { key: 'description', header: '说明', width: 60, wrap: true },
];

const TYPE = { setting: '设置', group: '分组', category: '类别', item: '项目', grade: '等次' } as const;
const SETTING_TOTAL = 'TOTAL';
const SETTING_RESCALE = 'RESCALE';
const SETTING_CAP_TOTAL = 'CAP_TOTAL';

const byLabel = <T extends string>(labels: Record<T, string>) => {
  const map = new Map<string, T>();
  for (const [code, label] of Object.entries(labels) as [T, string][]) {
    map.set(label, code);
    map.set(code, code);
  }
  return (text: string): T | undefined => map.get(toHalfWidth(text).replace(/\s+/g, ''));
};
const readMethod = byLabel<ScoringMethod>(METHOD_LABELS);
const readCategoryKind = byLabel<CategoryKind>(CATEGORY_KIND_LABELS);

const pct = (n: number) => `${Number((n * 100).toPrecision(10))}%`;

function parameterText(item: ScoringItem): string {
  switch (METHOD_PARAMETER[item.method]) {
    case 'factor':
      return item.method === 'on-time' ? pct(item.factor ?? 0) : String(item.factor ?? '');
    case 'indicators':
      return (item.indicators ?? []).join('、');
    case 'task':
      return String(item.task ?? '');
    case 'none':
      return '';
  }
}

export const assessmentSheet: SheetModule = {
  name: NAME,
  purpose: '年终考核办法：满分、分组、类别上限、考核项目与计分方法、加分、扣分、一票否决、等次分数线。',
  guide: [
    '每行的“类型”说明它是什么：设置、分组（按单位类型分组排名）、类别（上限）、项目（计分方法与分值）、等次（最低分）。',
    '项目的“编号”是信用办审核分的依据，考核年度内请勿修改；新增项目请用新编号。',
    '基础分各类别上限之和应等于满分；加分、扣分类别的上限是最多加、扣的分数。',
    '总分＝基础分＋加分－扣分。“总分是否封顶”默认为“否”：加分后总分可超过满分（如102.5分），按实际得分排名、评定等次；改为“是”则总分最高为满分。',
    '“信用办认定”项目由信用办在评分表的“信用办审核分”列填写。',
  ],
  optional: true,

  write(ws, plan) {
    const scheme = plan.scoring ?? defaultScoringScheme(plan);
    setupTable(ws, COLUMNS, 2);
    const add = (values: Partial<Record<Key, string | number>>) => {
      const row = ws.addRow(values);
      row.getCell('parameter').numFmt = '@';
      return row;
    };
    add({
      type: TYPE.setting,
      id: SETTING_TOTAL,
      name: '基础分满分',
      points: scheme.total,
      description: '基础分按百分制计。',
    });
    add({
      type: TYPE.setting,
      id: SETTING_RESCALE,
      name: '不涉及项目按得分率折算',
      parameter: scheme.rescale ? '是' : '否',
      description: '“是”：单位不涉及的项目（如不承担“双公示”）不计，基础分按其余项目的得分率折算为百分制。',
    });
    add({
      type: TYPE.setting,
      id: SETTING_CAP_TOTAL,
      name: '总分是否封顶',
      parameter: scheme.capTotal ? '是' : '否',
      description: `“否”（默认）：总分＝基础分＋加分－扣分，加分后可超过${scheme.total}分（如102.5分），按实际得分排名；“是”：总分最高为${scheme.total}分，超出部分不计。`,
    });
    for (const group of scheme.groups) {
      add({
        type: TYPE.group,
        id: group.id,
        name: group.name,
        parameter: group.kinds.map((k) => UNIT_KIND_LABELS[k]).join('、'),
        points: 0,
        description: '同一分组内的单位排名；参数列为该组的单位类型。',
      });
    }
    for (const category of scheme.categories) {
      add({
        type: TYPE.category,
        id: category.id,
        name: category.name,
        method: CATEGORY_KIND_LABELS[category.kind],
        points: category.cap,
      });
    }
    for (const item of scheme.items) {
      const row = add({
        type: TYPE.item,
        id: item.id,
        name: item.name,
        category: item.category,
        method: METHOD_LABELS[item.method],
        points: item.points,
        parameter: parameterText(item),
        groups: item.groups.join('、'),
        description: item.description,
      });
      row.getCell('parameter').numFmt = '@';
    }
    for (const grade of scheme.grades) {
      add({
        type: TYPE.grade,
        id: grade.name,
        name: grade.name,
        points: grade.min,
        description: '总分不低于此分数的单位评为该等次。',
      });
    }
    validateColumn(
      ws,
      COLUMNS,
      'type',
      listValidation(dropdown(Object.values(TYPE)), '请选择：设置、分组、类别、项目、等次'),
    );
    validateColumn(
      ws,
      COLUMNS,
      'method',
      listValidation(
        dropdown([...Object.values(CATEGORY_KIND_LABELS), ...Object.values(METHOD_LABELS)]),
        '请从下拉列表中选择计分方法',
      ),
    );
  },

  read(ws, ctx) {
    const findings = new SheetFindings(ctx.file, NAME);
    const rows = readTable(ws, COLUMNS, findings);
    if (!rows) return { plan: {}, findings: findings.list };
    const places = new Map<string, TableRow<Key>>();
    const scheme: ScoringScheme = {
      total: 100,
      rescale: true,
      capTotal: false,
      groups: [],
      categories: [],
      items: [],
      grades: [],
    };
    const number = (row: TableRow<Key>, key: Key, what: string, percent = false): number | undefined => {
      const read = readNumber(row.value(key), percent);
      if (!read.ok) {
        findings.error(row.address(key), 'plan.assessment-number', `${what}${read.reason}，请填写数字`);
        return undefined;
      }
      if (read.value < 0) {
        findings.error(row.address(key), 'plan.assessment-number', `${what}不能为负数，请填写 0 或正数`);
        return undefined;
      }
      return read.value;
    };

    for (const row of rows) {
      const type = readText(row.value('type'));
      const id = readText(row.value('id'));
      const name = readText(row.value('name'));
      if (!id) {
        findings.error(
          row.address('id'),
          'plan.assessment-id',
          `第${row.row}行没有编号：请填写编号（如 A1、C1、G1）`,
        );
        continue;
      }
      const label = type === TYPE.grade ? `等次“${name || id}”` : `${type}${id}`;
      switch (type) {
        case TYPE.setting: {
          if (id === SETTING_TOTAL) {
            const total = number(row, 'points', '基础分满分');
            if (total !== undefined && total > 0) scheme.total = total;
          } else if (id === SETTING_RESCALE || id === SETTING_CAP_TOTAL) {
            const flag = readYesNo(row.value('parameter'));
            if (!flag.ok)
              findings.error(row.address('parameter'), 'plan.assessment-setting', `“${name}”${flag.reason}`);
            else if (id === SETTING_RESCALE) scheme.rescale = flag.value;
            else scheme.capTotal = flag.value;
          } else {
            findings.warn(row.address('id'), 'plan.assessment-setting', `未知的设置“${id}”，已忽略`);
          }
          break;
        }
        case TYPE.group: {
          const kinds: UnitKind[] = [];
          for (const text of splitList(readText(row.value('parameter')))) {
            const kind = readUnitKind(text);
            if (kind) kinds.push(kind);
            else {
              findings.error(
                row.address('parameter'),
                'plan.assessment-group',
                `分组${id}的单位类型“${text}”无法识别：请填写 县(市、区)、开发区 或 市直单位，用顿号分隔`,
              );
            }
          }
          const group: ScoringGroup = { id, name: name || id, kinds };
          places.set(`group:${id}`, row);
          scheme.groups.push(group);
          break;
        }
        case TYPE.category: {
          const kind = readCategoryKind(readText(row.value('method')));
          if (!kind) {
            findings.error(
              row.address('method'),
              'plan.assessment-category',
              `类别${id}的计分方法应为：基础分、加分、扣分或一票否决`,
            );
            break;
          }
          const cap = kind === 'veto' ? 1 : number(row, 'points', `类别${id}的上限`);
          if (cap === undefined) break;
          const category: ScoringCategory = { id, name: name || id, kind, cap };
          places.set(`category:${id}`, row);
          scheme.categories.push(category);
          break;
        }
        case TYPE.item: {
          const methodText = readText(row.value('method'));
          const method = readMethod(methodText);
          if (!method) {
            findings.error(
              row.address('method'),
              'plan.assessment-method',
              `项目${id}的计分方法“${methodText}”无法识别：请从下拉列表中选择（${Object.values(METHOD_LABELS).join('、')}）`,
            );
            break;
          }
          const points = number(row, 'points', `项目${id}的分值`);
          if (points === undefined) break;
          const item: ScoringItem = {
            id,
            category: readText(row.value('category')),
            name: name || id,
            method,
            points: method === 'veto-indicator' ? 1 : points,
            groups: splitList(readText(row.value('groups'))),
            description: readText(row.value('description')),
          };
          const parameter = readText(row.value('parameter'));
          switch (METHOD_PARAMETER[method]) {
            case 'factor': {
              const factor = number(row, 'parameter', `项目${id}的参数`, method === 'on-time');
              if (factor !== undefined) item.factor = factor;
              break;
            }
            case 'indicators':
              item.indicators = splitList(toHalfWidth(parameter)).map((c) => c.toUpperCase());
              break;
            case 'task': {
              const task = number(row, 'parameter', `项目${id}的任务编号`);
              if (task !== undefined) item.task = task;
              break;
            }
            case 'none':
              break;
          }
          places.set(`item:${id}`, row);
          scheme.items.push(item);
          break;
        }
        case TYPE.grade: {
          const min = number(row, 'points', `${label}的最低分`);
          if (min === undefined) break;
          const grade: GradeBand = { name: name || id, min };
          places.set(`grade:${grade.name}`, row);
          scheme.grades.push(grade);
          break;
        }
        default:
          findings.error(
            row.address('type'),
            'plan.assessment-type',
            `第${row.row}行的类型“${type}”无法识别：请填写 设置、分组、类别、项目 或 等次`,
          );
      }
    }
    scheme.grades.sort((a, b) => b.min - a.min);

    const fieldColumn: Record<SchemeProblem['field'], Key> = {
      id: 'id',
      name: 'name',
      category: 'category',
      points: 'points',
      parameter: 'parameter',
      groups: 'groups',
      cap: 'points',
      min: 'points',
      kinds: 'parameter',
    };
    const plan = ctx.plan as Partial<Plan>;
    for (const problem of checkScheme(scheme, {
      indicators: plan.indicators ?? [],
      tasks: plan.tasks ?? [],
      units: plan.units ?? [],
    })) {
      // Parameters naming indicators or tasks cannot be judged when those sheets failed to read.
      if (problem.field === 'parameter' && (!plan.indicators || !plan.tasks)) continue;
      const row = places.get(problem.subject);
      const cell = row ? row.address(fieldColumn[problem.field]) : 'A2';
      findings.add(problem.level, cell, 'plan.assessment-scheme', problem.message);
    }
    if (!scheme.items.length) {
      findings.error(
        'A2',
        'plan.assessment-empty',
        '考核表中没有考核项目：请至少填写一行类型为“项目”的行，或删除本表以使用默认考核办法',
      );
    }
    // The default read back is no scheme, so a plan round-trips unchanged and follows the default.
    const isDefault =
      plan.indicators && plan.tasks && isDeepStrictEqual(scheme, defaultScoringScheme(plan as Plan));
    return { plan: isDefault ? {} : { scoring: scheme }, findings: findings.list };
  },
};
