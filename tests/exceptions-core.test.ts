import { describe, expect, it } from 'vitest';
import { parseOfficeTime } from '../core/calendar/office-time.js';
import {
  countedReceipt,
  daysLate,
  effectiveDeadline,
  isOnTime,
  unitVerdict,
  type UnitPeriodFacts,
} from '../core/exceptions/decide.js';
import { grantProblems, type GrantContext, type GrantRequest } from '../core/exceptions/grant.js';
import {
  exceptionEffect,
  exceptionsOf,
  parseExceptionKind,
  type UnitException,
} from '../core/exceptions/model.js';
import { statedTimeProblems } from '../core/received.js';

const DEADLINE = '2026-11-06';

function exception(over: Partial<UnitException>): UnitException {
  return {
    id: 1,
    period: '2026-10',
    unit: 'S05',
    kind: 'extension',
    until: '2026-11-20',
    receivedAt: null,
    reason: '机构改革',
    grantedBy: 'alice',
    grantedAt: '2026-11-02T02:00:00.000Z',
    removedBy: null,
    removedAt: null,
    removedReason: null,
    ...over,
  };
}

const BEIJING = 'Asia/Shanghai';

const facts = (over: Partial<UnitPeriodFacts>): UnitPeriodFacts => ({
  deadline: DEADLINE,
  exceptions: {},
  accepted: [],
  refused: false,
  today: '2026-11-03',
  timeZone: BEIJING,
  ...over,
});

// Beijing is UTC+8: 2026-11-06T15:59Z is 23:59 on the deadline, 16:00Z is the next day.
const ON_DEADLINE_NIGHT = '2026-11-06T15:59:00.000Z';
const NEXT_MORNING = '2026-11-06T16:00:00.000Z';

describe('timeliness', () => {
  it('is judged on the office date, through the whole deadline day', () => {
    expect(isOnTime(ON_DEADLINE_NIGHT, DEADLINE, BEIJING)).toBe(true);
    expect(isOnTime(NEXT_MORNING, DEADLINE, BEIJING)).toBe(false);
    expect(daysLate(ON_DEADLINE_NIGHT, DEADLINE, BEIJING)).toBe(0);
    expect(daysLate(NEXT_MORNING, DEADLINE, BEIJING)).toBe(1);
    expect(daysLate('2026-11-16T01:00:00.000Z', DEADLINE, BEIJING)).toBe(10);
  });

  it('an extension moves the deadline later, never earlier', () => {
    expect(effectiveDeadline(DEADLINE, { extension: exception({}) })).toBe('2026-11-20');
    expect(effectiveDeadline(DEADLINE, { extension: exception({ until: '2026-11-01' }) })).toBe(DEADLINE);
    expect(effectiveDeadline(DEADLINE, {})).toBe(DEADLINE);
  });

  it('counts the first accepted version: a correction months later neither makes the unit late nor later', () => {
    const first = { at: '2026-11-09T02:00:00.000Z', source: 'file-time' as const };
    const correction = { at: '2029-05-01T02:00:00.000Z', source: 'upload' as const };
    expect(countedReceipt([correction, first], {})).toEqual(first);
    const v = unitVerdict(facts({ accepted: [correction, first], today: '2029-05-02' }));
    expect(v).toMatchObject({ state: 'late', daysLate: 3, received: first });
  });

  it('a paper return counts from when the paper came, before and after its workbook is filed', () => {
    const paper = exception({ kind: 'paper', until: null, receivedAt: '2026-11-05T07:30:00.000Z' });
    const before = unitVerdict(facts({ exceptions: { paper }, today: '2026-11-12' }));
    expect(before).toMatchObject({ state: 'on-time', paperPending: true });
    expect(before.received).toEqual({ at: paper.receivedAt, source: 'paper' });
    const typedLater = { at: '2026-11-12T02:00:00.000Z', source: 'file-time' as const };
    const after = unitVerdict(facts({ exceptions: { paper }, accepted: [typedLater], today: '2026-11-12' }));
    expect(after).toMatchObject({ state: 'on-time', paperPending: false, received: { source: 'paper' } });
  });
});

