import path from 'node:path';
import { applyImport } from '../../core/plan/import/apply.js';
import { importWorkPoints, type ImportedPlan } from '../../core/plan/import/import.js';
import type { ReviewNote } from '../../core/plan/import/review.js';
import type { Finding, Plan } from '../../core/plan/model.js';
import { carryOverPlan } from '../../core/plan/years.js';
import { errorsOf, formatFinding, warningsOf } from '../plan/findings.js';
import { readWorkPointsFile } from '../plan/import/read-document.js';
import {
  loadYearPlan,
  openWorkspace,
  parseYear,
  planYears,
  readYearPlan,
  writeYearPlan,
} from '../plan/years.js';
import { UserError } from '../user-error.js';
import type { Workspace } from '../workspace.js';
import { holidayStatusLines, quote } from './plan-new.js';

interface PlanImportOptions {
  workspace?: string;
  year?: string;
  from?: string;
  force?: boolean;
  json?: boolean;
}

const REVIEW_CODES = new Set(['plan.task-review', 'plan.indicator-review', 'plan.unit-review']);

/**
 * The year whose plan the import carries over: --from, else the latest other year of the
 * workspace, else the year itself when it is the only one (a workspace made by init --year Y for
 * the year whose document has now arrived).
 */
function sourceYear(ws: Workspace, year: number, from: string | undefined): number {
  if (from !== undefined) return parseYear(from);
  const years = planYears(ws);
  const source = years.filter((y) => y !== year).pop() ?? (years.includes(year) ? year : undefined);
  if (source === undefined) {
    throw new UserError(
      `工作区 ${ws.root} 中还没有任何年度的工作要点，无从结转单位、考核办法、日程和设置：请先运行 creditwork init --year ${year} --workspace ${quote(ws.root)}，再导入。`,
    );
  }
  return source;
}

/** Units the document named that were already in the plan (by responsibility or as reporters). */
function matchedUnits(imported: ImportedPlan): number {
  const added = new Set(imported.addedUnits.map((unit) => unit.code));
  const named = new Set([
    ...imported.tasks.flatMap((task) => task.responsibilities.map((r) => r.unit)),
    ...imported.indicators.flatMap((indicator) => indicator.reporters),
  ]);
  return [...named].filter((code) => !added.has(code)).length;
}

const countOf = (findings: Finding[], code: string) => findings.filter((f) => f.code === code).length;

function summary(
  source: { file: string; format: string },
  from: number,
  imported: ImportedPlan,
  plan: Plan,
  written: { file: string; backup?: string },
  findings: Finding[],
  planNotes: ReviewNote[],
  workspace: string,
): string[] {
  const errors = errorsOf(findings);
  const has = (item: { reviewNote?: string }) => Boolean(item.reviewNote);
  const layout = { text: '按正文', table: '按任务分工表', 'text-and-table': '按正文和任务分工表' }[
    imported.layout
  ];
  const lines = [
    `已从 ${path.basename(source.file)}（${source.format}）导入 ${plan.year} 年工作要点，写入 ${written.file}`,
    `  标题：${plan.title}`,
    `  任务：${plan.tasks.length}项（${layout}），其中${plan.tasks.filter((t) => t.deadline).length}项有完成时限`,
    `  责任单位：匹配已有单位${matchedUnits(imported)}个，新增${imported.addedUnits.length}个${
      imported.addedUnits.length
        ? `（${imported.addedUnits.map((u) => `${u.code} ${u.name}`).join('、')}，待核对）`
        : ''
    }`,
    `  指标：${plan.indicators.length}项（逐项标为“待核对”，附原文）`,
    `  由 ${from} 年结转：单位编码与别名、考核办法、日程、设置和节假日`,
    `  待核对：任务${plan.tasks.filter(has).length}项、指标${plan.indicators.filter(has).length}项、单位${plan.units.filter(has).length}个`,
    ...(written.backup ? [`  原文件已备份为 ${path.basename(written.backup)}`] : []),
  ];
  if (planNotes.length) {
    lines.push('  另请注意：');
    for (const note of planNotes) lines.push(`    · ${note.message}（${note.place}：${note.source}）`);
  }
  lines.push(...holidayStatusLines(plan));
  if (errors.length) {
    lines.push('', `plans/${plan.year}.xlsx 有 ${errors.length} 个错误，须修改后才能使用：`);
    for (const finding of errors) lines.push(`  ${formatFinding(finding)}`);
  } else {
    const warnings = warningsOf(findings);
    const review = warnings.filter((f) => REVIEW_CODES.has(f.code)).length;
    lines.push(
      `  检查结果：无错误，${warnings.length}个提示（其中${review}个是待核对事项；运行 plan check 查看全部）`,
    );
  }
  lines.push(
    '',
    `下一步：在 Excel 中打开 ${written.file}，逐项核对“任务”“指标”“单位”表的“待核对”列（核对后清空该格），然后运行`,
    `  creditwork plan check --year ${plan.year} --workspace ${quote(workspace)}`,
  );
  return lines;
}

