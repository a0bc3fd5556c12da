/**
 * `npm run bench [-- 60 1000 10000] [--repeat K]`: generates N filled workbooks, then times `creditwork
 * collect` (the built CLI, as users run it, on a fresh workspace so plan.xlsx is read as on a first
 * run) beside a bare exceljs read of the same files, each in its own process so wall time, CPU and
 * peak RSS are measured alike. With --repeat the two alternate K times and medians are compared.
 * Target (issue 12, from 1,000 files up to a province's 10,000): collect <= 0.35x the bare read's
 * wall time, < 300 MB peak RSS.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { unitsToIssue } from '../core/contract/unit-rows.js';
import { builtInPlan } from '../core/plan/built-in.js';
import { writePlanWorkbook } from '../reporter/plan/workbook.js';
import { createWorkspaceFolders, planFileOf, workspaceAt } from '../reporter/workspace.js';
import { filledWorkbook, PERIOD } from '../tests/collect-fixtures.js';
import { benchDir } from './bench-dir.js';

const TARGET_RATIO = 0.35;
const TARGET_PEAK_MB = 300;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const repeatAt = args.findIndex((a) => a === '--repeat' || a.startsWith('--repeat='));
const repeat = Math.max(
  1,
  repeatAt < 0
    ? 1
    : Number(args[repeatAt].includes('=') ? args[repeatAt].split('=')[1] : args.splice(repeatAt + 1, 1)[0]) ||
        1,
);
const sizes = args
  .filter((a) => !a.startsWith('--'))
  .map(Number)
  .filter((n) => n > 0);
const runs = sizes.length ? sizes : [60, 1000];
// Registered in the main thread only: --import also runs in every worker thread, whose own exit
// would otherwise report the process's figures so far.
const PEAK = `data:text/javascript,import{isMainThread}from'node:worker_threads';if(isMainThread)process.on('exit',()=>process.stderr.write('\\nPEAK_RSS_KB '+process.resourceUsage().maxRSS+' CPU_US '+(process.resourceUsage().userCPUTime+process.resourceUsage().systemCPUTime)+'\\n'))`;

interface Measure {
  seconds: number;
  /** User + system CPU of the whole process, all threads: steadier than wall time on a busy machine. */
  cpu: number;
  peakMb: number;
  status: number | null;
}

