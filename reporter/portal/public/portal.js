/* 信用工作门户: behaviour shared by every page. ES5 for the browsers on government desktops; no
   inline script anywhere (the CSP forbids it), so everything hooks onto data- attributes. */
(function () {
  'use strict';

  function each(list, fn) {
    for (var i = 0; i < list.length; i++) fn(list[i], i);
  }

  // Buttons that change something ask first. The answer travels as confirmed=1; without script the
  // server shows its own confirmation page instead.
  each(document.querySelectorAll('form[data-confirm]'), function (form) {
    form.addEventListener('submit', function (event) {
      if (form.getAttribute('data-confirmed') === '1') return;
      if (!window.confirm(form.getAttribute('data-confirm'))) {
        event.preventDefault();
        return;
      }
      var flag = document.createElement('input');
      flag.type = 'hidden';
      flag.name = 'confirmed';
      flag.value = '1';
      form.appendChild(flag);
      form.setAttribute('data-confirmed', '1');
      each(form.querySelectorAll('button[type=submit]'), function (b) {
        // Disabled after the submit is under way, so a double click does not post twice.
        setTimeout(function () {
          b.disabled = true;
        }, 0);
      });
    });
  });

  each(document.querySelectorAll('select[data-autosubmit]'), function (select) {
    select.addEventListener('change', function () {
      select.form.submit();
    });
  });

  // Copy a unit's address: the text field is selected as well, for browsers without clipboard access.
  each(document.querySelectorAll('button[data-copy]'), function (button) {
    button.addEventListener('click', function () {
      var input = document.getElementById(button.getAttribute('data-copy'));
      if (!input) return;
      input.focus();
      input.select();
      var done = false;
      try {
        done = document.execCommand('copy');
      } catch (_error) {
        // old browsers refuse copy commands: the selected text is there for Ctrl+C
      }
      var old = button.textContent;
      button.textContent = done ? '已复制' : '请按 Ctrl+C';
      setTimeout(function () {
        button.textContent = old;
      }, 1500);
    });
  });

  // A running job's page looks again every two seconds until the job is done.
  var job = document.querySelector('[data-job-running]');
  if (job) {
    setTimeout(function () {
      window.location.reload();
    }, 2000);
  }
})();
