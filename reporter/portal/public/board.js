/* The period board: filters as the user types, and fetches the table again when returns arrive
   (the server answers 304 while nothing changed). ES5. */
(function () {
  'use strict';
  var form = document.getElementById('board-filter');
  var holder = document.getElementById('board-table');
  var badge = document.getElementById('board-updated');
  if (!form || !holder || !badge) return;
  var search = form.elements.q;
  var kind = form.elements.kind;
  var state = form.elements.state;
  var etag = '"' + badge.getAttribute('data-version') + '"';

  function apply() {
    var q = (search.value || '').replace(/^\s+|\s+$/g, '').toLowerCase();
    var k = kind.value;
    var s = state.value;
    var rows = holder.querySelectorAll('tbody tr');
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var ok =
        (!q || r.getAttribute('data-search').indexOf(q) >= 0) &&
        (!k || r.getAttribute('data-kind') === k) &&
        (!s || r.getAttribute('data-state') === s);
      r.style.display = ok ? '' : 'none';
      if (ok) shown++;
    }
    var empty = document.getElementById('board-empty');
    if (empty) empty.hidden = shown > 0;
    recount(rows);
  }

  // The tiles count every row by state, whatever the filters show.
  function recount(rows) {
    var counts = {};
    for (var i = 0; i < rows.length; i++) {
      var s = rows[i].getAttribute('data-state');
      counts[s] = (counts[s] || 0) + 1;
    }
    for (var t = 0; t < tiles.length; t++) {
      var group = tiles[t].getAttribute('data-state');
      var el = tiles[t].querySelector('.count');
      if (el) el.textContent = group ? counts[group] || 0 : rows.length;
    }
  }

  var tiles = document.querySelectorAll('#state-tiles a');
  search.addEventListener('input', apply);
  kind.addEventListener('change', apply);
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    apply();
  });
  for (var t = 0; t < tiles.length; t++) {
    tiles[t].addEventListener('click', function (e) {
      e.preventDefault();
      state.value = this.getAttribute('data-state');
      for (var j = 0; j < tiles.length; j++) tiles[j].className = tiles[j] === this ? 'active' : '';
      apply();
    });
  }
  apply();

  function poll() {
    var xhr = new XMLHttpRequest();
    // The whole table, unfiltered: filtering stays in the browser.
    xhr.open('GET', badge.getAttribute('data-source'), true);
    xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
    xhr.setRequestHeader('If-None-Match', etag);
    xhr.onreadystatechange = function () {
      if (xhr.readyState !== 4) return;
      if (xhr.status === 200) {
        etag = xhr.getResponseHeader('ETag') || etag;
        holder.innerHTML = xhr.responseText;
        apply();
        var now = new Date();
        badge.textContent =
          '已更新 ' + ('0' + now.getHours()).slice(-2) + ':' + ('0' + now.getMinutes()).slice(-2);
      } else if (xhr.status === 401) {
        window.location.reload();
        return;
      }
      setTimeout(poll, 10000);
    };
    xhr.send();
  }
  setTimeout(poll, 10000);
})();
