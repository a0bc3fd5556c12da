import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bracketDepths } from '../core/plan/import/brackets.js';
import { responsibilityClauses, withoutClauses } from '../core/plan/import/clause.js';
import { findDeadlines } from '../core/plan/import/deadline-text.js';
import { textDocument } from '../core/plan/import/document.js';
import { importWorkPoints } from '../core/plan/import/import.js';
import { numberingOf } from '../core/plan/import/numbering.js';
import { tableTasks } from '../core/plan/import/task-table.js';
import { findTargets } from '../core/plan/import/targets.js';
import { readUnitList, splitUnitList } from '../core/plan/import/unit-list.js';
import type { Indicator } from '../core/plan/model.js';
import { matchName } from '../core/plan/unit-names.js';
import { UNITS_2024 } from '../core/plan/plan2024.js';
import { fullWidth } from './plan-import-fixtures.js';

const importText = (text: string, year = 2024) =>
  importWorkPoints(textDocument(text), { year, units: UNITS_2024 });
const name = (code: string) => UNITS_2024.find((u) => u.code === code)?.name ?? code;
const targetsOf = (text: string) =>
  findTargets(text, { year: 2024, reporterAt: () => 0 }).targets.map((t) => [t.kind, t.comparator, t.target]);

describe('unit lists', () => {
  it('split on 、，,；; 及 以及 and line breaks, never inside brackets', () => {
    expect(splitUnitList('市发展改革委、市财政局,市税务局；各县（市、区）人民政府;XX开发区管委会')).toEqual([
      '市发展改革委',
      '市财政局',
      '市税务局',
      '各县（市、区）人民政府',
      'XX开发区管委会',
    ]);
    expect(splitUnitList('市信用办及市社会信用体系建设联席会议成员单位')).toEqual([
      '市信用办',
      '市社会信用体系建设联席会议成员单位',
    ]);
    expect(splitUnitList('市审批局以及市场监管局\n市城市管理局(供水、供气公司)')).toEqual([
      '市审批局',
      '市场监管局',
      '市城市管理局(供水、供气公司)',
    ]);
  });

  it('drop tails that name nobody and say when the list carries forward (下同)', () => {
    expect(readUnitList('市发展改革委、市司法局等市有关单位')).toEqual({
      items: ['市发展改革委', '市司法局'],
      tails: ['等市有关单位'],
      carriesForward: false,
    });
    expect(readUnitList('市审批局等负责行政许可、行政处罚的部门；各县(市、区)人民政府').items).toEqual([
      '市审批局',
      '各县(市、区)人民政府',
    ]);
    expect(readUnitList('市发展改革委牵头，各有关单位按职责分工负责').items).toEqual([
      '市发展改革委牵头',
      '各有关单位',
    ]);
    expect(readUnitList('市发展改革委、市财政局，下同')).toMatchObject({
      items: ['市发展改革委', '市财政局'],
      carriesForward: true,
    });
  });

  // Any name that holds separators only inside brackets survives any list of such names.
  const bracketed = fc
    .tuple(
      fc.stringMatching(/^[甲乙丙丁市局委办]{1,6}$/),
      fc.constantFrom('(', '（', '〔', '【', '['),
      fc.array(fc.stringMatching(/^[甲乙丙丁市县区]{1,4}$/), { minLength: 1, maxLength: 4 }),
      fc.constantFrom('、', '，', ',', '；', ';', '及'),
    )
    .map(([head, open, inner, separator]) => {
      const close = { '(': ')', '（': '）', '〔': '〕', '【': '】', '[': ']' }[open]!;
      return `${head}${open}${inner.join(separator)}${close}`;
    });
  const plain = fc.stringMatching(/^[甲乙丙丁市局委办]{1,8}$/);

  it('property: a list of names, some with bracketed lists inside, splits back into exactly those names', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(bracketed, plain), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('、', '，', ',', '；', ';', '\n'),
        (names, separator) => {
          expect(splitUnitList(names.join(separator))).toEqual(names);
        },
      ),
    );
  });

  it('property: whatever the text, no piece ends or starts inside a bracket', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[甲乙、，,；;及()（）〔〕【】]{0,40}$/), (text) => {
        const depths = bracketDepths(text);
        let at = 0;
        for (const piece of splitUnitList(text)) {
          const start = text.indexOf(piece, at);
          expect(start).toBeGreaterThanOrEqual(0);
          // The separator before a piece (if any) stood outside every bracket.
          if (start > 0) expect(depths[start - 1]).toBe(0);
          at = start + piece.length;
        }
      }),
    );
  });
});

