import { textDocument } from './import/document.js';
import { importWorkPoints } from './import/import.js';
import type { Indicator, Plan, Unit } from './model.js';
import { SEED_2024 } from './seed-2024.js';
import { isoToExcelSerial } from '../values/excel-serial.js';

/**
 * The built-in 2024 plan: tasks, responsibilities and deadlines imported from the seed text by the
 * same importer an office runs on its own 工作要点 (core/plan/import), units and the reviewed
 * indicators as the seed names them. The seed anonymizes the city as XX市; its references (运信用办, 河津市, 永济市) place it in
 * Yuncheng, Shanxi, whose 13 county-level divisions are listed here. All of it is plan data that the
 * office edits in plan.xlsx.
 */

const cityDepartment = (code: string, name: string, aliases: string[] = [], dualPublicity = false): Unit => ({
  code,
  name,
  kind: 'city-department',
  aliases,
  dualPublicity,
});

const county = (code: string, name: string): Unit => ({
  code,
  name,
  kind: 'county',
  aliases: [],
  dualPublicity: true,
});

export const UNITS_2024: Unit[] = [
  {
    code: 'XYB',
    name: '市信用办',
    kind: 'credit-office',
    aliases: ['市社会信用体系建设联席会议办公室'],
    dualPublicity: false,
  },
  // Units of task 4's list publish 双公示 records and are ranked monthly.
  cityDepartment('S01', '市发展改革委', ['市发改委', '市发改'], true),
  cityDepartment('S02', '市委编办', [], true),
  cityDepartment('S03', '市财政局', [], true),
  cityDepartment('S04', '市市场监管局', ['市场监管', '市市场监督管理局'], true),
  cityDepartment('S05', '市卫健委', ['市卫生健康委'], true),
  cityDepartment('S06', '市教育局', [], true),
  cityDepartment('S07', '市司法局', [], true),
  cityDepartment('S08', '市法院', ['市中级人民法院', '法院'], true),
  cityDepartment('S09', '市农业农村局', [], true),
  cityDepartment('S10', '市审批局', ['市行政审批服务管理局'], true),
  cityDepartment('S11', '市金融办'),
  cityDepartment('S12', '国家金融监管总局XX监管分局'),
  cityDepartment('S13', '人行XX市分行'),
  cityDepartment('S14', '市税务局'),
  cityDepartment('S15', '市科技局'),
  cityDepartment('S16', '市能源局', ['国网XX供电公司']),
  cityDepartment('S17', '市城市管理局', ['供水、供气公司']),
  cityDepartment('S18', '市规划和自然资源局'),
  cityDepartment('S19', '市知识产权局'),
  cityDepartment('S20', '市人社局'),
  cityDepartment('S21', '市工商联'),
  cityDepartment('S22', '市水务局', ['水务']),
  cityDepartment('S23', '市消防救援支队'),
  cityDepartment('S24', '市医保局'),
  cityDepartment('S25', '市统计局'),
  cityDepartment('S26', 'XX海关'),
  cityDepartment('S27', '市交通局'),
  cityDepartment('S28', '市住建局', ['住建']),
  cityDepartment('S29', '市委组织部'),
  cityDepartment('S30', '市工信局', ['工信']),
  cityDepartment('S31', '市文旅局'),
  cityDepartment('S32', '市生态环境局'),
  cityDepartment('S33', '团市委'),
  cityDepartment('S34', '市应急局', ['市应急管理局']),
  county('X01', '盐湖区'),
  county('X02', '永济市'),
  county('X03', '河津市'),
  county('X04', '临猗县'),
  county('X05', '万荣县'),
  county('X06', '闻喜县'),
  county('X07', '稷山县'),
  county('X08', '新绛县'),
  county('X09', '绛县'),
  county('X10', '垣曲县'),
  county('X11', '夏县'),
  county('X12', '平陆县'),
  county('X13', '芮城县'),
  {
    code: 'K01',
    name: 'XX开发区',
    kind: 'development-zone',
    aliases: ['XX开发区管委会'],
    dualPublicity: true,
  },
];

/** The seed through the importer, as `creditwork plan import` reads an office's document. */
function importSeed(units: Unit[]) {
  const imported = importWorkPoints(textDocument(SEED_2024), { year: 2024, units });
  if (imported.addedUnits.length > 0) {
    const names = imported.addedUnits.map((unit) => unit.name).join(', ');
    throw new Error(`built-in plan: the seed names units not in UNITS_2024: ${names}`);
  }
  return imported;
}

const SEED = importSeed(UNITS_2024);

const codesOf = (units: Unit[], names: string[]) =>
  names.map((name) => {
    const unit = units.find((u) => u.name === name);
    if (!unit) throw new Error(`built-in plan: unknown unit ${name}`);
    return unit.code;
  });

