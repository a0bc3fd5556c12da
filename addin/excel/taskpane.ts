/** Excel entry of the task pane: checks the host, follows the Office theme, starts the shared pane. */
import { markStarted, showNotice, startPane } from '../app.js';
import { applyTheme, followSystemTheme } from '../theme.js';
import { excelHost } from './adapter.js';

markStarted();

/** Office's theme colours, where this Excel reports them (desktop and web; not every build). */
function officeTheme(): void {
  const theme = (Office.context as { officeTheme?: Office.OfficeTheme }).officeTheme;
  if (!theme?.bodyBackgroundColor) {
    followSystemTheme();
    return;
  }
  applyTheme({
    background: theme.bodyBackgroundColor,
    foreground: theme.bodyForegroundColor,
    controlBackground: theme.controlBackgroundColor,
    controlForeground: theme.controlForegroundColor,
  });
}

Office.onReady((info) => {
  if (info.host !== Office.HostType.Excel) {
    showNotice('本助手只能在 Excel 或 WPS 表格中使用。请在表格软件中打开月度填报表。');
    return;
  }
  if (!Office.context.requirements.isSetSupported('ExcelApi', '1.7')) {
    showNotice(
      '当前 Excel 版本过旧，助手需要 Excel 2021、Microsoft 365 或网页版 Excel。',
      '表格自带的下拉列表和输入限制仍可使用；填完后请保存，到市信用办门户网页上传，即可得到审核结果。',
    );
    return;
  }
  officeTheme();
  startPane(excelHost());
});