describe('unit names', () => {
  const match = (name: string) => {
    const m = matchName(name, UNITS_2024);
    return m.kind === 'unit' ? [m.unit.name, m.abbreviation ?? false] : [m.kind];
  };

  it('take a full official name for the short name, and the other way round', () => {
    expect(match('市人力资源和社会保障局')).toEqual(['市人社局', true]);
    expect(match('市发展和改革委员会')).toEqual(['市发展改革委', true]);
    expect(match('市卫生健康委员会')).toEqual(['市卫健委', true]);
    expect(match('市委机构编制委员会办公室')).toEqual(['市委编办', true]);
    expect(match('国家税务总局晋城市税务局')).toEqual(['市税务局', true]);
    expect(match('中国人民银行晋城市分行')).toEqual(['人行XX市分行', true]);
    expect(match('市中级人民法院')).toEqual(['市法院', false]);
    const full = UNITS_2024.map((u) => (u.code === 'S20' ? { ...u, name: '市人力资源和社会保障局' } : u));
    const short = matchName('市人社局', full);
    expect(short.kind === 'unit' && [short.unit.code, short.abbreviation]).toEqual(['S20', true]);
  });

  it('do not take a phrase, a different ending, a name two units fit, or a new unit for a known one', () => {
    expect(match('市发改、工信、市场监管、住建、水务、法院')).toEqual(['unknown']);
    expect(match('市委宣传部')).toEqual(['unknown']);
    expect(match('市大数据应用局')).toEqual(['unknown']);
    expect(match('市地方金融管理局')).toEqual(['unknown']);
    const twins = [...UNITS_2024, { ...UNITS_2024[1], code: 'S99', name: '市发展委', aliases: [] }];
    expect(matchName('市发展和改革委员会', twins).kind).toBe('unknown');
  });

  it('ignore cells that name no one (—, /, 无)', () => {
    for (const empty of ['—', '－', '/', '无', '（无）', '——'])
      expect(readUnitList(`市发展改革委、${empty}`).items).toEqual(['市发展改革委']);
  });
});

describe('numbering', () => {
  it('reads every level in full and half width, and no 一是 or decimal as a heading', () => {
    expect(numberingOf('二、重点工作')).toMatchObject({ style: 'cn-dun', value: 2, rest: '重点工作' });
    expect(numberingOf('（十二）完善制度')).toMatchObject({ style: 'cn-paren', value: 12 });
    expect(numberingOf('(三)完善制度')).toMatchObject({ style: 'cn-paren', value: 3 });
    expect(numberingOf('１２．加强宣传')).toMatchObject({ style: 'num-dot', value: 12, rest: '加强宣传' });
    expect(numberingOf('3、加强宣传')).toMatchObject({ style: 'num-dot', value: 3 });
    expect(numberingOf('（1）加强宣传')).toMatchObject({ style: 'num-paren', value: 1 });
    expect(numberingOf('一是加强宣传')).toBeUndefined();
    expect(numberingOf('1.5倍以上')).toBeUndefined();
    expect(numberingOf('2024年工作要点')).toBeUndefined();
  });
});