const countiesAndZone = (units: Unit[]) =>
  units.filter((u) => u.kind === 'county' || u.kind === 'development-zone').map((u) => u.code);

const dualPublicityUnits = (units: Unit[]) => units.filter((u) => u.dualPublicity).map((u) => u.code);

/** Enterprise counts exclude 个体工商户 unless the seed says 含个体工商户. */
const ENTERPRISES = '城市企业数（不含个体工商户）';
const ENTERPRISES_WITH_SOLE = '存续企业总数（含个体工商户）';

function indicators2024(units: Unit[]): Indicator[] {
  const dual = dualPublicityUnits(units);
  const twoCounts =
    (kind: 'ratio' | 'percent') =>
    (
      code: string,
      task: number,
      name: string,
      numeratorLabel: string,
      denominatorLabel: string,
      comparator: Indicator['comparator'],
      target: number,
      targetText: string,
      reporters: string[],
    ): Indicator => ({
      code,
      task,
      name,
      definition: `${numeratorLabel} ÷ ${denominatorLabel}`,
      kind,
      numeratorLabel,
      denominatorLabel,
      comparator,
      target,
      targetText,
      reporters,
      period: 'monthly',
      level: 'error',
    });
  const ratio = twoCounts('ratio');
  const share = twoCounts('percent');
  return [
    share(
      'T04-1',
      4,
      '“双公示”信息合规率',
      '合规条数',
      '报送“双公示”信息总条数',
      '>=',
      1,
      '100%（逐月考评排名）',
      dual,
    ),
    share(
      'T04-2',
      4,
      '“双公示”信息及时率',
      '作出决定后7个工作日内归集平台的条数',
      '报送“双公示”信息总条数',
      '>=',
      1,
      '100%（7个工作日内归集，逐月考评排名）',
      dual,
    ),
    share(
      'T04-3',
      4,
      '“双公示”信息完整率',
      '要素完整的条数',
      '报送“双公示”信息总条数',
      '>=',
      1,
      '100%（逐月考评排名）',
      dual,
    ),
    share(
      'T04-4',
      4,
      '5类行政管理信息上报合规率',
      '行政强制、行政奖励、行政确认、行政裁决、行政监督检查信息合规条数',
      '上报上述5类信息总条数',
      '>=',
      1,
      '达到100%',
      dual,
    ),
    share(
      'T04-5',
      4,
      '统一社会信用代码重错码率',
      '重错码数',
      '统一社会信用代码赋码总数',
      '<=',
      0.0001,
      '控制在全国地级城市平均值（2023年为0.01%）以下',
      codesOf(units, ['市市场监管局', '市委编办']),
    ),
    ratio(
      'T07-1',
      7,
      '企业水费信息条数与城市企业数比值',
      '企业水费信息条数',
      ENTERPRISES,
      '>=',
      1,
      '≥1',
      codesOf(units, ['市城市管理局']),
    ),
    ratio(
      'T07-2',
      7,
      '企业电费信息条数与城市企业数比值',
      '企业电费信息条数',
      ENTERPRISES,
      '>=',
      1,
      '≥1',
      codesOf(units, ['市能源局']),
    ),
    ratio(
      'T07-3',
      7,
      '企业纳税信息条数与城市企业数比值',
      '企业纳税信息条数',
      ENTERPRISES,
      '>=',
      0.5,
      '≥0.5',
      codesOf(units, ['市税务局']),
    ),
    ratio(
      'T07-4',
      7,
      '企业燃气费信息条数与城市企业数比值',
      '企业燃气费信息条数',
      ENTERPRISES,
      '>=',
      0.001,
      '≥0.001',
      codesOf(units, ['市城市管理局']),
    ),
    ratio(
      'T07-5',
      7,
      '企业不动产信息条数与城市企业数比值',
      '企业不动产信息条数',
      ENTERPRISES,
      '>=',
      0.001,
      '≥0.001',
      codesOf(units, ['市规划和自然资源局']),
    ),
    ratio(
      'T07-6',
      7,
      '企业科技研发信息条数与城市企业数比值',
      '企业科技研发信息条数',
      ENTERPRISES,
      '>=',
      0.001,
      '≥0.001',
      codesOf(units, ['市科技局']),
    ),
    share(
      'T08-1',
      8,
      '融资信用服务平台实名认证企业占比',
      '域内注册平台实名认证的企业数（含个体工商户）',
      ENTERPRISES_WITH_SOLE,
      '>=',
      0.1,
      '10%以上',
      codesOf(units, ['市发展改革委']),
    ),
    share(
      'T08-2',
      8,
      '平台获贷企业占比',
      '平台获贷企业数（含个体工商户）',
      '全市存续企业总量（含个体工商户）',
      '>=',
      0.04,
      '4%以上',
      codesOf(units, ['市发展改革委']),
    ),
    ratio(
      'T10-1',
      10,
      '信用承诺履约信息归集条数与域内企业总量比值',
      '信用承诺履约信息平台归集条数',
      '域内企业总量（含个体工商户）',
      '>',
      0.5,
      '>0.5',
      codesOf(units, ['市审批局']),
    ),
    share(
      'T11-1',
      11,
      '公共信用综合评价“优级”企业占比',
      '评价为“优级”的企业数',
      '域内企业总量',
      '>=',
      0.1,
      '≥10%',
      codesOf(units, ['市发展改革委']),
    ),
    share(
      'T11-2',
      11,
      '公共信用综合评价“中级及以下”企业占比',
      '评价为“中级及以下”的企业数',
      '域内企业总量',
      '<',
      0.02,
      '<2%',
      codesOf(units, ['市发展改革委']),
    ),
    {
      code: 'T11-3',
      task: 11,
      name: '实行信用分级分类监管和运用公共信用综合评价结果的领域数',
      definition: '已实行并可向国家系统提供印证资料的领域个数（累计）',
      kind: 'count',
      comparator: '>=',
      target: 20,
      targetText: '20个以上',
      reporters: codesOf(units, ['市发展改革委']),
      period: 'year-to-date',
      level: 'error',
    },
    share(
      'T14-1',
      14,
      '近12个月A级纳税人占全市法人企业比例',
      '近12个月A级纳税人数',
      '全市法人企业数',
      '>=',
      0.075,
      '达到西部地区平均水平以上（2023年为7.5%）',
      codesOf(units, ['市税务局']),
    ),
    {
      code: 'T15-1',
      task: 15,
      name: '本单位公职人员诚信教育培训完成日期',
      definition: '开展诚信教育培训的日期（完成后报送新闻稿等印证资料）',
      kind: 'date',
      comparator: '<=',
      target: isoToExcelSerial('2024-10-31'),
      targetText: '10月底前',
      reporters: codesOf(units, [
        '市发展改革委',
        '市工信局',
        '市市场监管局',
        '市住建局',
        '市水务局',
        '市法院',
      ]),
      period: 'annual',
      level: 'warning',
    },
    {
      code: 'T22-1',
      task: 22,
      name: '诚信宣传次数（县(市、区)、开发区）',
      definition: '本年度累计开展诚信宣传的次数',
      kind: 'count',
      comparator: '>=',
      target: 20,
      targetText: '全年20次以上',
      reporters: countiesAndZone(units),
      period: 'year-to-date',
      level: 'error',
    },
    {
      code: 'T22-2',
      task: 22,
      name: '诚信宣传次数（市有关单位）',
      definition: '本年度累计开展诚信宣传的次数',
      kind: 'count',
      comparator: '>=',
      target: 3,
      targetText: '全年3次以上',
      reporters: codesOf(units, ['市市场监管局', '市应急局', '市交通局', '人行XX市分行', '市消防救援支队']),
      period: 'year-to-date',
      level: 'error',
    },
    {
      code: 'T23-1',
      task: 23,
      name: '本月是否发生重大事故或重大失信事件',
      definition:
        '涉医疗、安全、食品等领域“特别重大事故”“重大事故”，或涉非法集资诈骗“数额巨大或者有其他严重情节”的重大失信事件（是/否）',
      kind: 'yes-no',
      comparator: '<=',
      target: 0,
      targetText: '严格预防（不发生）',
      reporters: [...codesOf(units, ['市应急局', '市市场监管局', '市法院']), ...countiesAndZone(units)],
      period: 'monthly',
      level: 'error',
    },
  ];
}

export const plan2024: Plan = {
  id: 'work-points-2024',
  version: 1,
  year: 2024,
  title: SEED.title,
  city: 'XX市',
  units: UNITS_2024,
  tasks: SEED.tasks,
  indicators: indicators2024(UNITS_2024),
  settings: {
    returnDeadlineWorkingDay: 5,
    rectificationWorkingDays: 10,
    dualPublicityWeights: { compliance: 0.4, timeliness: 0.4, completeness: 0.2 },
    dualPublicityDueWorkingDays: SEED.dualPublicityDueWorkingDays ?? 7,
    sheetPassword: '',
    contactName: '',
    contactPhone: '',
    contactEmail: '',
  },
  document: {
    issuer: 'XX市社会信用体系建设联席会议办公室',
    numberPrefix: 'X信用办',
    mainRecipients: '各县（市、区）人民政府，XX开发区管委会，市社会信用体系建设联席会议各成员单位',
    copyTo: '市委办公室，市人大常委会办公室，市政府办公室，市政协办公室',
    printer: 'XX市社会信用体系建设联席会议办公室',
  },
};
