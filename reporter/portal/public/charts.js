/* The console's charts, drawn with the locally served ECharts from /console/charts/data. ES5. */
(function () {
  'use strict';
  var root = document.getElementById('charts');
  if (!root || !window.echarts) return;

  var FONT = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif';
  var COLORS = {
    'on-time': '#2e9a57',
    late: '#e29a2d',
    rejected: '#d64541',
    missing: '#a3aab5',
    extended: '#3a6fb0',
    exempt: '#8a6bbf',
  };
  var LABELS = {
    'on-time': '按时',
    late: '逾期',
    rejected: '未通过',
    missing: '未报送',
    extended: '延期',
    exempt: '免报',
  };
  var charts = [];

  function chart(name) {
    var el = root.querySelector('[data-chart="' + name + '"]');
    if (!el) return null;
    var c = window.echarts.init(el, null, { renderer: 'canvas' });
    charts.push(c);
    return c;
  }
  function note(name, text) {
    var el = root.querySelector('[data-note="' + name + '"]');
    if (el) el.textContent = text || '';
  }
  function base(extra) {
    var option = {
      textStyle: { fontFamily: FONT },
      grid: { left: 16, right: 24, top: 64, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      animation: false,
    };
    for (var k in extra) if (Object.prototype.hasOwnProperty.call(extra, k)) option[k] = extra[k];
    return option;
  }
  function empty(c, text) {
    c.setOption({
      title: {
        text: text,
        left: 'center',
        top: 'middle',
        textStyle: { color: '#8f959e', fontSize: 14, fontWeight: 'normal', fontFamily: FONT },
      },
    });
  }

  function timeline(data) {
    var c = chart('timeline');
    if (!c) return;
    var t = data.timeline;
    if (!t || !t.days.length) return empty(c, '本期尚未收到文件');
    var days = [];
    for (var i = 0; i < t.days.length; i++) days.push(t.days[i].slice(5).replace('-', '/'));
    var deadline = t.deadline.slice(5).replace('-', '/');
    c.setOption(
      base({
        legend: { top: 0, data: ['已接收的文件', '未通过的文件', '累计已报送单位'] },
        xAxis: { type: 'category', data: days },
        yAxis: [
          { type: 'value', name: '文件数', minInterval: 1 },
          { type: 'value', name: '单位数', max: t.due, minInterval: 1 },
        ],
        series: [
          {
            name: '已接收的文件',
            type: 'bar',
            stack: 'files',
            data: t.accepted,
            itemStyle: { color: '#7fb69a' },
          },
          {
            name: '未通过的文件',
            type: 'bar',
            stack: 'files',
            data: t.refused,
            itemStyle: { color: '#e8938f' },
          },
          {
            name: '累计已报送单位',
            type: 'line',
            yAxisIndex: 1,
            data: t.unitsIn,
            symbolSize: 6,
            itemStyle: { color: '#1f4e8c' },
            markLine: {
              symbol: 'none',
              label: { formatter: '截止 ' + deadline, color: '#b42318' },
              lineStyle: { color: '#b42318', type: 'dashed' },
              data: [{ xAxis: deadline }],
            },
          },
        ],
      })
    );
  }

  function onTime(data) {
    var c = chart('on-time');
    if (!c) return;
    var o = data.onTime;
    if (!o.months.length) return empty(c, '尚未下发任何一期');
    var series = [];
    for (var i = 0; i < o.series.length; i++) {
      var s = o.series[i];
      series.push({
        name: LABELS[s.group],
        type: 'bar',
        stack: 'units',
        data: s.values,
        itemStyle: { color: COLORS[s.group] },
      });
    }
    series.push({
      name: '按时报送率',
      type: 'line',
      yAxisIndex: 1,
      data: o.rate,
      z: 5,
      itemStyle: { color: '#1f4e8c' },
      label: {
        show: true,
        position: 'top',
        formatter: '{c}%',
        backgroundColor: 'rgba(255,255,255,0.85)',
        padding: [1, 3],
      },
    });
    c.setOption(
      base({
        legend: { top: 0, itemWidth: 14 },
        xAxis: { type: 'category', data: o.months },
        yAxis: [
          { type: 'value', name: '单位数', minInterval: 1 },
          { type: 'value', name: '按时率', max: 100, axisLabel: { formatter: '{value}%' } },
        ],
        series: series,
      })
    );
  }

  function dualRanking(data) {
    var c = chart('dual-ranking');
    if (!c) return;
    var d = data.dualPublicity;
    if (!d.ranking.length) {
      empty(c, '本期没有可排名的单位');
    } else {
      var names = [];
      var scores = [];
      for (var i = 0; i < d.ranking.length; i++) {
        names.push(d.ranking[i].unit);
        scores.push(d.ranking[i].score);
      }
      c.setOption(
        base({
          grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
          tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
          xAxis: { type: 'value', max: 100 },
          yAxis: { type: 'category', data: names },
          series: [
            {
              type: 'bar',
              data: scores,
              itemStyle: { color: '#3a6fb0' },
              label: { show: true, position: 'right' },
            },
          ],
        })
      );
    }
    note(
      'dual-unranked',
      d.unranked.length ? '未参加排名（未报送或三率未填全）：' + d.unranked.join('、') : ''
    );
  }

  function dualHistory(data, code) {
    var c = charts.dualHistory || (charts.dualHistory = chart('dual-history'));
    if (!c) return;
    var d = data.dualPublicity;
    var found = null;
    for (var i = 0; i < d.history.length; i++) if (d.history[i].code === code) found = d.history[i];
    if (!found) return empty(c, '没有数据');
    c.clear();
    c.setOption(
      base({
        xAxis: { type: 'category', data: d.months },
        grid: { left: 16, right: 24, top: 32, bottom: 8, containLabel: true },
        yAxis: { type: 'value', min: 0, max: 100, name: '得分' },
        series: [
          {
            name: found.unit,
            type: 'line',
            data: found.scores,
            connectNulls: false,
            itemStyle: { color: '#3a6fb0' },
            label: { show: true },
          },
        ],
      })
    );
  }

  // A value axis over the values and the target, on round numbers, so changes near the target show.
  function range(values, unit) {
    var lo = null;
    var hi = null;
    for (var i = 0; i < values.length; i++) {
      var v = values[i];
      if (v === null) continue;
      lo = lo === null || v < lo ? v : lo;
      hi = hi === null || v > hi ? v : hi;
    }
    var axis = { type: 'value', axisLabel: { formatter: '{value}' + unit } };
    if (lo === null) return axis;
    var span = hi - lo || Math.abs(hi) * 0.1 || 1;
    var step = Math.pow(10, Math.floor(Math.log(span) / Math.LN10)) / 2;
    axis.min = Math.floor((lo - span * 0.1) / step) * step;
    axis.max = Math.ceil((hi + span * 0.1) / step) * step;
    if (unit === '%') axis.max = Math.min(100, axis.max);
    if (lo >= 0) axis.min = Math.max(0, axis.min);
    return axis;
  }

  // The target as a dashed line of its own, named in the legend (a label on it would sit on the points).
  function targetSeries(target, text, count) {
    var data = [];
    for (var i = 0; i < count; i++) data.push(target);
    return {
      name: '目标 ' + text,
      type: 'line',
      data: data,
      symbol: 'none',
      lineStyle: { color: '#b42318', type: 'dashed', width: 1.5 },
      itemStyle: { color: '#b42318' },
      tooltip: { show: false },
    };
  }

  // An indicator's values month by month, with its target as a dashed line.
  function againstTarget(c, name, months, ind) {
    var series = [
      {
        name: name,
        type: 'line',
        data: ind.values,
        itemStyle: { color: '#1f4e8c' },
        label: { show: true, formatter: '{c}' + ind.unit },
      },
    ];
    if (ind.target !== null) series.push(targetSeries(ind.target, ind.targetText, months.length));
    c.setOption(
      base({
        legend: { top: 0 },
        grid: { left: 16, right: 24, top: 40, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: months },
        yAxis: range(ind.values.concat(ind.target === null ? [] : [ind.target]), ind.unit),
        series: series,
      })
    );
  }

  function indicator(data, code) {
    var c = charts.indicator || (charts.indicator = chart('indicator'));
    if (!c) return;
    var list = data.indicators.indicators;
    var ind = null;
    for (var i = 0; i < list.length; i++) if (list[i].code === code) ind = list[i];
    if (!ind) return empty(c, '没有数据');
    c.clear();
    var months = data.indicators.months;
    if (ind.pooled) {
      againstTarget(c, '全市', months, ind);
      note('indicator', '目标：' + ind.targetText + '（全市数为各单位分子、分母合计后计算）');
    } else {
      c.setOption(
        base({
          legend: { top: 0 },
          xAxis: { type: 'category', data: months },
          yAxis: { type: 'value', name: '单位数', minInterval: 1 },
          series: [
            { name: '达到目标', type: 'bar', stack: 'u', data: ind.met, itemStyle: { color: '#2e9a57' } },
            { name: '未达到', type: 'bar', stack: 'u', data: ind.unmet, itemStyle: { color: '#d64541' } },
          ],
        })
      );
      note('indicator', '目标：' + ind.targetText + '（各单位分别考核，图为达到与未达到目标的单位数）');
    }
  }

  // A unit's year (console/units/:code): its tasks by status, its indicators, its 双公示 score.
  var TASK_COLORS = {
    done: '#2e9a57',
    'in-progress': '#3a6fb0',
    behind: '#d64541',
    'not-started': '#e2b13c',
    'not-applicable': '#a3aab5',
    unreported: '#dfe3e8',
  };

  function unitTasks(data) {
    var c = chart('unit-tasks');
    if (!c) return;
    if (!data.months.length) return empty(c, '本年度尚未下发填报表');
    var series = [];
    for (var i = 0; i < data.tasks.length; i++) {
      var t = data.tasks[i];
      series.push({
        name: t.label,
        type: 'bar',
        stack: 'tasks',
        data: t.values,
        itemStyle: { color: TASK_COLORS[t.status] },
      });
    }
    c.setOption(
      base({
        legend: { top: 0, itemWidth: 14 },
        xAxis: { type: 'category', data: data.months },
        yAxis: { type: 'value', name: '任务数', minInterval: 1 },
        series: series,
      })
    );
  }

  function unitIndicator(data, code) {
    var c = charts.unitIndicator || (charts.unitIndicator = chart('unit-indicator'));
    if (!c) return;
    var ind = null;
    for (var i = 0; i < data.indicators.length; i++)
      if (data.indicators[i].code === code) ind = data.indicators[i];
    if (!ind) return empty(c, '本单位不报送监测指标');
    c.clear();
    againstTarget(c, '本单位', data.months, ind);
  }

  function unitDual(data) {
    var c = chart('unit-dual');
    if (!c || !data.dualPublicity) return;
    c.setOption(
      base({
        grid: { left: 16, right: 24, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: data.months },
        yAxis: { type: 'value', min: 0, max: 100, name: '得分' },
        series: [
          { type: 'line', data: data.dualPublicity, itemStyle: { color: '#3a6fb0' }, label: { show: true } },
        ],
      })
    );
  }

  function drawUnit(data) {
    unitTasks(data);
    unitDual(data);
    var pick = root.querySelector('[data-select="unit-indicator"]');
    unitIndicator(data, pick ? pick.value : '');
    if (pick) {
      pick.addEventListener('change', function () {
        unitIndicator(data, pick.value);
      });
    }
  }

  var xhr = new XMLHttpRequest();
  xhr.open('GET', root.getAttribute('data-source'), true);
  xhr.setRequestHeader('Accept', 'application/json');
  xhr.onreadystatechange = function () {
    if (xhr.readyState !== 4 || xhr.status !== 200) return;
    var data = JSON.parse(xhr.responseText);
    if (root.getAttribute('data-kind') === 'unit') return drawUnit(data);
    timeline(data);
    onTime(data);
    dualRanking(data);
    var unit = root.querySelector('[data-select="dual-unit"]');
    var ind = root.querySelector('[data-select="indicator"]');
    if (unit) {
      dualHistory(data, unit.value);
      unit.addEventListener('change', function () {
        dualHistory(data, unit.value);
      });
    }
    if (ind) {
      indicator(data, ind.value);
      ind.addEventListener('change', function () {
        indicator(data, ind.value);
      });
    }
  };
  xhr.send();

  window.addEventListener('resize', function () {
    for (var i = 0; i < charts.length; i++) charts[i].resize();
  });
})();