describe('responsibility clauses', () => {
  const one = (body: string) => {
    const clauses = responsibilityClauses(body);
    expect(clauses).toHaveLength(1);
    return { ...clauses[0], rest: withoutClauses(body, clauses) };
  };

  it('（责任单位：…） in both widths, past mid-text parentheses', () => {
    for (const body of [
      '落实《办法（试行）》（国办发〔2020〕49号）要求。（责任单位：市发展改革委、市司法局）',
      '落实《办法(试行)》(国办发〔2020〕49号)要求。(责任单位:市发展改革委、市司法局)',
    ]) {
      const clause = one(body);
      expect(clause).toMatchObject({
        form: 'labelled',
        responsible: ['市发展改革委、市司法局'],
        text: '市发展改革委、市司法局',
      });
      expect(clause.rest).toMatch(/要求。$/);
    }
  });

  it('〔责任单位：…〕 and 【责任单位：…】', () => {
    expect(one('健全制度。〔责任单位：市发展改革委；各县（市、区）人民政府〕')).toMatchObject({
      responsible: ['市发展改革委；各县（市、区）人民政府'],
    });
    expect(one('健全制度。【责任单位:市发展改革委】')).toMatchObject({ responsible: ['市发展改革委'] });
  });

  it('〔牵头单位：…；责任单位：…；完成时限：…〕: 责任单位 are then partners', () => {
    const clause = one(
      '健全制度。〔牵头单位：市发展改革委；责任单位：市财政局、市税务局；完成时限：2024年12月底前〕',
    );
    expect(clause).toMatchObject({
      lead: ['市发展改革委'],
      responsible: ['市财政局、市税务局'],
      deadline: '2024年12月底前',
      text: '牵头单位：市发展改革委；责任单位：市财政局、市税务局；完成时限：2024年12月底前',
    });
  });

  it('（X牵头，Y配合） and （X负责）', () => {
    expect(one('加强宣传。（市委宣传部牵头，市发展改革委、市教育局配合）')).toMatchObject({
      form: 'roles',
      lead: ['市委宣传部'],
      partner: ['市发展改革委、市教育局'],
    });
    expect(one('加强宣传。(市委宣传部负责)')).toMatchObject({
      form: 'roles',
      lead: ['市委宣传部'],
      partner: [],
    });
    expect(one('加强宣传。(市发展改革委牵头,各县(市、区)人民政府按职责分工负责)')).toMatchObject({
      lead: ['市发展改革委'],
      partner: ['各县(市、区)人民政府'],
    });
  });

  it('a trailing list with no label: in brackets, as the last paragraph, or after the last sentence', () => {
    expect(one('加强宣传。（市发展改革委、市教育局）')).toMatchObject({
      form: 'trailing-list',
      responsible: ['市发展改革委、市教育局'],
    });
    expect(one('加强宣传。\n市发展改革委、市教育局、各县（市、区）人民政府')).toMatchObject({
      form: 'trailing-list',
      rest: '加强宣传。',
    });
    expect(one('加强宣传。市发展改革委、市教育局')).toMatchObject({ rest: '加强宣传。' });
    expect(one('加强宣传。\n责任单位：市发展改革委、市教育局')).toMatchObject({
      form: 'labelled',
      rest: '加强宣传。',
    });
  });

  it('no clause in mid-text parentheses or a sentence that merely names units', () => {
    expect(responsibilityClauses('落实《办法（试行）》（国办发〔2020〕49号）。')).toEqual([]);
    expect(responsibilityClauses('推动信用查询嵌入行政许可（审批）的办事流程。')).toEqual([]);
    expect(responsibilityClauses('全力支持各县（市、区）、开发区。')).toEqual([]);
  });
});

describe('deadlines', () => {
  const dates = (text: string, year = 2024) => findDeadlines(text, year).map((d) => d.date);

  it('are dates in the document year where the text gives none', () => {
    expect(dates('于10月底前完成培训')).toEqual(['2024-10-31']);
    expect(dates('2024年12月底前完成')).toEqual(['2024-12-31']);
    expect(dates('2025年3月底前完成')).toEqual(['2025-03-31']);
    expect(dates('6月30日前报送')).toEqual(['2024-06-30']);
    expect(dates('年底前全面完成')).toEqual(['2024-12-31']);
    expect(dates('上半年完成')).toEqual(['2024-06-30']);
    expect(dates('三季度末前完成')).toEqual(['2024-09-30']);
    expect(dates('2月底前完成', 2028)).toEqual(['2028-02-29']);
  });

  it('are not recurring dates, spans or references', () => {
    expect(dates('每月5日前报送进展')).toEqual([]);
    expect(dates('每年3月底前报送')).toEqual([]);
    expect(dates('3年内完成')).toEqual([]);
    expect(dates('(2023年平均值为0.01%)')).toEqual([]);
    expect(dates('《目录(2024年版)》')).toEqual([]);
  });
});