describe('unit state', () => {
  const extension = exception({});
  it.each([
    ['nothing yet, before the deadline', facts({}), 'pending'],
    ['nothing, deadline passed', facts({ today: '2026-11-07' }), 'missing'],
    ['only refused files', facts({ refused: true, today: '2026-11-07' }), 'rejected'],
    [
      'on time',
      facts({ accepted: [{ at: ON_DEADLINE_NIGHT, source: 'file-time' }], refused: true }),
      'on-time',
    ],
    ['late', facts({ accepted: [{ at: NEXT_MORNING, source: 'file-time' }] }), 'late'],
    [
      'extended, nothing yet, before the new date',
      facts({ exceptions: { extension }, today: '2026-11-10' }),
      'extended',
    ],
    ['extended, new date passed', facts({ exceptions: { extension }, today: '2026-11-21' }), 'missing'],
    [
      'extended and in before the new date',
      facts({ exceptions: { extension }, accepted: [{ at: '2026-11-19T02:00:00Z', source: 'upload' }] }),
      'on-time',
    ],
    [
      'extended and in after the new date',
      facts({ exceptions: { extension }, accepted: [{ at: '2026-11-21T02:00:00Z', source: 'upload' }] }),
      'late',
    ],
    [
      'exempted',
      facts({ exceptions: { exemption: exception({ kind: 'exemption', until: null }) } }),
      'exempt',
    ],
    [
      'exempted though it sent a workbook',
      facts({
        exceptions: { exemption: exception({ kind: 'exemption', until: null }) },
        accepted: [{ at: NEXT_MORNING, source: 'file-time' }],
      }),
      'exempt',
    ],
  ])('%s', (_name, f, state) => {
    expect(unitVerdict(f).state).toBe(state);
  });

  it('days late are counted from the extended deadline', () => {
    const v = unitVerdict(
      facts({ exceptions: { extension }, accepted: [{ at: '2026-11-23T02:00:00Z', source: 'upload' }] }),
    );
    expect(v).toMatchObject({ state: 'late', deadline: '2026-11-20', daysLate: 3 });
  });
});

describe('exceptions in force', () => {
  it('ignores withdrawn ones, other units and periods; the latest grant of a kind wins', () => {
    const list = [
      exception({ id: 1 }),
      exception({ id: 2, until: '2026-11-25', grantedAt: '2026-11-03T00:00:00.000Z' }),
      exception({
        id: 3,
        kind: 'exemption',
        until: null,
        removedAt: '2026-11-04T00:00:00Z',
        removedBy: 'bob',
      }),
      exception({ id: 4, unit: 'S06' }),
      exception({ id: 5, period: '2026-09' }),
    ];
    const own = exceptionsOf(list, 'S05', '2026-10');
    expect(own.extension?.id).toBe(2);
    expect(own.exemption).toBeUndefined();
  });

  it('reads the kinds the office types', () => {
    expect(parseExceptionKind('延期')).toBe('extension');
    expect(parseExceptionKind(' 免报 ')).toBe('exemption');
    expect(parseExceptionKind('纸质报送')).toBe('paper');
    expect(parseExceptionKind('纸质')).toBe('paper');
    expect(parseExceptionKind('Extension')).toBe('extension');
    expect(parseExceptionKind('请假')).toBeNull();
  });

  it('says what each does', () => {
    expect(exceptionEffect(exception({}))).toBe('延期至2026年11月20日');
    expect(exceptionEffect(exception({ kind: 'exemption', until: null }))).toBe('免报');
    expect(
      exceptionEffect(exception({ kind: 'paper', until: null, receivedAt: '2026-11-04T17:00:00.000Z' })),
    ).toBe('纸质报送，2026年11月5日收到');
  });
});

