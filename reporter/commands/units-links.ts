import { unitsToIssue } from '../../core/contract/unit-rows.js';
import { loadYearPlan, openWorkspace, yearOption } from '../plan/years.js';
import { commandLineActor, recordAudit } from '../portal/audit.js';
import { portalBaseUrl } from '../portal/base-url.js';
import { UnitLinks, unitUrl } from '../portal/unit-links.js';
import { openStore } from '../store/index.js';
import { UserError } from '../user-error.js';

interface LinksOptions {
  workspace?: string;
  baseUrl?: string;
  json?: boolean;
  rotate?: string;
  year?: string;
}

/**
 * `creditwork units links [--base-url URL] [--json] [--rotate CODE]`: every unit's private portal
 * address for the plan's year (made on first use), or a new one for a unit whose address leaked.
 */
export async function run(options: LinksOptions): Promise<number> {
  const ws = await openWorkspace(options.workspace ?? './creditwork-data');
  const plan = await loadYearPlan(ws, await yearOption(ws, options.year));
  const baseUrl = portalBaseUrl(options.baseUrl, plan.settings.portalBaseUrl);
  if (!baseUrl) {
    throw new UserError(
      '不知道门户的网址：请加 --base-url（如 --base-url https://xyk.example.gov.cn/creditwork），或在 plans/<年度>.xlsx 的“设置”中填写“门户地址”。',
    );
  }
  const issued = unitsToIssue(plan);
  const names = new Map(plan.units.map((u) => [u.code, u.name]));
  const store = openStore(ws);
  try {
    const links = new UnitLinks(store.db);
    let codes = issued;
    if (options.rotate !== undefined) {
      const code = String(options.rotate).trim();
      const unit = plan.units.find((u) => u.code.toLowerCase() === code.toLowerCase());
      if (!unit || !issued.includes(unit.code)) {
        throw new UserError(
          `没有单位代码“${code}”的报送地址：plans/${plan.year}.xlsx 中${unit ? '该单位没有需要填报的任务或指标' : '没有这个单位代码'}。运行 creditwork units links 查看全部单位。`,
        );
      }
      links.rotate(plan.year, unit.code);
      recordAudit(store.db, {
        actor: commandLineActor(),
        action: 'links.rotate',
        target: `${unit.code} ${unit.name}`,
        detail: `${plan.year}年`,
      });
      codes = [unit.code];
    }
    const current = links.ensure(plan.year, codes);
    const list = current.map((link) => ({
      code: link.unit,
      name: names.get(link.unit) ?? link.unit,
      url: unitUrl(baseUrl, link.secret),
    }));
    if (options.json) {
      console.log(JSON.stringify(list, null, 2));
    } else {
      if (options.rotate !== undefined) {
        console.log(
          `已为 ${list[0].name}（${list[0].code}）更换 ${plan.year} 年的报送地址，旧地址即刻失效。` +
            '请把新地址告知该单位；已下发给它的填报表中写的是旧地址，加载项“提交”会失败，需重新下发本期填报表。',
        );
      } else {
        console.log(`${plan.year} 年各单位专用报送地址（共 ${list.length} 个，请逐一告知，勿外传）：`);
      }
      for (const item of list) console.log(`${item.code}\t${item.name}\t${item.url}`);
    }
    return 0;
  } finally {
    store.close();
  }
}