describe('targets', () => {
  it('read every comparator form', () => {
    expect(targetsOf('合规率≥95%')).toEqual([['percent', '>=', 0.95]]);
    expect(targetsOf('比值＞0.5')).toEqual([['ratio', '>', 0.5]]);
    expect(targetsOf('差错率≤1‰')).toEqual([['percent', '<=', 0.001]]);
    expect(targetsOf('重错码率<1‱')).toEqual([['percent', '<', 0.0001]]);
    expect(targetsOf('开展宣传20次以上')).toEqual([['count', '>=', 20]]);
    expect(targetsOf('投诉率3%以下')).toEqual([['percent', '<=', 0.03]]);
    expect(targetsOf('覆盖率不低于90%')).toEqual([['percent', '>=', 0.9]]);
    expect(targetsOf('培训不少于2次')).toEqual([['count', '>=', 2]]);
    expect(targetsOf('办理时限不超过5个工作日')).toEqual([['count', '<=', 5]]);
    expect(targetsOf('实名认证率达到10%')).toEqual([['percent', '>=', 0.1]]);
    expect(targetsOf('修复数量超过100条')).toEqual([['count', '>', 100]]);
    expect(targetsOf('失信率低于2%')).toEqual([['percent', '<', 0.02]]);
    expect(targetsOf('将错误率控制在0.5%以内')).toEqual([['percent', '<=', 0.005]]);
    expect(targetsOf('将错误率控制在0.5%以下')).toEqual([['percent', '<=', 0.005]]);
    expect(targetsOf('培育信用服务机构3个以上')).toEqual([['count', '>=', 3]]);
    expect(targetsOf('企业信息条数与企业数比值达到1.5')).toEqual([['ratio', '>=', 1.5]]);
    expect(targetsOf('归集信息1万条以上')).toEqual([['count', '>=', 10000]]);
  });

  it('read 为0 and 清零 as "none", and graded incidents to prevent as a yes/no', () => {
    expect(targetsOf('新增严重失信主体为0')).toEqual([['count', '<=', 0]]);
    expect(targetsOf('历史欠款全部清零')).toEqual([['count', '<=', 0]]);
    expect(targetsOf('严格预防发生“重大事故”')).toEqual([['yes-no', '<=', 0]]);
    expect(targetsOf('严禁发生网站无法访问等问题')).toEqual([]);
  });

  it('take a deadline before a target as its time limit, not as a date of its own', () => {
    const found = findTargets('年底前档案覆盖率达到80%以上', { year: 2027, reporterAt: () => 0 }).targets;
    expect(found.map((t) => [t.kind, t.name, t.qualifier ?? false])).toEqual([
      ['date', '档案覆盖率达到80%以上完成日期', true],
      ['percent', '档案覆盖率', false],
    ]);
    expect(found[1].doubts.join()).toContain('年底前');
    expect(
      findTargets('10月底前完成公务员诚信培训', { year: 2027, reporterAt: () => 0 }).targets[0].qualifier,
    ).toBeUndefined();
  });

  it('name a count by its action and what follows the number', () => {
    const names = (text: string) =>
      findTargets(text, { year: 2027, reporterAt: () => 0 }).targets.map((t) => t.name);
    expect(names('每年培育2-3个信用监管示范项目')).toEqual(['培育信用监管示范项目数']);
    expect(names('新增5家以上信用服务机构')).toEqual(['新增信用服务机构数']);
    expect(names('引进培育信用服务机构3家以上')).toEqual(['引进培育信用服务机构数']);
    expect(names('政府机构失信案件全部清零')).toEqual(['政府机构失信案件数']);
  });

  it('flag a range and take its bound', () => {
    const [range] = findTargets('每年培育2-3个示范项目', { year: 2024, reporterAt: () => 0 }).targets;
    expect(range).toMatchObject({ kind: 'count', comparator: '>=', target: 2 });
    expect(range.doubts.join()).toContain('范围');
  });

  it('ignore counts that are not targets', () => {
    expect(targetsOf('贯彻落实5个顶层设计文件，归集5类行政管理信息，近12个月，3·15消费者权益日')).toEqual([]);
    expect(targetsOf('(国办发〔2019〕35号)(第58号令)《目录(2024年版)》7个工作日内归集')).toEqual([]);
  });

  it('take the value of a reference given in brackets', () => {
    const [t] = findTargets('A级纳税人占比要达到西部地区平均水平以上(2023年西部地区平均水平7.5%)', {
      year: 2024,
      reporterAt: () => 0,
    }).targets;
    expect(t).toMatchObject({ kind: 'percent', comparator: '>=', target: 0.075 });
    expect(t.doubts.join()).toContain('西部地区平均水平');
  });

  it('give one indicator per listed item where the sentence says 均', () => {
    const targets = findTargets('企业水费、电费信息条数与城市企业数比值均≥1', {
      year: 2024,
      reporterAt: () => 0,
    }).targets;
    expect(targets.map((t) => [t.name, t.numeratorLabel, t.denominatorLabel, t.target])).toEqual([
      ['企业水费信息条数与城市企业数比值', '企业水费信息条数', '城市企业数', 1],
      ['企业电费信息条数与城市企业数比值', '企业电费信息条数', '城市企业数', 1],
    ]);
  });
});

