import { periodLabel } from '../../core/calendar/period.js';
import { unitsToIssue } from '../../core/contract/unit-rows.js';
import { grantProblems } from '../../core/exceptions/grant.js';
import {
  EXCEPTION_KIND_LABELS,
  exceptionEffect,
  exceptionsOf,
  type ExceptionKind,
  type UnitException,
} from '../../core/exceptions/model.js';
import { returnDeadline } from '../../core/plan/deadlines.js';
import { planTimeZone } from '../../core/schedule/model.js';
import type { Plan } from '../../core/plan/model.js';
import { unitLookup } from '../../core/plan/unit-names.js';
import { recordAudit } from '../portal/audit.js';
import type { Store } from '../store/index.js';
import { UserError } from '../user-error.js';
import { exceptionById, findExceptions, insertException, markRemoved } from './store.js';

/**
 * Granting and withdrawing exceptions: the one implementation the CLI (`creditwork exception`) and
 * the portal call. The caller says who acts — the OS user on the command line, the logged-in
 * account on the portal — and that, the time and the reason go on record, in the exception's own
 * row and in the office's audit log.
 */

export interface GrantInput {
  /** `YYYY-MM`, already normalized. */
  period: string;
  /** Unit code, name or another spelling of the plan's. */
  unit: string;
  kind: ExceptionKind;
  /** Extension: new deadline, `YYYY-MM-DD`. */
  until?: string;
  /** Paper return: when it arrived, ISO instant (see parseOfficeTime). */
  receivedAt?: string;
  reason: string;
  /** Who grants it: `命令行:<OS user>` or the portal account. */
  actor: string;
  /** The portal client's address, for the audit log. */
  address?: string;
  now?: Date;
}

/** The plan's unit for `text`, which must be one the office issues workbooks to. */
function dueUnit(plan: Plan, text: string): { code: string; who: string } {
  const code = unitLookup(plan.units)(text);
  const unit = code ? plan.units.find((u) => u.code === code) : undefined;
  if (!unit)
    throw new UserError(
      `工作要点中没有单位“${text}”：请用单位代码（如 S05）或名称，可用 creditwork plan show 查看。`,
    );
  if (!unitsToIssue(plan).includes(unit.code))
    throw new UserError(`${unit.name}（${unit.code}）不报送月度填报表，无需登记例外。`);
  return { code: unit.code, who: `${unit.name}（${unit.code}）` };
}

const requireActor = (actor: string): string => {
  const who = actor.trim();
  if (!who) throw new UserError('无法确定操作人：请以本人账号登录后操作。');
  return who;
};

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Records an exception after checking it (core/exceptions/grant.ts); refuses with every problem. */
export function grantException(store: Store, plan: Plan, input: GrantInput): UnitException {
  const { code, who } = dueUnit(plan, input.unit);
  const actor = requireActor(input.actor);
  const now = (input.now ?? new Date()).toISOString();
  const deadline = returnDeadline(plan, input.period);
  const request = { ...input, unit: code, reason: input.reason.trim() };
  const grant = store.db.transaction(() => {
    const existing = exceptionsOf(
      findExceptions(store, { period: input.period, unit: code }),
      code,
      input.period,
    );
    const problems = grantProblems(request, { who, deadline, existing, now, timeZone: planTimeZone(plan) });
    if (problems.length)
      throw new UserError(
        `不能为${who}登记${periodLabel(input.period)}${EXCEPTION_KIND_LABELS[input.kind]}：\n${problems.map((p) => `  ${p}`).join('\n')}`,
      );
    const granted = insertException(store, {
      period: input.period,
      unit: code,
      kind: input.kind,
      until: input.kind === 'extension' ? (input.until ?? null) : null,
      receivedAt: input.kind === 'paper' ? (input.receivedAt ?? null) : null,
      reason: request.reason,
      grantedBy: actor,
      grantedAt: now,
    });
    recordAudit(store.db, {
      actor,
      action: 'exception.grant',
      target: `${code} ${input.period}`,
      detail: `[${granted.id}] ${exceptionEffect(granted, planTimeZone(plan))}；原因：${granted.reason}`,
      address: input.address ?? '',
      at: new Date(now),
    });
    return granted;
  });
  try {
    return grant.immediate();
  } catch (error) {
    // Another office user granted the same kind between our check and insert.
    if (isUniqueViolation(error))
      throw new UserError(
        `${who}${periodLabel(input.period)}刚刚已由他人登记了${EXCEPTION_KIND_LABELS[input.kind]}，请用 exception list 查看。`,
      );
    throw error;
  }
}

export interface RemoveInput {
  id: number;
  actor: string;
  reason: string;
  address?: string;
  now?: Date;
}

/** Withdraws an exception: it stops counting from now on and stays on record with who and why. */
export function removeException(store: Store, input: RemoveInput): UnitException {
  const actor = requireActor(input.actor);
  const reason = input.reason.trim();
  if (!reason) throw new UserError('请用 --reason 写明撤销原因，原因会记入台账。');
  const found = exceptionById(store, input.id);
  if (!found) throw new UserError(`没有编号为 ${input.id} 的例外，请用 creditwork exception list 查看编号。`);
  if (found.removedAt)
    throw new UserError(`编号 ${input.id} 的例外已于 ${found.removedAt} 由 ${found.removedBy} 撤销。`);
  const at = (input.now ?? new Date()).toISOString();
  store.db
    .transaction(() => {
      if (!markRemoved(store, input.id, actor, at, reason))
        throw new UserError(`编号 ${input.id} 的例外刚刚已被他人撤销，请用 exception list --all 查看。`);
      recordAudit(store.db, {
        actor,
        action: 'exception.remove',
        target: `${found.unit} ${found.period}`,
        detail: `[${found.id}] ${exceptionEffect(found)}；撤销原因：${reason}`,
        address: input.address ?? '',
        at: new Date(at),
      });
    })
    .immediate();
  return { ...found, removedBy: actor, removedAt: at, removedReason: reason };
}
