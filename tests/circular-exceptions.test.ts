import { describe, expect, it } from 'vitest';
import type { UnitException } from '../core/exceptions/model.js';
import { renderCircular } from '../reporter/circular/index.js';
import { decode, readParts } from '../reporter/render/zip.js';
import { monthSubmissions, plan } from './circular-fixtures.js';

// May 2024 is due on 7 June. S03 sent on 12 June (5 days late) and a correction in December 2026;
// K01 sent on 12 June too, but the office had extended its deadline to 14 June; S20 was exempted.
const name = (code: string) => plan.units.find((u) => u.code === code)!.name;

function exception(id: number, unit: string, over: Partial<UnitException>): UnitException {
  return {
    id,
    period: '2024-05',
    unit,
    kind: 'extension',
    until: null,
    receivedAt: null,
    reason: '',
    grantedBy: 'alice',
    grantedAt: '2024-06-03T02:00:00.000Z',
    removedBy: null,
    removedAt: null,
    removedReason: null,
    ...over,
  };
}

const submissions = monthSubmissions({ late: ['S03', 'K01'] });
const s03 = submissions.find((s) => s.unit === 'S03')!;
submissions.push({ ...s03, version: 2, receivedAt: '2026-12-01T02:00:00.000Z', sha256: 'f'.repeat(64) });
const exceptions = [
  exception(1, 'K01', { until: '2024-06-14', reason: '系统升级' }),
  exception(2, 'S20', { kind: 'exemption', reason: '机构撤并，本月无工作数据' }),
];

const paragraphs = (xml: string) =>
  [...xml.matchAll(/<w:p[ >].*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
  );

describe('the circular honours exceptions', async () => {
  const doc = await renderCircular({ plan, period: '2024-05', submissions, exceptions, date: '2024-06-17' });
  const xml = decode(readParts(doc.bytes).get('word/document.xml')!);
  const text = paragraphs(xml);
  const overview = text.slice(text.indexOf('一、总体情况') + 1, text.indexOf('二、重点任务进展')).join('\n');
  const attachment = xml.slice(xml.lastIndexOf('附件1'), xml.lastIndexOf('附件2'));
  const row = (code: string) =>
    [...attachment.matchAll(/<w:tr>.*?<\/w:tr>/g)]
      .map((r) => paragraphs(r[0]))
      .find((cells) => cells[1] === name(code));

  it('counts days late from the first return, never from a correction years later', () => {
    // Deadline Fri 7 June, first return Wed 12 June: 10 June is 端午节, so 2 working days late.
    expect(row('S03')?.[2]).toBe('逾期2个工作日');
    expect(overview).toContain(`逾期报送1个（${name('S03')}）`);
  });

  it('an extended unit in by its new date is on time, and the overview says it was extended', () => {
    expect(row('K01')?.[2]).toBe('按时（延期）');
    expect(overview).toContain(`${name('K01')}经批准延期至6月14日`);
  });

  it('an exempted unit is not due: named once with the reason, not in the tables', () => {
    expect(overview).toContain(
      `另有${name('S20')}（机构撤并，本月无工作数据）经批准本月免报，不计入应报送单位。`,
    );
    expect(row('S20')).toBeUndefined();
    expect(overview).not.toContain(`未报送1个（${name('S20')}）`);
  });
});