describe('granting', () => {
  const ctx: GrantContext = {
    who: '市财政局（S05）',
    deadline: DEADLINE,
    existing: {},
    now: '2026-11-10T02:00:00.000Z',
    timeZone: BEIJING,
  };
  const ask = (over: Partial<GrantRequest>): GrantRequest => ({
    period: '2026-10',
    unit: 'S05',
    kind: 'extension',
    until: '2026-11-20',
    reason: '机构改革',
    ...over,
  });

  it('accepts what is complete and consistent', () => {
    expect(grantProblems(ask({}), ctx)).toEqual([]);
    expect(grantProblems(ask({ kind: 'exemption', until: undefined }), ctx)).toEqual([]);
    expect(
      grantProblems(ask({ kind: 'paper', until: undefined, receivedAt: '2026-11-05T07:30:00.000Z' }), ctx),
    ).toEqual([]);
  });

  it('needs a reason, and for an extension a real date after the deadline', () => {
    expect(grantProblems(ask({ reason: '  ' }), ctx).join()).toContain('--reason');
    expect(grantProblems(ask({ until: undefined }), ctx).join()).toContain('--until');
    expect(grantProblems(ask({ until: '2026-11-31' }), ctx).join()).toContain('不是有效日期');
    expect(grantProblems(ask({ until: DEADLINE }), ctx).join()).toContain('应晚于');
  });

  it('refuses options that do not belong to the kind', () => {
    expect(grantProblems(ask({ kind: 'exemption' }), ctx).join()).toContain('不需要 --until');
    expect(grantProblems(ask({ receivedAt: '2026-11-05T07:30:00.000Z' }), ctx).join()).toContain(
      '不需要 --received-at',
    );
    expect(grantProblems(ask({ kind: 'paper', until: undefined }), ctx).join()).toContain('--received-at');
  });

  it('a paper return cannot arrive in the future or before its period began', () => {
    const paper = (receivedAt: string) =>
      grantProblems(ask({ kind: 'paper', until: undefined, receivedAt }), ctx);
    expect(paper('2026-11-11T02:00:00.000Z').join()).toContain('晚于现在');
    expect(paper('2026-09-30T02:00:00.000Z').join()).toContain('早于2026年10月开始');
  });

  it('refuses a second one of a kind and contradictions with an exemption', () => {
    const existing = { extension: exception({ id: 7 }) };
    expect(grantProblems(ask({}), { ...ctx, existing }).join()).toContain('exception remove --id 7');
    expect(
      grantProblems(ask({ kind: 'exemption', until: undefined }), { ...ctx, existing }).join(),
    ).toContain('与免报矛盾');
    const exempt = { exemption: exception({ id: 8, kind: 'exemption', until: null }) };
    expect(grantProblems(ask({}), { ...ctx, existing: exempt }).join()).toContain('已免报');
  });
});

describe('stated times', () => {
  it('reads office time, a date alone, or ISO with a zone', () => {
    expect(parseOfficeTime('2026-10-09 15:30')).toBe('2026-10-09T07:30:00.000Z');
    expect(parseOfficeTime('2026-10-09')).toBe('2026-10-08T16:00:00.000Z');
    expect(parseOfficeTime('2026-10-09T15:30:00+08:00')).toBe('2026-10-09T07:30:00.000Z');
    expect(parseOfficeTime('2026-02-30 10:00')).toBeNull();
    expect(parseOfficeTime('2026-10-09 25:00')).toBeNull();
    expect(parseOfficeTime('昨天')).toBeNull();
  });

  it('cannot lie in the future or before the period', () => {
    expect(
      statedTimeProblems('2026-11-05T07:30:00.000Z', '2026-10', '2026-11-10T00:00:00Z', BEIJING),
    ).toEqual([]);
    expect(
      statedTimeProblems('2026-11-11T07:30:00.000Z', '2026-10', '2026-11-10T00:00:00Z', BEIJING),
    ).toHaveLength(1);
    expect(
      statedTimeProblems('2026-09-30T07:30:00.000Z', '2026-10', '2026-11-10T00:00:00Z', BEIJING),
    ).toHaveLength(1);
  });
});