/**
 * `creditwork plan import FILE --year Y [--from X]`: the year's plan read from its 工作要点 document
 * over the plan carried over from the latest (or given) year, written to plans/<Y>.xlsx for the
 * office to review.
 */
export async function run(options: PlanImportOptions, file: string): Promise<number> {
  const ws = await openWorkspace(options.workspace ?? './creditwork-data');
  if (options.year === undefined) throw new UserError('请用 --year 指定工作要点的年度，如 --year 2027');
  const year = parseYear(options.year);
  const from = sourceYear(ws, year, options.from);
  const source = await readWorkPointsFile(file);
  const base = await loadYearPlan(ws, from);
  const carried = carryOverPlan(base, year);
  const imported = importWorkPoints(source.document, { year, units: carried.units });
  if (imported.tasks.length === 0) {
    throw new UserError(
      `${path.basename(file)} 中没有找到重点任务（如“二、重点任务”下的“（一）……”“1.……”，或含“工作任务”“牵头单位”列的任务分工表），未做任何修改。请确认文件是工作要点正文；如是扫描件，请改用 Word 原件。`,
    );
  }
  const { plan, planNotes } = applyImport(carried, imported);
  const written = await writeYearPlan(ws, plan, { force: options.force });
  const { findings } = await readYearPlan(ws, year);
  const errors = errorsOf(findings);

  if (options.json) {
    console.log(
      JSON.stringify(
        {
          ok: errors.length === 0,
          source: path.resolve(file),
          format: source.format,
          year,
          from,
          file: written.file,
          ...(written.backup ? { backup: written.backup } : {}),
          title: plan.title,
          documentYear: imported.documentYear ?? null,
          layout: imported.layout,
          tasks: plan.tasks.length,
          deadlines: plan.tasks.filter((t) => t.deadline).length,
          units: {
            total: plan.units.length,
            matched: matchedUnits(imported),
            new: imported.addedUnits.length,
            added: imported.addedUnits.map(({ code, name, kind }) => ({ code, name, kind })),
          },
          indicators: plan.indicators.length,
          review: {
            tasks: countOf(findings, 'plan.task-review'),
            indicators: countOf(findings, 'plan.indicator-review'),
            units: countOf(findings, 'plan.unit-review'),
            findings: findings.filter((f) => REVIEW_CODES.has(f.code)),
          },
          notes: planNotes.map(({ message, source: text, place }) => ({ message, source: text, place })),
          errors: errors.length,
          warnings: warningsOf(findings).length,
          findings,
        },
        null,
        2,
      ),
    );
  } else {
    const lines = summary(
      { file, format: source.format },
      from,
      imported,
      plan,
      written,
      findings,
      planNotes,
      options.workspace ?? ws.root,
    );
    console.log(lines.join('\n'));
  }
  return errors.length > 0 ? 1 : 0;
}
