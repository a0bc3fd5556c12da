/*
 * ES5 on purpose (checked with acorn in tests/addin-legacy.test.ts): this runs first in every
 * browser an Office or WPS build may host the pane in. Office 2016/2019 volume licences run
 * add-ins in Internet Explorer 11 or the old Edge (EdgeHTML), where the pane's modern bundle
 * cannot even be parsed and would leave "正在读取工作簿……" forever. Below the floor this says
 * so in Chinese and what works instead; above it, it only watches that the pane really started.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var floor = (script && script.getAttribute('data-floor')) || 'es2020';

  /** Built-ins that arrive with the syntax the bundle needs; syntax itself cannot be tested without eval. */
  function supported() {
    var w = window;
    if (typeof w.Promise !== 'function' || typeof Object.entries !== 'function') return false;
    if (typeof String.prototype.padStart !== 'function') return false;
    if (floor === 'es2017') return true;
    return (
      typeof w.globalThis !== 'undefined' &&
      typeof w.Promise.allSettled === 'function' &&
      typeof String.prototype.matchAll === 'function'
    );
  }

  var TOO_OLD =
    '当前 Excel 使用的网页内核过旧（Office 2016、Office 2019 批量授权版等使用 IE 11 或旧版 Edge），助手无法在其中运行。';
  var WHAT_WORKS =
    '您仍可以：① 直接在表格中填写，表格自带的下拉列表和输入限制会提示大部分填写错误；' +
    '② 填完保存后，在市信用办门户网页上传本表，立即得到与助手相同的审核结果。' +
    '如需边填边查，请使用 Excel 2021、Microsoft 365 或 WPS 表格的信用填报加载项。';
  var NOT_STARTED =
    '助手未能启动。请关闭助手窗格后重新打开；如仍不行，请直接在表格中填写，保存后在市信用办门户网页上传。';

  function show(reason, help) {
    var loading = document.getElementById('loading');
    var notice = document.getElementById('notice');
    if (!notice) return;
    if (loading) loading.style.display = 'none';
    notice.removeAttribute('hidden');
    notice.style.display = 'block';
    var title = notice.getElementsByTagName('h2')[0];
    if (title) title.innerText = '助手无法在此运行';
    document.getElementById('notice-reason').innerText = reason;
    document.getElementById('notice-help').innerText = help;
    if (document.body) document.body.className = 'legacy';
  }

  function onReady(fn) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn);
    else fn();
  }

  if (!supported()) {
    onReady(function () {
      show(TOO_OLD, WHAT_WORKS);
    });
    return;
  }
  // Modern enough, yet a blocked or broken script could still leave the pane silent.
  onReady(function () {
    window.setTimeout(function () {
      if (!window.CREDITWORK_STARTED) show(NOT_STARTED, WHAT_WORKS);
    }, window.CREDITWORK_WATCHDOG_MS || 20000);
  });
})();