describe('双公示 and lists of rates', () => {
  const found = (text: string) =>
    findTargets(text, { year: 2024, reporterAt: () => 0 }).targets.map((t) => [
      t.name,
      t.target,
      t.dualPublicity,
    ]);

  it('take a 合规率、及时率、完整率 target in a 双公示 task as the ranked rates', () => {
    expect(
      found('严格落实“双公示”5个工作日内上报要求，“双公示”数据合规率、及时率、完整率均达到99%以上'),
    ).toEqual([
      ['“双公示”信息合规率', 0.99, 'compliance'],
      ['“双公示”信息及时率', 0.99, 'timeliness'],
      ['“双公示”信息完整率', 0.99, 'completeness'],
    ]);
    const timeliness = findTargets('“双公示”信息5个工作日内上报，合规率、及时率均达到98%', {
      year: 2024,
      reporterAt: () => 0,
    });
    expect(timeliness.dualPublicityDueDays).toBe(5);
    expect(timeliness.targets[1].numeratorLabel).toBe('作出决定后5个工作日内归集平台的条数');
  });

  it('give the ranking 100% only for the rates the task sets no target for', () => {
    expect(
      found(
        '对“双公示”的合规性、及时性、完整性逐月考评排名。“双公示”信息完整率达到95%，上报信息合规率达到90%。',
      ),
    ).toEqual([
      ['“双公示”信息合规率', 1, 'compliance'],
      ['“双公示”信息及时率', 1, 'timeliness'],
      ['“双公示”信息完整率', 0.95, 'completeness'],
      ['上报信息合规率', 0.9, undefined],
    ]);
  });

  it('split a list of rates with no shared tail, and name a count after the number when nothing precedes it', () => {
    expect(found('上报信息合规率、完整率均达到100%').map(([name]) => name)).toEqual([
      '上报信息合规率',
      '上报信息完整率',
    ]);
    expect(found('在20个以上重点领域实施分级分类监管').map(([name]) => name)).toEqual([
      '重点领域实施分级分类监管数',
    ]);
  });
});

