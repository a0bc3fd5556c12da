/* The unit page's upload box: drag and drop, several files, each sent on its own so its verdict
   shows as soon as it is judged. Without script the form posts all files and the page answers. ES5. */
(function () {
  'use strict';
  var form = document.getElementById('upload-form');
  var zone = document.getElementById('dropzone');
  var input = document.getElementById('file');
  var out = document.getElementById('verdicts');
  var bar = document.getElementById('upload-progress');
  var button = document.getElementById('upload-button');
  if (!form || !zone || !input || !out || !window.FormData || !window.XMLHttpRequest) return;

  var names = document.getElementById('file-names');

  function send(files) {
    var queue = [];
    var shown = [];
    for (var i = 0; i < files.length; i++) {
      queue.push(files[i]);
      shown.push(files[i].name);
    }
    if (!queue.length) return;
    if (names) names.textContent = shown.join('、');
    out.innerHTML = '';
    button.disabled = true;
    bar.hidden = false;
    var done = 0;
    function next() {
      var file = queue.shift();
      if (!file) {
        button.disabled = false;
        bar.hidden = true;
        input.value = '';
        return;
      }
      var data = new FormData();
      data.append('file', file, file.name);
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.getAttribute('action'), true);
      xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
      xhr.setRequestHeader('Accept', 'text/html');
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) {
          bar.firstChild.style.width = Math.round(((done + e.loaded / e.total) / files.length) * 100) + '%';
        }
      };
      xhr.onreadystatechange = function () {
        if (xhr.readyState !== 4) return;
        done++;
        var holder = document.createElement('div');
        if (xhr.status === 0) {
          holder.innerHTML =
            '<div class="verdict verdict-failed"><h3></h3><p>无法连接信用办门户，请检查网络后重新上传。文件仍在您的电脑上。</p></div>';
          holder.getElementsByTagName('h3')[0].appendChild(document.createTextNode(file.name + '：未上传'));
        } else if (
          xhr.getResponseHeader('Content-Type') &&
          xhr.getResponseHeader('Content-Type').indexOf('text/html') === 0 &&
          xhr.responseText.indexOf('class="verdict') >= 0
        ) {
          holder.innerHTML = xhr.responseText;
        } else {
          holder.innerHTML = '<div class="verdict verdict-failed"><h3></h3></div>';
          holder
            .getElementsByTagName('h3')[0]
            .appendChild(
              document.createTextNode(
                file.name +
                  '：' +
                  (xhr.status === 413
                    ? '文件过大，未接收'
                    : xhr.status === 429
                      ? '上传过于频繁，请稍候一分钟再试'
                      : '未能上传（' + xhr.status + '），请稍后重试')
              )
            );
        }
        while (holder.firstChild) out.appendChild(holder.firstChild);
        next();
      };
      xhr.send(data);
    }
    next();
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    send(input.files);
  });
  input.addEventListener('change', function () {
    send(input.files);
  });
  zone.addEventListener('dragover', function (e) {
    e.preventDefault();
    zone.className = 'dropzone over';
  });
  zone.addEventListener('dragleave', function () {
    zone.className = 'dropzone';
  });
  zone.addEventListener('drop', function (e) {
    e.preventDefault();
    zone.className = 'dropzone';
    if (e.dataTransfer && e.dataTransfer.files) send(e.dataTransfer.files);
  });
})();
