import { Command, Option } from 'commander';
import { describeSystemError } from './system-error.js';
import { UserError } from './user-error.js';

// Only commander loads at start-up; each command imports its heavy modules (exceljs, docx,
// better-sqlite3) when it runs, so `--help` and typos answer instantly.

const DEFAULT_WORKSPACE = './creditwork-data';

// Each command declares its own option type; `never` parameters accept any of them.
type Action = (options: never, ...args: never[]) => Promise<number | void>;
type Invoke = (options: Record<string, unknown>, ...args: unknown[]) => Promise<number | void>;

function lazy(load: () => Promise<{ run: Action }>) {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const options = { ...command.optsWithGlobals() };
    const positional = args.slice(0, -2);
    const { run } = await load();
    const code = await (run as Invoke)(options, ...positional);
    if (typeof code === 'number') process.exitCode = code;
  };
}

const workspaceOption = () =>
  new Option('-w, --workspace <dir>', '工作区目录').default(DEFAULT_WORKSPACE).env('CREDITWORK_WORKSPACE');
const periodOption = () => new Option('-p, --period <YYYY-MM>', '填报期间，如 2024-05').makeOptionMandatory();

/** Option help in Chinese: the default and environment variable commander would add in English. */
function chineseOptionDescription(option: Option): string {
  const extra: string[] = [];
  if (option.defaultValue !== undefined && !option.isBoolean()) {
    extra.push(`默认：${option.defaultValueDescription ?? String(option.defaultValue)}`);
  }
  if (option.envVar) extra.push(`环境变量：${option.envVar}`);
  return extra.length ? `${option.description}（${extra.join('；')}）` : option.description;
}

const PARSE_ERRORS: [RegExp, string][] = [
  [/^error: required option '(.+)' not specified/, '错误：缺少必填参数 $1'],
  [/^error: unknown option '(.+)'/, '错误：未知参数 $1'],
  [/^error: unknown command '(.+)'/, '错误：未知命令 $1'],
  [/^error: option '(.+)' argument missing/, '错误：参数 $1 缺少取值'],
  [/^error: too many arguments.*/, '错误：参数过多'],
];

/** commander's parse errors in Chinese; anything unrecognized passes through unchanged. */
export function chineseParseError(text: string): string {
  let out = text.replace(/\(Did you mean (.+)\?\)/, '（是否要输入 $1？）');
  for (const [pattern, replacement] of PARSE_ERRORS) out = out.replace(pattern, replacement);
  return out;
}

