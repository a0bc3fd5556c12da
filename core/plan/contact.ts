import type { PlanSettings } from './model.js';

/**
 * The office's contact as documents print it, from plan.xlsx's 设置: `联系人：王敏`, `电话：0359-2081234`
 * (and the e-mail where asked), only what is filled in. Empty when neither name nor phone is set,
 * so a document prints no contact line rather than a made-up one.
 */
export function contactClauses(settings: PlanSettings, withEmail = false): string[] {
  const name = settings.contactName.trim();
  const phone = settings.contactPhone.trim();
  if (!name && !phone) return [];
  return [
    name && `联系人：${name}`,
    phone && `电话：${phone}`,
    withEmail && settings.contactEmail.trim() && `邮箱：${settings.contactEmail.trim()}`,
  ].filter((c): c is string => !!c);
}
