/**
 * Subscribes the controller to Excel: edits on the data sheets, selection changes and sheet
 * activation (a dropdown pick may not raise onChanged in every Excel build, but the user always
 * moves on afterwards). One round trip to look the sheets up, one to register.
 */
import type { Controller } from './controller.js';

/** ExcelApi 1.14 tells the add-in's own writes apart; older builds fall back to the echo window. */
function ownWriteFlagSupported(): boolean {
  return Office.context.requirements.isSetSupported('ExcelApi', '1.14');
}

export async function registerEvents(
  context: Excel.RequestContext,
  controller: Controller,
  watchedSheets: readonly string[],
  schedule: () => void,
): Promise<void> {
  const sheets = watchedSheets.map((name) => {
    // isNullObject is known after the sync without a load.
    const sheet = context.workbook.worksheets.getItemOrNullObject(name);
    return { name, sheet };
  });
  await context.sync();
  const triggerSourceKnown = ownWriteFlagSupported();
  for (const { name, sheet } of sheets) {
    if (sheet.isNullObject) continue;
    sheet.onChanged.add(async (event) => {
      const source = (event as { triggerSource?: string }).triggerSource;
      if (triggerSourceKnown && source === 'ThisLocalAddin') return;
      if (controller.isEcho(name, event.address)) return;
      schedule();
    });
  }
  context.workbook.worksheets.onActivated.add(async () => schedule());
  context.workbook.onSelectionChanged.add(async () => schedule());
  await context.sync();
}

/** Collapses bursts of triggers (typing fills, arrow keys) into one check after a short pause. */
export function debounce(fn: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn();
    }, ms);
  };
}
