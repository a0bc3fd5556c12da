/**
 * `npm run bench [-- 60 1000]`: generates N filled workbooks, then times `creditwork collect` (the
 * built CLI, as users run it) beside a bare exceljs read of the same files, each in its own process
 * so wall time and peak RSS are measured alike. Target: collect <= 0.5x the bare read, <= 300 MB.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { unitsToIssue } from '../core/contract/unit-rows.js';
import { builtInPlan } from '../core/plan/built-in.js';
import { writePlanWorkbook } from '../reporter/plan/workbook.js';
import { createWorkspaceFolders, workspaceAt } from '../reporter/workspace.js';
import { filledWorkbook, PERIOD } from '../tests/collect-fixtures.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const runs = sizes.length ? sizes : [60, 1000];
const PEAK = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\nPEAK_RSS_KB '+process.resourceUsage().maxRSS+' CPU_US '+(process.resourceUsage().userCPUTime+process.resourceUsage().systemCPUTime)+'\\n'))`;

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

execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: root, stdio: 'inherit' });
const rows: string[] = [];
for (const n of runs) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `cw-bench-${n}-`));
  try {
    const ws = workspaceAt(path.join(dir, 'ws'));
    await createWorkspaceFolders(ws);
    await writePlanWorkbook(builtInPlan(2024)!, ws.plan);
    process.stderr.write(`生成 ${n} 个填报表…\n`);
    await generate(n, ws.inbox);
    const bareScript = path.join(dir, 'bare.mjs');
    mkdirSync(path.dirname(bareScript), { recursive: true });
    writeFileSync(bareScript, BARE);
    // Resolve exceljs from the project: run the script with the project as cwd via an absolute import map.
    writeFileSync(
      bareScript,
      BARE.replace(
        "from 'exceljs'",
        `from ${JSON.stringify(path.join(root, 'node_modules/exceljs/excel.js'))}`,
      ),
    );
    const bare = measure([bareScript, ws.inbox]);
    const collect = measure([
      path.join(root, 'bin/creditwork.js'),
      'collect',
      '--period',
      PERIOD,
      '--workspace',
      ws.root,
      '--json',
    ]);
    const left = readdirSync(ws.inbox).filter((f) => f.endsWith('.xlsx')).length;
    const ratio = collect.seconds / bare.seconds;
    rows.push(
      `N=${n}: collect ${collect.seconds.toFixed(2)} s (CPU ${collect.cpu.toFixed(2)} s), peak RSS ${collect.peakMb.toFixed(0)} MB (exit ${collect.status}, ${left} left in inbox) | ` +
        `bare exceljs read ${bare.seconds.toFixed(2)} s (CPU ${bare.cpu.toFixed(2)} s), peak RSS ${bare.peakMb.toFixed(0)} MB | ratio ${ratio.toFixed(2)}x` +
        (n >= 1000
          ? `  ${ratio <= 0.5 && collect.peakMb <= 300 ? '目标达成' : '未达目标'}（<= 0.5x，<= 300 MB）`
          : ''),
    );
    console.log(rows[rows.length - 1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
