/** WPS 表格 entry of the task pane: the same pane and controller over the ET object model. */
// First: modules below call these built-ins while they load.
import './polyfills.js';
import { markStarted, showNotice, startPane } from '../app.js';
import type { EtApplication } from './et.js';
import { followSystemTheme } from '../theme.js';
import { wpsHost } from './adapter.js';

markStarted();
followSystemTheme();

const app = (window as { Application?: EtApplication }).Application;
if (!app?.ApiEvent) {
  showNotice('本页面是 WPS 表格的信用填报加载项，请在 WPS 表格中打开。');
} else {
  startPane(wpsHost(app));
}
