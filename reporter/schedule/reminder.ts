/**
 * The reminder (催报): the list of units that have not submitted, written to reports/ and, when the
 * 日程 sheet names a mail hook, piped to that shell command.
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { periodLabel } from '../../core/calendar/period.js';
import type { PendingUnit } from './runners.js';

export interface Reminder {
  period: string;
  deadline: string;
  /** Local date and time the list was taken, e.g. `2024-06-05 09:00`. */
  asOf: string;
  units: PendingUnit[];
}

export function reminderFileName(period: string): string {
  return `未报送单位-${period}.txt`;
}

export function reminderText(r: Reminder): string {
  const head = `${periodLabel(r.period)}填报 未报送单位（截至 ${r.asOf}，报送截止 ${r.deadline}）`;
  if (r.units.length === 0) return `${head}\n全部单位均已报送。\n`;
  return `${head}\n共 ${r.units.length} 个单位：\n${r.units.map((u) => `${u.code}\t${u.name}`).join('\n')}\n`;
}

export async function writeReminder(reportsDir: string, r: Reminder): Promise<string> {
  await mkdir(reportsDir, { recursive: true });
  const file = path.join(reportsDir, reminderFileName(r.period));
  await writeFile(file, reminderText(r), 'utf8');
  return file;
}

const HOOK_TIMEOUT_MS = 5 * 60_000;

/**
 * Runs the mail hook: stdin gets one `code<TAB>name` line per unit; the environment names the period,
 * deadline, report file and workspace. A non-zero exit is a failure of the reminder run.
 */
export function runMailHook(
  command: string,
  r: Reminder,
  env: { report: string; workspace: string },
): Promise<{ output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, {
      shell: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: HOOK_TIMEOUT_MS,
      env: {
        ...process.env,
        CREDITWORK_PERIOD: r.period,
        CREDITWORK_DEADLINE: r.deadline,
        CREDITWORK_REPORT: env.report,
        CREDITWORK_WORKSPACE: env.workspace,
        CREDITWORK_PENDING_COUNT: String(r.units.length),
      },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve({ output: output.trim() });
      else reject(new Error(`催报邮件命令退出码 ${code ?? signal}：${output.trim().slice(0, 500)}`));
    });
    // A hook that ignores stdin closes the pipe early; that is not an error of ours.
    child.stdin.on('error', () => undefined);
    child.stdin.end(r.units.map((u) => `${u.code}\t${u.name}\n`).join(''));
  });
}
