import { cityIsSet, cityShortName, placeholderCount } from '../../core/plan/city.js';
import type { Finding, Plan } from '../../core/plan/model.js';
import type { Place } from './sheets/types.js';

/**
 * plan check's word on what the office still has to fill in for documents to go out as they are:
 * the city (else the seed's XX is printed), the 发文机关代字 (X信用办) and the contact line.
 * Warnings: the plan works without them, but documents would carry placeholders or no contact.
 */
export function documentSettingFindings(
  file: string,
  plan: Plan,
  places: Record<string, Place> = {},
): Finding[] {
  const findings: Finding[] = [];
  const warn = (key: string, code: string, message: string) => {
    const place = places[`setting:${key}`] ?? { sheet: '设置', cell: 'B2' };
    findings.push({ level: 'warning', file, ...place, code, message });
  };
  if (!cityIsSet(plan.city)) {
    const count = placeholderCount(plan);
    warn(
      'city',
      'plan.city-not-set',
      `城市名称为“${plan.city}”：${count ? `单位名称、任务和发文设置中有 ${count} 处“XX”，` : ''}生成的通报、填报表和回执中将原样印出。请填写本市名称，如 运城市`,
    );
  } else if (!cityIsSet(cityShortName(plan))) {
    warn('cityShortName', 'plan.city-not-set', `城市简称“${cityShortName(plan)}”仍含 XX：请填写，如 运城`);
  }
  if (/^[XＸ×](?=\p{Script=Han})/u.test(plan.document.numberPrefix)) {
    warn(
      'document.numberPrefix',
      'plan.number-prefix-placeholder',
      `发文机关代字“${plan.document.numberPrefix}”中的 X 是内置工作要点的代称：请改为本市的代字，如 运信用办（发文字号印作 运信用办〔${plan.year || 2024}〕5号）`,
    );
  }
  const missing = [
    !plan.settings.contactName.trim() && '联系人',
    !plan.settings.contactPhone.trim() && '联系电话',
  ].filter(Boolean);
  if (missing.length) {
    warn(
      !plan.settings.contactName.trim() ? 'settings.contactName' : 'settings.contactPhone',
      'plan.contact-missing',
      `${missing.join('和')}为空：通报和回执中不印联系人一行。请填写信用办联系人姓名和电话`,
    );
  }
  return findings;
}
