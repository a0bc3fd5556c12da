import { existsSync } from 'node:fs';
import { builtInPlan, builtInYears } from '../../core/plan/built-in.js';
import { ensureWorkspaceSecret } from '../secret.js';
import { carryOverPlan } from '../../core/plan/years.js';
import { officeToday } from '../collect/deadline.js';
import { migrateLegacyPlan, parseYear, planYears, writeYearPlan } from '../plan/years.js';
import { UserError } from '../user-error.js';
import { createWorkspaceFolders, workspaceAt } from '../workspace.js';
import { holidayStatusLines, quote } from './plan-new.js';

interface InitOptions {
  workspace?: string;
  year?: string;
  force?: boolean;
}

/**
 * `creditwork init [--year Y]`: the workspace folders and plans/<Y>.xlsx, the built-in plan carried
 * over to Y (every year-bound word moved, tasks marked for review) unless Y is a built-in year.
 * Without --year it writes the built-in plan as it is (the 2024 plan the demo replays): a year
 * carried over from it is tasks to review, which an office asks for by naming its year.
 */
/** The year an office in its year-end is preparing: the one after today's, in the office's zone. */
const nextYear = () => Number(officeToday().slice(0, 4)) + 1;

export async function run(options: InitOptions): Promise<number> {
  const builtIn = builtInYears();
  const year = options.year === undefined ? builtIn[builtIn.length - 1] : parseYear(options.year);
  const source = builtIn.filter((y) => y <= year).pop() ?? builtIn[builtIn.length - 1];
  const base = builtInPlan(source)!;
  const plan = source === year ? base : carryOverPlan(base, year);

  const ws = workspaceAt(options.workspace ?? './creditwork-data');
  if (existsSync(ws.legacyPlan)) await migrateLegacyPlan(ws);
  // A workspace in use gets its next year from its own plan (units, targets, settings as edited),
  // not from the built-in one.
  const others = planYears(ws).filter((y) => y !== year);
  if (others.length > 0 && !options.force) {
    throw new UserError(
      `工作区 ${ws.root} 已有 ${others.map((y) => `${y}年`).join('、')}的工作要点。新的一年请用 creditwork plan new --year ${year}（由 ${others[others.length - 1]} 年结转，保留信用办的修改）；如确要由内置工作要点生成，请加 --force。`,
    );
  }
  await createWorkspaceFolders(ws);
  // Made once and kept: it signs every workbook this workspace issues (reporter/secret.ts).
  ensureWorkspaceSecret(ws);
  const { file, backup } = await writeYearPlan(ws, plan, { force: options.force });

  const carried =
    source === year ? '' : `（由内置的 ${source} 年工作要点结转，${plan.tasks.length}项任务标为“待核对”）`;
  const lines = [
    `已创建工作区 ${ws.root}`,
    `  plans/${year}.xlsx  ${plan.title}${carried}：${plan.tasks.length}项任务、${plan.units.length}个单位、${plan.indicators.length}项指标`,
    ...(backup ? [`  原文件已备份为 plans/${backup.split(/[\\/]/).pop()}`] : []),
    `  inbox/     各单位报回的填报表放这里`,
    `  archive/   收取后的原件存档（只增不改）`,
    `  outbox/    下发给各单位的填报表`,
    `  reports/   汇总表、通报和考核文件`,
    `  workspace.key  签发填报表的密钥（请随工作区一同备份，勿外传）`,
    ...holidayStatusLines(plan),
    '',
    ...(options.year === undefined
      ? [
          `  （未指定 --year，写入的是内置的 ${year} 年工作要点；为本单位的新年度请用 creditwork plan new --year ${nextYear()}）`,
        ]
      : []),
    `下一步：在 Excel 中核对 ${file}（单位、任务、责任分工、指标、设置、节假日；“设置”表请填写城市名称、发文机关代字和联系人，`,
    '        文件中的“XX”将印为本市名称），然后运行',
    `  creditwork plan check --year ${year} --workspace ${quote(options.workspace ?? ws.root)}`,
  ];
  console.log(lines.join('\n'));
  return 0;
}