describe('importing a document', () => {
  const doc = (...taskLines: string[]) =>
    [
      'XX市社会信用体系建设2024年工作要点',
      '一、总体要求',
      '（一）指导思想',
      '坚持稳中求进，到2024年底前完成20项改革。',
      '（二）主要目标',
      '信用监测排名进入全省前3名以上。',
      ...taskLines,
      '三、保障措施',
      '（一）加强组织领导。各单位要达到100%。',
    ].join('\n');

  it('finds tasks under 二、重点工作 whose section headings are the tasks, not fooled by 指导思想 and 主要目标', () => {
    const plan = importText(
      doc(
        '二、重点工作',
        '（一）夯实信用基础。一是完善目录；二是归集信息，合规率达到100%。（市发展改革委牵头，市财政局配合）',
        '（二）强化信用监管',
        '推行信用承诺制，年底前实现全覆盖。',
        '（市审批局负责）',
      ),
    );
    expect(plan.tasks.map((t) => [t.number, t.section, t.title])).toEqual([
      [1, '一', '夯实信用基础'],
      [2, '二', '强化信用监管'],
    ]);
    expect(plan.tasks[0].text).toContain('一是完善目录；二是归集信息');
    expect(plan.tasks[1].text).toBe('推行信用承诺制，年底前实现全覆盖。');
    expect(plan.tasks[1].deadline).toBe('2024-12-31');
    expect(plan.indicators.map((i) => [i.task, i.comparator, i.target])).toEqual([
      [1, '>=', 1],
      [2, '<=', 45657],
    ]);
    expect(plan.tasks[0].responsibilities).toEqual([
      { unit: 'S01', role: 'lead' },
      { unit: 'S03', role: 'partner' },
    ]);
  });

  it('reads 1、 tasks under （一） sections and keeps （1） sub-items inside their task', () => {
    const plan = importText(
      doc(
        '二、重点任务',
        '（一）完善制度',
        '1、健全政策体系',
        '（1）编印目录。',
        '（2）开展培训。',
        '（责任单位：市发展改革委、市司法局）',
        '2、推进信用承诺。（责任单位：市审批局）',
        '（二）激发活力',
        '3、优化信用修复。（责任单位：市发展改革委）',
      ),
    );
    expect(plan.tasks.map((t) => [t.number, t.section, t.sectionTitle, t.title])).toEqual([
      [1, '一', '完善制度', '健全政策体系'],
      [2, '一', '完善制度', '推进信用承诺'],
      [3, '二', '激发活力', '优化信用修复'],
    ]);
    expect(plan.tasks[0].text).toBe('（1）编印目录。\n（2）开展培训。');
  });

  it('reads （1） tasks under 1. sections', () => {
    const plan = importText(
      doc(
        '二、重点任务',
        '1.完善制度',
        '（1）健全政策体系。（责任单位：市发展改革委）',
        '（2）推进信用承诺。（责任单位：市审批局）',
        '2.激发活力',
        '（3）优化信用修复。（责任单位：市发展改革委）',
      ),
    );
    expect(plan.tasks.map((t) => [t.number, t.section, t.sectionTitle, t.title])).toEqual([
      [1, '一', '完善制度', '健全政策体系'],
      [2, '一', '完善制度', '推进信用承诺'],
      [3, '二', '激发活力', '优化信用修复'],
    ]);
  });

  it('numbers tasks in order where each section starts again at 1, and says so', () => {
    const plan = importText(
      doc(
        '二、重点任务',
        '（一）甲',
        '1.任务甲。（责任单位：市发展改革委）',
        '（二）乙',
        '1.任务乙。（责任单位：市财政局）',
      ),
    );
    expect(plan.tasks.map((t) => [t.number, t.title])).toEqual([
      [1, '任务甲'],
      [2, '任务乙'],
    ]);
    expect(plan.notes.some((n) => n.subject.kind === 'plan' && n.message.includes('重新编为'))).toBe(true);
  });

  it('reads a document with no 重点任务 part: every part but 总体要求 and 保障措施', () => {
    const plan = importText(
      [
        'XX市2025年社会信用体系建设工作要点',
        '一、指导思想',
        '（一）坚持稳中求进。（责任单位：市发展改革委）',
        '二、夯实信用基础',
        '（一）完善目录。（责任单位：市发展改革委）',
        '（二）归集信息。（责任单位：市财政局）',
        '三、强化信用监管',
        '（一）推行承诺。（责任单位：市审批局）',
        '四、保障措施',
        '（一）加强领导。（责任单位：市信用办）',
      ].join('\n'),
      2025,
    );
    expect(plan.tasks.map((t) => [t.section, t.sectionTitle, t.title])).toEqual([
      ['二', '夯实信用基础', '完善目录'],
      ['二', '夯实信用基础', '归集信息'],
      ['三', '强化信用监管', '推行承诺'],
    ]);
  });

  it('resolves names by name and alias, expands group phrases and adds unknown names as new units', () => {
    const plan = importText(
      doc(
        '二、重点任务',
        '（一）甲',
        '1.任务甲。（责任单位：市发改委、市应急管理局、市大数据中心、永济市人民政府；各县（市、区）人民政府、XX开发区管委会）',
        '2.任务乙。（责任单位：市直有关单位）',
      ),
    );
    const [first, second] = plan.tasks;
    const named = (code: string) => plan.units.find((u) => u.code === code)?.name;
    expect(first.responsibilities.slice(0, 4).map((r) => [named(r.unit), r.role])).toEqual([
      ['市发展改革委', 'lead'],
      ['市应急局', 'partner'],
      ['市大数据中心', 'partner'],
      ['永济市', 'partner'],
    ]);
    expect(first.responsibilities).toHaveLength(4 + 13); // 永济市 once, the other 12 counties and the zone
    expect(plan.addedUnits).toEqual([
      { code: 'S35', name: '市大数据中心', kind: 'city-department', aliases: [], dualPublicity: false },
    ]);
    const unitNote = plan.notes.find((n) => n.subject.kind === 'unit');
    expect(unitNote).toMatchObject({ subject: { kind: 'unit', code: 'S35' } });
    expect(unitNote!.source).toContain('市大数据中心');
    // Every city department, the new one included, for the office to prune.
    expect(second.responsibilities).toHaveLength(
      plan.units.filter((u) => u.kind === 'city-department').length,
    );
    expect(plan.notes.some((n) => n.message.includes('市直有关单位') && n.message.includes('泛指'))).toBe(
      true,
    );
  });

  it('reads 牵头单位：/配合单位：/完成时限： on lines of their own after the task', () => {
    const plan = importText(
      doc(
        '二、重点任务',
        '（一）完善制度',
        '1.编制目录。开展培训2次以上。',
        '牵头单位：市发改委',
        '配合单位：市财政局、市税务局',
        '完成时限：2024年6月底前',
        '2.推行承诺。',
        '牵头单位:市审批局',
        '责任单位:各县(市、区)人民政府',
      ),
    );
    expect(plan.tasks.map((t) => [t.text, t.deadline ?? '', t.responsibilities.length])).toEqual([
      ['编制目录。开展培训2次以上。', '2024-06-30', 3],
      ['推行承诺。', '', 14],
    ]);
    expect(plan.tasks[0].responsibilities[0]).toEqual({ unit: 'S01', role: 'lead' });
    expect(plan.tasks[1].responsibilities[0]).toEqual({ unit: 'S10', role: 'lead' });
    expect(plan.tasks[1].responsibilities.slice(1).every((r) => r.role === 'partner')).toBe(true);
    expect(plan.indicators.map((i) => [i.kind, i.target])).toEqual([['count', 2]]);
  });

  it('follows a （牵头） mark anywhere in a list', () => {
    const plan = importText(
      doc('二、重点任务', '（一）甲', '1.推行承诺。（责任单位：市审批局、市财政局（牵头）、市税务局）'),
    );
    expect(plan.tasks[0].responsibilities).toEqual([
      { unit: 'S10', role: 'partner' },
      { unit: 'S03', role: 'lead' },
      { unit: 'S14', role: 'partner' },
    ]);
  });

  it('leaves out a top-level 加强组织保障 part where the parts are the tasks', () => {
    const plan = importText(
      [
        'XX市2025年社会信用体系建设工作要点',
        '一、完善信用制度。编制目录。（责任单位：市发改委）',
        '二、推行信用承诺。（责任单位：市审批局）',
        '三、加强组织保障。各单位要高度重视。',
      ].join('\n'),
      2025,
    );
    expect(plan.tasks.map((t) => t.title)).toEqual(['完善信用制度', '推行信用承诺']);
  });

  it('takes 到2025年底， before a target as its time limit, and names a date by the clause it stands before', () => {
    const plan = importText(
      doc(
        '二、重点任务',
        '（一）甲',
        '1.推行承诺。到2024年底，承诺覆盖率达到95%以上，年内新增信用修复案例10个以上。（市审批局负责）',
        '2.建设平台。到2024年9月底，全面建成信用平台。（市发改委负责）',
      ),
    );
    expect(plan.indicators.map((i) => [i.code, i.kind, i.name])).toEqual([
      ['T01-1', 'percent', '承诺覆盖率'],
      ['T01-2', 'count', '新增信用修复案例数'],
      ['T02-1', 'date', '全面建成信用平台完成日期'],
    ]);
    expect(plan.tasks.map((t) => t.deadline)).toEqual(['2024-12-31', '2024-09-30']);
  });

  it('carries a 下同 list forward to tasks that name no units', () => {
    const plan = importText(
      doc(
        '二、重点任务',
        '（一）甲',
        '1.任务甲。（责任单位：市发展改革委、市财政局，下同）',
        '2.任务乙。',
        '3.任务丙。（责任单位：市审批局）',
      ),
    );
    expect(plan.tasks.map((t) => t.responsibilities.map((r) => name(r.unit)))).toEqual([
      ['市发展改革委', '市财政局'],
      ['市发展改革委', '市财政局'],
      ['市审批局'],
    ]);
  });

  it('gives the reporters a sentence names: each county…, 市有关单位… → two indicators', () => {
    const plan = importText(
      doc(
        '二、重点任务',
        '（一）甲',
        '1.加强宣传。每县(市、区)、XX开发区诚信宣传次数全年要达到20次以上，市有关单位要达到3次以上。（责任单位：市市场监管局、市交通局；各县(市、区)人民政府、XX开发区管委会）',
      ),
    );
    const [counties, departments] = plan.indicators as [Indicator, Indicator];
    expect([counties.comparator, counties.target, counties.reporters.length]).toEqual(['>=', 20, 14]);
    expect([departments.comparator, departments.target, departments.reporters.map(name)]).toEqual([
      '>=',
      3,
      ['市市场监管局', '市交通局'],
    ]);
  });

  it('numbers indicators by task around the fixed codes of the 双公示 ranking', () => {
    const plan = importText(
      doc(
        '二、重点任务',
        '（一）甲',
        '1.任务甲。“双公示”合规率、及时率、完整率均达到99%以上。（责任单位：市发展改革委）',
        '2.任务乙。合规率达到100%。（责任单位：市发展改革委）',
        '3.任务丙。合规率达到100%。（责任单位：市发展改革委）',
        '4.任务丁。合规率达到100%，差错率低于1%。（责任单位：市发展改革委）',
      ),
    );
    expect(plan.indicators.map((i) => [i.code, i.task])).toEqual([
      ['T04-1', 1],
      ['T04-2', 1],
      ['T04-3', 1],
      ['T02-1', 2],
      ['T03-1', 3],
      ['T04-4', 4],
      ['T04-5', 4],
    ]);
    expect(plan.indicators[0].reporters).toEqual(
      UNITS_2024.filter((u) => u.dualPublicity).map((u) => u.code),
    );
  });

  it('marks every indicator for review with its source sentence', () => {
    const plan = importText(
      doc('二、重点任务', '（一）甲', '1.任务甲。合规率达到100%。（责任单位：市发展改革委）'),
    );
    expect(plan.notes.filter((n) => n.subject.kind === 'indicator')).toEqual([
      expect.objectContaining({ subject: { kind: 'indicator', code: 'T01-1' }, source: '合规率达到100%' }),
    ]);
  });

  it('reads the same in full-width punctuation', () => {
    const text = doc(
      '二、重点任务',
      '(一)甲',
      '1.任务甲。合规率达到100%,差错率<1‰。(市发展改革委牵头,市财政局配合)',
    );
    const half = importText(text);
    const full = importText(fullWidth(text));
    const shape = (p: typeof half) => ({
      tasks: p.tasks.map((t) => [t.title, t.responsibilities]),
      indicators: p.indicators.map((i) => [i.code, i.kind, i.comparator, i.target]),
    });
    expect(shape(full)).toEqual(shape(half));
    expect(shape(half).indicators).toHaveLength(2);
  });
});

