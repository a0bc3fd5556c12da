import type { Plan } from '../../core/plan/model.js';
import { errorsOf, formatFinding, warningsOf } from '../plan/findings.js';
import { readPlanFile } from '../plan/load.js';
import { requireWorkspace } from '../workspace.js';

interface CheckOptions {
  workspace?: string;
  json?: boolean;
}

const counts = (plan: Plan) => ({
  tasks: plan.tasks.length,
  units: plan.units.length,
  indicators: plan.indicators.length,
});

/** `creditwork plan check`: every problem in plan.xlsx with sheet and cell; non-zero exit on any error. */
export async function run(options: CheckOptions): Promise<number> {
  const ws = requireWorkspace(options.workspace ?? './creditwork-data');
  const { plan, findings } = await readPlanFile(ws.plan);
  const errors = errorsOf(findings);
  const warnings = warningsOf(findings);
  const code = errors.length > 0 ? 1 : 0;

  if (options.json) {
    console.log(
      JSON.stringify(
        {
          ok: code === 0,
          file: ws.plan,
          errors: errors.length,
          warnings: warnings.length,
          counts: counts(plan),
          findings,
        },
        null,
        2,
      ),
    );
    return code;
  }

  for (const finding of [...errors, ...warnings]) console.log(formatFinding(finding, true));
  const { tasks, units, indicators } = counts(plan);
  if (errors.length > 0) {
    const warned = warnings.length > 0 ? `、${warnings.length}个提示` : '';
    console.log(
      `\nplan.xlsx 未通过检查：${errors.length}个错误${warned}。请按上面的位置修改 ${ws.plan}，保存后重新运行 creditwork plan check。`,
    );
  } else {
    const warned = warnings.length > 0 ? `（${warnings.length}个提示，见上）` : '';
    console.log(`plan.xlsx 检查通过：${tasks}项任务、${units}个单位、${indicators}项指标${warned}`);
  }
  return code;
}
