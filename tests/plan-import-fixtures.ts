import {
  AlignmentType,
  Document,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { SEED_2024 } from '../core/plan/seed-2024.js';

/**
 * 工作要点 documents written by code in the shapes offices issue: the seed as text (half- and
 * full-width), as a Word document with typed or automatic numbering, and as a 任务分工表 with merged
 * cells. The fixtures read the seed with their own small regular expressions, so a test of the
 * importer does not grade the importer with itself.
 */

export const seedLines = (): string[] => SEED_2024.split('\n').filter((line) => line.trim());

/** Half-width brackets and list punctuation to the full-width forms most offices type. */
export const fullWidth = (text: string): string =>
  text.replace(/[():;,]/g, (c) => ({ '(': '（', ')': '）', ':': '：', ';': '；', ',': '，' })[c]!);

export interface SeedTask {
  number: number;
  section: string;
  sectionTitle: string;
  /** Task text without the responsibility parenthesis; extra paragraphs follow on new lines. */
  text: string;
  /** The responsibility list as written (task 1's note left out). */
  units: string;
}

/** Index of the bracket closing the one at `open` (test-local: the seed nests 县(市、区) inside). */
function closeOf(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    if (text[i] === ')' && --depth === 0) return i;
  }
  throw new Error('unbalanced');
}

export function seedTasks(): SeedTask[] {
  const lines = seedLines();
  const from = lines.indexOf('二、重点任务');
  const to = lines.indexOf('三、保障措施');
  const tasks: SeedTask[] = [];
  let section = ['', ''];
  for (const line of lines.slice(from + 1, to)) {
    const sectionMatch = /^\(([一二三四五六七八九])\)(.+)$/.exec(line);
    if (sectionMatch) {
      section = [sectionMatch[1], sectionMatch[2]];
      continue;
    }
    const task = /^(\d+)\.(.+)$/.exec(line);
    if (!task) {
      tasks[tasks.length - 1].text += `\n${line}`;
      continue;
    }
    const open = task[2].indexOf('(责任单位:');
    const close = closeOf(task[2], open);
    const units = task[2].slice(open + '(责任单位:'.length, close).split('。注:')[0];
    tasks.push({
      number: Number(task[1]),
      section: section[0],
      sectionTitle: section[1],
      text: task[2].slice(0, open) + task[2].slice(close + 1),
      units,
    });
  }
  return tasks;
}

/** The first list item (outside brackets) leads; the rest partner, as the seed means them. */
export function leadAndPartners(units: string): { lead: string; partners: string } {
  let depth = 0;
  for (let i = 0; i < units.length; i++) {
    const c = units[i];
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (depth === 0 && '、;及'.includes(c)) return { lead: units.slice(0, i), partners: units.slice(i + 1) };
  }
  return { lead: units, partners: '' };
}

const FONT = { ascii: 'Times New Roman', eastAsia: '仿宋_GB2312' };
const text = (line: string) => new Paragraph({ children: [new TextRun({ text: line, font: FONT })] });

/** The lines as Word paragraphs, numbers typed as text. */
export async function docxOfLines(lines: string[]): Promise<Buffer> {
  const doc = new Document({ sections: [{ children: lines.map(text) }] });
  return Packer.toBuffer(doc);
}

/**
 * The seed with Word's automatic numbering instead of typed numbers: 一、 and （一） from one
 * outline list, tasks 1.–23. from a second list that runs through all sections, as offices set
 * them up with the 编号 button.
 */
export async function docxAutoNumbered(): Promise<Buffer> {
  const children = seedLines().map((line) => {
    const part = /^[一二三四五六七八九十]+、(.+)$/.exec(line);
    const section = /^\([一二三四五六七八九十]+\)(.+)$/.exec(line);
    const task = /^\d+\.(.+)$/.exec(line);
    const numbered = (body: string, reference: string, level: number) =>
      new Paragraph({ numbering: { reference, level }, children: [new TextRun({ text: body, font: FONT })] });
    if (part) return numbered(part[1], 'outline', 0);
    if (section) return numbered(section[1], 'outline', 1);
    if (task) return numbered(task[1], 'tasks', 0);
    return text(line);
  });
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: 'outline',
          levels: [
            { level: 0, format: LevelFormat.CHINESE_COUNTING, text: '%1、', alignment: AlignmentType.LEFT },
            { level: 1, format: LevelFormat.CHINESE_COUNTING, text: '（%2）', alignment: AlignmentType.LEFT },
          ],
        },
        {
          reference: 'tasks',
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.LEFT }],
        },
      ],
    },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}

