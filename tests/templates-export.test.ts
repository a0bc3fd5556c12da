import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { run, TEMPLATES_GUIDE } from '../reporter/commands/templates-export.js';

describe('templates export', () => {
  it('copies the templates and says which are edited in Word and which are text', async () => {
    const ws = mkdtempSync(path.join(os.tmpdir(), 'templates-export-'));
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await run({ workspace: ws })).toBe(0);
      const printed = log.mock.calls.map((c) => String(c[0])).join('\n');
      expect(printed).toContain('circular.docx：月度通报的 Word 模板');
      expect(printed).toMatch(
        /circular\.hbs：月度通报的正文文字（Handlebars 文本），用记事本等文本编辑器修改/,
      );
      expect(printed).toContain('assessment.hbs：年终考核结果通报的正文文字');
    } finally {
      log.mockRestore();
    }
    const dir = path.join(ws, 'templates');
    expect(readdirSync(dir).sort()).toEqual(
      ['assessment.docx', 'assessment.hbs', 'circular.docx', 'circular.hbs', TEMPLATES_GUIDE].sort(),
    );
    const guide = readFileSync(path.join(dir, TEMPLATES_GUIDE), 'utf8');
    expect(guide.startsWith('\uFEFF')).toBe(true);
    expect(guide).toContain('不要用 Word 打开');
    expect(guide).toContain('可选文字');

    // An edited template is not overwritten without --force.
    writeFileSync(path.join(dir, 'circular.hbs'), '改过的');
    await expect(run({ workspace: ws })).rejects.toThrow(/工作区模板已存在，未覆盖/);
    expect(readFileSync(path.join(dir, 'circular.hbs'), 'utf8')).toBe('改过的');
  });
});