describe('任务分工表', () => {
  const cell = (text: string, merged = false) => ({ text, merged });
  it('reads sections from merged rows, one task over merged rows, and a merged lead', () => {
    const rows = [
      ['序号', '工作任务', '责任单位', '责任单位', '完成时限'],
      ['', '', '牵头单位', '配合单位', ''],
      ['一、夯实基础', '一、夯实基础', '一、夯实基础', '一、夯实基础', '一、夯实基础'].map((t, i) =>
        cell(t, i > 0),
      ),
      ['1', '完善目录。编印目录。', '市发展改革委', '市财政局', '2024年6月底前'],
      ['1', '开展培训。', '市发展改革委', '市司法局', '2024年6月底前'].map((t, i) =>
        cell(t, i !== 1 && i !== 3),
      ),
      ['2', '推行承诺。', '市发展改革委', '市审批局、各县（市、区）人民政府', '长期坚持'].map((t, i) =>
        cell(t, i === 2),
      ),
    ].map((row) => row.map((c) => (typeof c === 'string' ? cell(c) : c)));
    const tasks = tableTasks({ kind: 'table', rows, place: '表1' });
    expect(tasks).toEqual([
      expect.objectContaining({
        number: 1,
        section: '一',
        sectionTitle: '夯实基础',
        text: '完善目录。编印目录。\n开展培训。',
        lead: '市发展改革委',
        partner: '市财政局、市司法局',
        deadline: '2024年6月底前',
      }),
      expect.objectContaining({
        number: 2,
        lead: '市发展改革委',
        partner: '市审批局、各县（市、区）人民政府',
        deadline: '长期坚持',
      }),
    ]);
  });

  const tableDoc = (rows: (string | { text: string; merged: boolean })[][]) =>
    importWorkPoints(
      {
        blocks: [
          { kind: 'paragraph', text: 'XX市2024年社会信用体系建设工作要点', place: '第1段' },
          {
            kind: 'table',
            place: '表1',
            rows: rows.map((row) => row.map((c) => (typeof c === 'string' ? cell(c) : c))),
          },
        ],
      },
      { year: 2024, units: UNITS_2024 },
    );

  it('reads a 类别 column merged down, 序号 / 重点任务 / 牵头单位 / 配合单位 / 完成时间, and — for no partner', () => {
    const plan = tableDoc([
      ['类别', '序号', '重点任务', '牵头单位', '配合单位', '完成时间'],
      ['信用基础', '1', '编制目录。', '市发改委', '市司法局', '6月底前'],
      [cell('信用基础', true), '2', '归集信息，合规率≥99%。', '市发改委', '市财政局、市税务局', '12月'],
      ['信用监管', '3', '分级分类监管。', '市市场监管局', '—', '年底前'],
    ]);
    expect(plan.tasks.map((t) => [t.section, t.sectionTitle, t.deadline, t.responsibilities.length])).toEqual(
      [
        ['一', '信用基础', '2024-06-30', 2],
        ['一', '信用基础', '2024-12-31', 3],
        ['二', '信用监管', '2024-12-31', 1],
      ],
    );
    expect(plan.addedUnits).toEqual([]);
  });

  it("reads a table with no 序号 and no sections: units named once over a task's rows, its latest 时间进度", () => {
    const plan = tableDoc([
      ['主要任务', '工作措施', '责任单位', '时间进度'],
      ['（一）完善信用制度', '1.编制目录；2.修订清单。', '市发改委（牵头）、市司法局', '2024年9月'],
      [cell('（一）完善信用制度', true), '3.开展培训3次以上。', '市发改委', '2024年11月'],
      ['（二）推行信用承诺', '推行承诺制。', '市审批局', '持续推进'],
    ]);
    expect(plan.tasks.map((t) => [t.section, t.title, t.deadline, t.responsibilityText])).toEqual([
      ['一', '完善信用制度', '2024-11-30', '市发改委（牵头）、市司法局'],
      ['一', '推行信用承诺', undefined, '市审批局'],
    ]);
    expect(plan.tasks[0].responsibilities).toEqual([
      { unit: 'S01', role: 'lead' },
      { unit: 'S07', role: 'partner' },
    ]);
  });

  it('is not any table', () => {
    const rows = [['指标', '目标'].map((t) => cell(t)), ['合规率', '100%'].map((t) => cell(t))];
    expect(tableTasks({ kind: 'table', rows, place: '表1' })).toBeUndefined();
  });
});