const COLUMN_WIDTHS = [700, 4200, 1600, 2400, 1000];

const cell = (value: string, options: { rowSpan?: number; columnSpan?: number } = {}) =>
  new TableCell({ children: value.split('\n').map(text), ...options });

/**
 * The seed as a 任务分工表: 序号 / 工作任务 / 牵头单位 / 配合单位 / 完成时限, a section row merged
 * across the table before each section, task 1 over two rows (its list of documents in the second),
 * the lead merged down over consecutive tasks that share it, and 完成时限 merged down over runs of
 * the same words.
 */
export async function docxTaskTable(
  options: { withText?: boolean; transform?: (text: string) => string } = {},
): Promise<Buffer> {
  const typed = options.transform ?? ((t: string) => t);
  const tasks = seedTasks();
  interface Row {
    section?: string;
    number?: string;
    task?: string;
    lead?: string;
    partners?: string;
    deadline?: string;
  }
  const rows: Row[] = [];
  let section = '';
  for (const task of tasks) {
    if (task.section !== section) {
      section = task.section;
      rows.push({ section: `（${task.section}）${task.sectionTitle}` });
    }
    const { lead, partners } = leadAndPartners(task.units);
    const [first, ...more] = task.text.split('\n');
    const deadline = task.number === 15 ? '10月底前' : task.number <= 9 ? '全年' : '长期坚持';
    const row = (text: string) => ({
      number: String(task.number),
      task: typed(text),
      lead: typed(lead),
      partners: typed(partners),
      deadline,
    });
    rows.push(row(first));
    for (const paragraph of more) rows.push(row(paragraph));
  }
  // Runs of equal values in a column become one merged cell (rowSpan), as typists merge them.
  const spans = (key: keyof Row, index: number): number => {
    if (rows[index].section) return 1;
    let n = 1;
    while (rows[index + n] && !rows[index + n].section && rows[index + n][key] === rows[index][key]) n++;
    return n;
  };
  const covered = new Map<keyof Row, number>();
  const tableRows = [
    new TableRow({
      tableHeader: true,
      children: ['序号', '工作任务', '牵头单位', '配合单位', '完成时限'].map((h) => cell(h)),
    }),
  ];
  rows.forEach((row, i) => {
    if (row.section) {
      tableRows.push(new TableRow({ children: [cell(row.section, { columnSpan: 5 })] }));
      return;
    }
    const children: TableCell[] = [];
    for (const key of ['number', 'task', 'lead', 'partners', 'deadline'] as const) {
      if ((covered.get(key) ?? -1) >= i) continue;
      const span = key === 'task' ? 1 : spans(key, i);
      covered.set(key, i + span - 1);
      children.push(cell(row[key] ?? '', span > 1 ? { rowSpan: span } : {}));
    }
    tableRows.push(new TableRow({ children }));
  });
  const lines = seedLines();
  const intro = options.withText ? lines : lines.slice(0, 1);
  const doc = new Document({
    sections: [
      {
        children: [
          ...intro.map(text),
          text('附件：XX市社会信用体系建设2024年重点任务分工表'),
          new Table({
            rows: tableRows,
            columnWidths: COLUMN_WIDTHS,
            width: { size: 9900, type: WidthType.DXA },
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/**
 * Another city's plan for another year, as such documents are typed: 二、重点工作 with （一）
 * themes and 1． tasks in full-width punctuation, units by their full official names, 牵头/责任
 * labels, 下同, a unit no plan has, 具体措施 rows and a 任务分工表 annex whose columns differ from
 * the seed's (序号 / 重点任务 / 具体措施 / 牵头单位 / 责任单位 / 完成时限).
 */
export interface OtherCityTask {
  section: [string, string];
  title: string;
  /** Sentences after the title. */
  measures: string[];
  lead: string;
  partners: string;
  /** As written in the text; the table writes lead and partners in their own columns. */
  clause: string;
  deadline: string;
}

export const OTHER_CITY_TITLE = '晋城市2027年社会信用体系建设工作要点';

export const otherCityTasks = (): OtherCityTask[] => {
  const base = { section: ['一', '夯实信用基础设施'] as [string, string] };
  const monitor = { section: ['二', '强化信用监管'] as [string, string] };
  const culture = { section: ['三', '优化诚信环境'] as [string, string] };
  return [
    {
      ...base,
      title: '提升信用信息平台功能',
      measures: [
        '完成市信用信息共享平台升级改造，2027年6月底前实现与省平台数据实时交换；平台数据归集合规率达到99%以上。',
      ],
      lead: '市发展和改革委员会',
      partners: '市大数据应用局、各县（市、区）人民政府',
      clause: '（牵头单位：市发展和改革委员会；责任单位：市大数据应用局、各县（市、区）人民政府）',
      deadline: '2027年6月底前',
    },
    {
      ...base,
      title: '提高“双公示”信息质量',
      measures: [
        '严格落实行政许可、行政处罚信息自作出决定之日起7个工作日内上网公示要求，“双公示”数据合规率、及时率、完整率均达到100%。',
      ],
      lead: '市发展和改革委员会',
      partners: '市直有关部门、各县（市、区）人民政府',
      clause: '（市发展和改革委员会牵头，市直有关部门、各县（市、区）人民政府按职责分工负责）',
      deadline: '长期坚持',
    },
    {
      ...base,
      title: '推进信用信息归集共享',
      measures: [
        '一是归集企业纳税、社保、水电气等信用信息，企业纳税信息条数与城市企业数比值≥0.6；二是持续治理统一社会信用代码重错码，重错码率控制在0.5‱以下；三是按季度向省平台报送信用承诺信息。',
      ],
      lead: '国家税务总局晋城市税务局',
      partners: '市人力资源和社会保障局、市住房和城乡建设局、市行政审批服务管理局',
      clause:
        '（责任单位：国家税务总局晋城市税务局、市人力资源和社会保障局、市住房和城乡建设局、市行政审批服务管理局，下同）',
      deadline: '长期坚持',
    },
    {
      ...base,
      title: '健全重点人群信用档案',
      measures: ['为教师、医师、律师等重点职业人群建立信用档案，年底前档案覆盖率达到80%以上。'],
      lead: '国家税务总局晋城市税务局',
      partners: '市人力资源和社会保障局、市住房和城乡建设局、市行政审批服务管理局',
      clause: '',
      deadline: '年底前',
    },
    {
      ...monitor,
      title: '深化信用分级分类监管',
      measures: [
        '在市场监管、税务、生态环境等领域实施信用分级分类监管，实施领域达到15个以上，每年培育2-3个信用监管示范项目。',
      ],
      lead: '市市场监督管理局',
      partners: '市生态环境局、市交通运输局、市卫生健康委员会',
      clause: '（牵头单位：市市场监督管理局；配合单位：市生态环境局、市交通运输局、市卫生健康委员会）',
      deadline: '长期坚持',
    },
    {
      ...monitor,
      title: '依法依规实施失信惩戒',
      measures: ['落实失信惩戒措施清单，失信被执行人占比低于3‰。'],
      lead: '市中级人民法院',
      partners: '',
      clause: '（市中级人民法院负责）',
      deadline: '长期坚持',
    },
    {
      ...monitor,
      title: '优化信用修复服务',
      measures: ['推行信用修复“一网通办”，修复申请办结时限不超过5个工作日，三季度末前完成修复系统对接。'],
      lead: '市发展和改革委员会',
      partners: '市中级人民法院、市市场监督管理局',
      clause: '（责任单位：市发展和改革委员会、市中级人民法院、市市场监督管理局）',
      deadline: '三季度末前',
    },
    {
      ...culture,
      title: '广泛开展诚信宣传',
      measures: ['每个县（市、区）全年开展诚信宣传活动不少于12次，市直有关单位不少于4次。'],
      lead: '市委宣传部',
      partners: '市文化和旅游局；各县（市、区）人民政府',
      clause: '（责任单位：市委宣传部、市文化和旅游局；各县（市、区）人民政府）',
      deadline: '全年',
    },
    {
      ...culture,
      title: '培育信用服务市场',
      measures: ['引进培育信用服务机构3家以上，上半年出台信用服务机构管理办法。'],
      lead: '市发展和改革委员会',
      partners: '中国人民银行晋城市分行、市地方金融管理局',
      clause: '（市发展和改革委员会牵头，中国人民银行晋城市分行、市地方金融管理局配合）',
      deadline: '上半年',
    },
    {
      ...culture,
      title: '加强政务诚信建设',
      measures: ['政府机构失信案件全部清零，10月底前完成全市公务员诚信培训。'],
      lead: '市委组织部',
      partners: '市司法局、市人力资源和社会保障局',
      clause: '（责任单位：市委组织部、市司法局、市人力资源和社会保障局）',
      deadline: '10月底前',
    },
  ];
};

/** The other city's text, tasks numbered 1． again in each （一） theme. */
export function otherCityLines(): string[] {
  const lines = [
    OTHER_CITY_TITLE,
    '为深入贯彻国家和省关于社会信用体系建设的决策部署，结合我市实际，制定本要点。',
    '一、总体要求',
    '以习近平新时代中国特色社会主义思想为指导，到2027年底，全市城市信用监测排名稳定在全国前50名以内，新增示范区1个以上。',
    '二、重点工作',
  ];
  let section = '';
  let n = 0;
  for (const task of otherCityTasks()) {
    if (task.section[0] !== section) {
      section = task.section[0];
      n = 0;
      lines.push(`（${task.section[0]}）${task.section[1]}`);
    }
    lines.push(`${++n}．${task.title}。${task.measures.join('')}${task.clause}`);
  }
  lines.push(
    '三、保障措施',
    '（一）加强组织领导。各县（市、区）、各部门要把信用建设摆上重要位置，确保各项任务按时完成率达到100%。',
    '（二）强化督导考核。市信用办每季度通报一次工作进展。',
  );
  return lines;
}

/** The other city's 任务分工表: section rows across, 序号 and 重点任务 merged over measure rows. */
export function otherCityTableRows(): { cells: { text: string; rowSpan?: number; columnSpan?: number }[] }[] {
  const rows: { cells: { text: string; rowSpan?: number; columnSpan?: number }[] }[] = [
    { cells: ['序号', '重点任务', '具体措施', '牵头单位', '责任单位', '完成时限'].map((text) => ({ text })) },
  ];
  let section = '';
  otherCityTasks().forEach((task, i) => {
    if (task.section[0] !== section) {
      section = task.section[0];
      rows.push({ cells: [{ text: `${task.section[0]}、${task.section[1]}`, columnSpan: 6 }] });
    }
    // A task's measures one per row, split at 一是/二是 as typists lay them out.
    const measures = task.measures.flatMap((m) => m.split(/；(?=[二三四五]是)/));
    rows.push({
      cells: [
        { text: String(i + 1), rowSpan: measures.length },
        { text: task.title, rowSpan: measures.length },
        { text: measures[0] },
        { text: task.lead, rowSpan: measures.length },
        { text: task.partners || '—', rowSpan: measures.length },
        { text: task.deadline, rowSpan: measures.length },
      ],
    });
    for (const measure of measures.slice(1)) rows.push({ cells: [{ text: measure }] });
  });
  return rows;
}

/** The other city's plan as .docx: the text, then (or only) the 任务分工表 annex. */
export async function docxOtherCity(options: { text: boolean; table: boolean }): Promise<Buffer> {
  const lines = otherCityLines();
  const table = new Table({
    rows: otherCityTableRows().map(
      (row) =>
        new TableRow({
          children: row.cells.map((c) =>
            cell(c.text, {
              ...(c.rowSpan ? { rowSpan: c.rowSpan } : {}),
              ...(c.columnSpan ? { columnSpan: c.columnSpan } : {}),
            }),
          ),
        }),
    ),
    columnWidths: [600, 1500, 3600, 1500, 1800, 900],
    width: { size: 9900, type: WidthType.DXA },
  });
  const children = [
    ...(options.text ? lines : lines.slice(0, 1)).map(text),
    ...(options.table
      ? [text(`附件：${OTHER_CITY_TITLE.replace('工作要点', '重点任务分工表')}`), table]
      : []),
  ];
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}