export function buildProgram(): Command {
  const program = new Command('creditwork')
    .description('社会信用体系建设工作要点：下发月度填报表、汇总、月度通报、年终考核')
    .version('0.1.0', '-V, --version', '显示版本号')
    .helpOption('-h, --help', '显示帮助')
    .showHelpAfterError('（使用 --help 查看用法）')
    .helpCommand('help [command]', '显示某个命令的帮助')
    .configureHelp({ optionDescription: chineseOptionDescription })
    .configureOutput({ outputError: (text, write) => write(chineseParseError(text)) });

  program
    .command('init')
    .description('创建工作区，并由内置的工作要点生成该年度的 plans/<年度>.xlsx')
    .addOption(workspaceOption())
    .option('-y, --year <year>', '工作要点年度（默认：今年）')
    .option('-f, --force', '覆盖已有的该年度工作要点（原文件先备份）')
    .action(lazy(() => import('./commands/init.js')));

  const plan = program.command('plan').description('每年的工作要点（plans/<年度>.xlsx）：新建、检查、查看');
  plan
    .command('new')
    .description('由上一年度（或 --from 指定年度）结转，建立新年度的工作要点')
    .addOption(workspaceOption())
    .requiredOption('-y, --year <year>', '新的年度，如 2027')
    .option('--from <year>', '结转来源年度（默认：工作区中最近的年度）')
    .option('-f, --force', '覆盖已有的该年度工作要点（原文件先备份）')
    .action(lazy(() => import('./commands/plan-new.js')));
  plan
    .command('import')
    .description(
      '从年度工作要点文件（.docx .doc .wps .pdf .txt）导入任务、责任分工和指标，其余由上一年度结转',
    )
    .argument('<file>', '工作要点文件')
    .addOption(workspaceOption())
    .requiredOption('-y, --year <year>', '工作要点的年度，如 2027')
    .option('--from <year>', '结转单位、考核办法、日程和设置的来源年度（默认：工作区中最近的年度）')
    .option('-f, --force', '覆盖已有的该年度工作要点（原文件先备份）')
    .option('--json', '以 JSON 输出结果')
    .action(lazy(() => import('./commands/plan-import.js')));
  plan
    .command('check')
    .description('读取工作要点并报告所有问题（工作表与单元格）、其他年份的日期和缺少的节假日数据')
    .addOption(workspaceOption())
    .option('-y, --year <year>', '只检查该年度（默认：检查工作区中的每个年度）')
    .option('--json', '以 JSON 输出')
    .action(lazy(() => import('./commands/plan-check.js')));
  plan
    .command('show')
    .description('显示工作要点：任务、单位、指标')
    .addOption(workspaceOption())
    .option('-y, --year <year>', '年度（默认：今年的工作要点，没有则为最近的年度）')
    .option('--json', '以 JSON 输出')
    .action(lazy(() => import('./commands/plan-show.js')));
  plan
    .command('history')
    .description('工作要点的版本记录：每一版首次下发的时间、下发的期间和单位，以及与上一版相比的改动')
    .addOption(workspaceOption())
    .option('-y, --year <year>', '年度（默认：今年的工作要点，没有则为最近的年度）')
    .option('--json', '以 JSON 输出')
    .action(lazy(() => import('./commands/plan-history.js')));

  program
    .command('issue')
    .description('为每个责任单位生成本期填报工作簿（outbox/期间/）')
    .addOption(workspaceOption())
    .addOption(periodOption())
    .option('-f, --force', '覆盖本期已下发的工作簿')
    .option(
      '-u, --unit <codes>',
      '只重新下发这些单位（代码，多个用逗号分隔，如 S05,S07），原文件移入“已替换-时间”',
    )
    .option(
      '--base-url <url>',
      '门户网址，写入各单位的专用报送地址（默认取 plans/<年度>.xlsx 设置“门户地址”）',
    )
    .action(lazy(() => import('./commands/issue.js')));

  program
    .command('collect')
    .description('收取 inbox 中的回报工作簿：存档、校验、入库、汇总表与回执（每个文件按其所属期间）')
    .addOption(workspaceOption())
    .option(
      '-p, --period <YYYY-MM>',
      '只收取该期间的文件，其他期间的文件留在收件目录（默认：收取所有已下发期间）',
    )
    .option('-i, --inbox <dir>', '收件目录（默认为工作区的 inbox/）')
    .option(
      '--received-at <time>',
      '这批文件的实际收到时间（北京时间，如 "2026-10-09 15:30"），用于晚于收到时间才存入收件目录的文件',
    )
    .option('--json', '以 JSON 输出结果')
    .action(lazy(() => import('./commands/collect.js')));

  program
    .command('status')
    .description('各单位本期报送情况：报送时间、版本、按时/逾期/未报、错误与提示')
    .addOption(workspaceOption())
    .addOption(periodOption())
    .option('--json', '以 JSON 输出')
    .action(lazy(() => import('./commands/status.js')));

  program
    .command('circular')
    .description('生成月度通报（Word）')
    .addOption(workspaceOption())
    .addOption(periodOption())
    .option('-d, --date <YYYY-MM-DD>', '成文日期（默认今天）')
    .option('-n, --number <n>', '发文字号中的序号（本年度不得与其他文件重复）')
    .option('-f, --force', '成文日期早于报送截止日时仍生成')
    .option('--pdf', '同时生成 PDF（需安装 LibreOffice）')
    .action(lazy(() => import('./commands/circular.js')));

  program
    .command('documents')
    .description('发文登记：已生成的通报和考核文件、发文字号、是否已印发')
    .addOption(workspaceOption())
    .option('-y, --year <year>', '只列出该年度的发文字号')
    .option('--json', '以 JSON 输出')
    .action(lazy(() => import('./commands/documents.js')));

  const exception = program.command('exception').description('信用办批准的例外：延期、免报、纸质报送');
  exception
    .command('add')
    .description('登记一个例外（登记人为当前操作系统用户）')
    .addOption(workspaceOption())
    .addOption(periodOption())
    .requiredOption('-u, --unit <code>', '单位代码（或名称）')
    .requiredOption('-k, --kind <kind>', '延期、免报 或 纸质')
    .option('--until <YYYY-MM-DD>', '延期：延至哪一天（当天报送仍算按时）')
    .option('--received-at <time>', '纸质：纸质材料的收到时间（北京时间，如 "2026-10-09 15:30"）')
    .requiredOption('-r, --reason <text>', '原因（记入台账）')
    .action(lazy(async () => ({ run: (await import('./commands/exception.js')).add })));
  exception
    .command('list')
    .description('列出例外：期间、单位、内容、原因、登记人与时间')
    .addOption(workspaceOption())
    .option('-p, --period <YYYY-MM>', '只列出该期间')
    .option('-u, --unit <code>', '只列出该单位')
    .option('--all', '包括已撤销的')
    .option('--json', '以 JSON 输出')
    .action(lazy(async () => ({ run: (await import('./commands/exception.js')).list })));
  exception
    .command('remove')
    .description('撤销一个例外（保留记录）')
    .addOption(workspaceOption())
    .option('--id <n>', '例外编号（见 exception list）')
    .option('-p, --period <YYYY-MM>', '期间（不用 --id 时）')
    .option('-u, --unit <code>', '单位代码（不用 --id 时）')
    .option('-k, --kind <kind>', '延期、免报 或 纸质（不用 --id 时）')
    .requiredOption('-r, --reason <text>', '撤销原因（记入台账）')
    .action(lazy(async () => ({ run: (await import('./commands/exception.js')).remove })));

  const templates = program.command('templates').description('管理 Word 模板');
  templates
    .command('export')
    .description('把内置模板复制到工作区 templates/，供信用办在 Word 中修改')
    .addOption(workspaceOption())
    .option('-f, --force', '覆盖工作区中已有的模板')
    .action(lazy(() => import('./commands/templates-export.js')));

  program
    .command('assess')
    .description('年终考核：评分表（Excel）与考核结果通报（Word）')
    .addOption(workspaceOption())
    .option('-y, --year <year>', '考核年度（默认：今年的工作要点所属年度，没有则为最近的年度）')
    .option('-r, --review <file>', '读取信用办审核后的评分表，重新合计与排名')
    .option('--json', '以 JSON 输出：计入的月份、未计入的月份及原因、各单位得分与等次')
    .option('-d, --date <YYYY-MM-DD>', '成文日期（默认今天）')
    .option('-n, --number <n>', '发文字号中的序号（本年度不得与其他文件重复）')
    .option('--pdf', '同时生成 PDF（需安装 LibreOffice）')
    .action(lazy(() => import('./commands/assess.js')));

  program
    .command('schedule')
    .description('按工作日日程自动下发、催报、收取、通报与考核（常驻服务）')
    .addOption(workspaceOption())
    .option('--plan', '只列出日程，不运行')
    .option('-y, --year <year>', '列出日程的年度（默认：--from 的年度，否则今年）')
    .option('--from <YYYY-MM-DD>', '日程起始日期')
    .option('--to <YYYY-MM-DD>', '日程截止日期')
    .option('--json', '日志以 JSON 输出')
    .action(lazy(() => import('./commands/schedule.js')));

  program
    .command('serve')
    .description('运行门户：各单位的报送地址、信用办工作台、加载项与日程服务')
    .addOption(workspaceOption())
    .option('--host <address>', '监听地址', '0.0.0.0')
    .option('--port <port>', '端口', '8443')
    .option('--cert <file>', 'https 证书文件（PEM）')
    .option('--key <file>', 'https 私钥文件（PEM）')
    .option('--http', '以 http 运行（在反向代理之后，或用于测试）')
    .option('--no-schedule', '不运行日程服务')
    .option('--base-url <url>', '门户的对外网址（默认取 plans/<年度>.xlsx 设置“门户地址”）')
    .option('--trust-proxy <addresses>', '可信的反向代理地址，逗号分隔（默认本机 127.0.0.1,::1）')
    .action(lazy(() => import('./commands/serve.js')));

  const user = program.command('user').description('门户的信用办账户（管理员 / 经办 / 查看）');
  user
    .command('add')
    .description('添加账户；密码从标准输入读取')
    .argument('<name>', '用户名')
    .addOption(workspaceOption())
    .addOption(
      new Option('--role <role>', '角色：admin 管理员，clerk 经办，viewer 查看')
        .choices(['admin', 'clerk', 'viewer'])
        .makeOptionMandatory(),
    )
    .option('--password-stdin', '从标准输入读取密码')
    .action(lazy(async () => ({ run: (await import('./commands/user.js')).add })));
  user
    .command('list')
    .description('列出账户、角色与状态')
    .addOption(workspaceOption())
    .option('--json', '以 JSON 输出')
    .action(lazy(async () => ({ run: (await import('./commands/user.js')).list })));
  user
    .command('disable')
    .description('停用账户（并退出其所有会话）')
    .argument('<name>', '用户名')
    .addOption(workspaceOption())
    .action(lazy(async () => ({ run: (await import('./commands/user.js')).disable })));
  user
    .command('enable')
    .description('重新启用账户')
    .argument('<name>', '用户名')
    .addOption(workspaceOption())
    .action(lazy(async () => ({ run: (await import('./commands/user.js')).enable })));
  user
    .command('password')
    .description('重设密码并解除锁定；密码从标准输入读取')
    .argument('<name>', '用户名')
    .addOption(workspaceOption())
    .option('--password-stdin', '从标准输入读取密码')
    .action(lazy(async () => ({ run: (await import('./commands/user.js')).password })));

  const units = program.command('units').description('责任单位');
  units
    .command('links')
    .description('各单位本年度的专用报送地址（门户），可更换某单位的地址')
    .addOption(workspaceOption())
    .option('--base-url <url>', '门户网址（默认取 plans/<年度>.xlsx 设置“门户地址”）')
    .option('--rotate <code>', '更换该单位的地址，旧地址即刻失效')
    .option('-y, --year <year>', '年度（默认：今年的工作要点，没有则为最近的年度）')
    .option('--json', '以 JSON 输出 [{code, name, url}]')
    .action(lazy(() => import('./commands/units-links.js')));

  program
    .command('demo')
    .description('演示：用内置工作要点模拟全年 50 个单位的填报、收取、通报与考核')
    .argument('[dir]', '演示输出目录', './demo-output')
    .option('--months <n>', '模拟的月数', '12')
    .option('--seed <n>', '随机种子（相同种子得到相同结果）', '2024')
    .action(lazy(() => import('./commands/demo.js')));

  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof UserError) {
      console.error(`错误：${error.message}`);
      process.exitCode = error.exitCode;
      return;
    }
    // core/calendar's errors are Chinese and name the date (a year the holiday data does not cover);
    // matched by name so start-up does not load the calendar.
    if (error instanceof Error && error.name === 'CalendarError') {
      console.error(`错误：${error.message}`);
      process.exitCode = 1;
      return;
    }
    const message = describeSystemError(error);
    if (message) {
      console.error(`错误：${message}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}

await main(process.argv);
