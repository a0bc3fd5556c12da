import { fitRowHeights } from '../table.js';
import type { SheetModule } from './types.js';

const NAME = '说明';

/** The 说明 sheet: how to edit plan.xlsx, built from the other modules' own guide lines. */
export function guideSheet(modules: () => SheetModule[]): SheetModule {
  return {
    name: NAME,
    purpose: '本说明。',
    guide: [],
    optional: true,

    write(ws, plan) {
      ws.columns = [{ width: 16 }, { width: 100 }];
      const title = ws.addRow([`${plan.title}（${plan.year}年，第${plan.version}版）：工作要点配置表`]);
      title.font = { bold: true, size: 14 };
      ws.mergeCells(title.number, 1, title.number, 2);
      ws.addRow([
        '用途',
        'creditwork 按本文件下发各单位的月度填报表、校验回报数据、生成月度通报和年终考核。信用办可在 Excel 中直接修改。',
      ]);
      ws.addRow([
        '修改后',
        '保存后运行 creditwork plan check 检查本文件；有错误时会指出工作表和单元格。检查通过后再下发填报表。',
      ]);
      ws.addRow(['注意', '各表第1行是表头，请勿修改表头文字；可以调整列的顺序、增删数据行。']);
      ws.addRow([]);
      const header = ws.addRow(['工作表', '内容与填写方法']);
      header.font = { bold: true };
      for (const module of modules()) {
        if (module.name === NAME) continue;
        ws.addRow([module.name, [module.purpose, ...module.guide].join('\n')]);
      }
      ws.eachRow((row) => {
        row.alignment = { vertical: 'top', wrapText: true };
      });
      ws.getColumn(1).font = { bold: true };
      fitRowHeights(ws);
    },

    read() {
      return { plan: {}, findings: [] };
    },
  };
}