function measure(args: string[], cwd = root): Measure {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', PEAK, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const kb = Number(/PEAK_RSS_KB (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  if (r.status !== 0 && r.status !== 2) process.stderr.write(r.stderr);
  const cpu = Number(/CPU_US (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1e6;
  return { seconds, cpu, peakMb: kb / 1024, status: r.status };
}

/** Distinct, realistic files: each unit's workbook, then resubmissions with edited texts. */
async function generate(n: number, inbox: string): Promise<string[]> {
  const plan = builtInPlan(2024)!;
  const units = unitsToIssue(plan);
  const base = await Promise.all(units.map((u, i) => filledWorkbook(plan, u, { percent: 10 + (i % 80) })));
  const files: string[] = [];
  const when = new Date('2024-06-03T09:00:00+08:00').getTime();
  for (let i = 0; i < n; i++) {
    const b = base[i % base.length];
    const round = Math.floor(i / base.length);
    let bytes = b.bytes;
    if (round > 0) {
      const parts = unzipSync(b.bytes);
      const sst = new TextDecoder().decode(parts['xl/sharedStrings.xml']);
      parts['xl/sharedStrings.xml'] = strToU8(sst.replaceAll('部分工作', `部分工作（第${round + 1}稿修改）`));
      bytes = zipSync(parts);
    }
    const file = path.join(inbox, round ? b.name.replace('.xlsx', `-第${round + 1}稿.xlsx`) : b.name);
    writeFileSync(file, bytes);
    const t = new Date(when + i * 60_000);
    utimesSync(file, t, t);
    files.push(file);
  }
  return files;
}

const BARE = `
import ExcelJS from 'exceljs';
import { readdirSync } from 'node:fs';
import path from 'node:path';
const dir = process.argv[2];
for (const f of readdirSync(dir).filter((x) => x.endsWith('.xlsx')).sort()) {
  await new ExcelJS.Workbook().xlsx.readFile(path.join(dir, f));
}
`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: root, stdio: 'inherit' });
const cores = os.availableParallelism();
for (const n of runs) {
  const { dir, fileMs } = await benchDir(`cw-bench-${n}-`);
  try {
    const template = workspaceAt(path.join(dir, 'template'));
    await createWorkspaceFolders(template);
    await writePlanWorkbook(builtInPlan(2024)!, planFileOf(template, 2024));
    process.stderr.write(
      `生成 ${n} 个填报表（工作目录 ${path.relative(root, dir) || dir}，新建文件 ${fileMs.toFixed(2)} ms CPU/个）…\n`,
    );
    const source = path.join(dir, 'files');
    mkdirSync(source);
    await generate(n, source);
    const bareScript = path.join(dir, 'bare.mjs');
    // Resolve exceljs from the project: the script lives in a temporary folder.
    writeFileSync(
      bareScript,
      BARE.replace(
        "from 'exceljs'",
        `from ${JSON.stringify(path.join(root, 'node_modules/exceljs/excel.js'))}`,
      ),
    );
    const loadBefore = load();
    const bares: Measure[] = [];
    const collects: (Measure & { left: number })[] = [];
    for (let k = 0; k < repeat; k++) {
      bares.push(measure([bareScript, source]));
      // A fresh workspace each time: collect empties its inbox, and a first run reads plan.xlsx.
      const ws = workspaceAt(path.join(dir, `ws-${k}`));
      cpSync(template.root, ws.root, { recursive: true });
      cpSync(source, ws.inbox, { recursive: true, preserveTimestamps: true });
      // The copy just made is flushed first: files in a real inbox arrived long before collect runs,
      // and the timing should not include the kernel writing this set-up to disk meanwhile.
      execFileSync('sync');
      const c = measure([
        path.join(root, 'bin/creditwork.js'),
        'collect',
        '--period',
        PERIOD,
        '--workspace',
        ws.root,
        '--json',
      ]);
      // Each run's workspace stays until the end: deleting its thousands of files now would make the
      // next run's archive writes pass over them (see bench-dir.ts).
      collects.push({ ...c, left: readdirSync(ws.inbox).filter((f) => f.endsWith('.xlsx')).length });
    }
    const bare = {
      seconds: median(bares.map((m) => m.seconds)),
      cpu: median(bares.map((m) => m.cpu)),
      peakMb: Math.max(...bares.map((m) => m.peakMb)),
    };
    const collect = {
      seconds: median(collects.map((m) => m.seconds)),
      cpu: median(collects.map((m) => m.cpu)),
      peakMb: Math.max(...collects.map((m) => m.peakMb)),
    };
    const complete = collects.every((c) => c.status === 0 && c.left === 0);
    const ratio = collect.seconds / bare.seconds;
    const cpuRatio = collect.cpu / bare.cpu;
    const of = repeat > 1 ? `（${repeat} 次取中位数）` : '';
    console.log(
      `N=${n}${of}：collect ${collect.seconds.toFixed(2)} s（CPU ${collect.cpu.toFixed(2)} s），峰值内存 ${collect.peakMb.toFixed(0)} MB，` +
        `退出码 ${collects.map((c) => c.status).join('/')}，收件目录剩余 ${collects.map((c) => c.left).join('/')} 个 | ` +
        `exceljs 直接读取 ${bare.seconds.toFixed(2)} s（CPU ${bare.cpu.toFixed(2)} s），峰值内存 ${bare.peakMb.toFixed(0)} MB`,
    );
    const meets = complete && ratio <= TARGET_RATIO && collect.peakMb < TARGET_PEAK_MB;
    const verdict =
      n >= 1000
        ? `${complete ? '' : '，有文件未收取完成'} → ${meets ? '达标' : '未达标'}`
        : `${complete ? '' : '，有文件未收取完成'}（目标针对 1,000 个文件，此处仅供参考）`;
    console.log(
      `  判定 N=${n}：用时比 ${ratio.toFixed(2)}x（目标 <= ${TARGET_RATIO.toFixed(2)}x），CPU 比 ${cpuRatio.toFixed(2)}x，峰值内存 ${collect.peakMb.toFixed(0)} MB（目标 < ${TARGET_PEAK_MB} MB）` +
        `${verdict}  [${cores} 核，负载 ${loadBefore} → ${load()}]`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
