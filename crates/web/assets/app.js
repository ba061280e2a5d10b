// Upload progress: htmx reports the bytes sent of a multipart request (htmx:xhr:progress);
// the form's <progress> shows the share sent, and its label says it in words for screen readers.
// Without JavaScript the form posts as a whole page and this file does nothing.
document.addEventListener('htmx:xhr:progress', function (evt) {
  var form = evt.target.closest ? evt.target.closest('form.upload') : null;
  if (!form || !evt.detail.lengthComputable) return;
  var bar = form.querySelector('progress');
  if (!bar) return;
  var share = Math.round((evt.detail.loaded / evt.detail.total) * 100);
  bar.max = 100;
  bar.value = share;
  bar.setAttribute('aria-valuetext', '已上传 ' + share + '%');
});

// A refused htmx request (the answer is not swapped into the page: base.html's
// responseHandling) says why in an alert at the top of the page, with the server's message
// (its error body's `message`) and, when the session has ended, a link to sign in again.
// Without it a background save that failed would go unnoticed.
function showRequestError(text, signIn) {
  var main = document.getElementById('main');
  if (!main) return;
  var box = document.getElementById('request-error');
  if (!box) {
    box = document.createElement('div');
    box.id = 'request-error';
    box.className = 'error-summary';
    box.setAttribute('role', 'alert');
    main.insertBefore(box, main.firstChild);
  }
  box.textContent = text;
  if (signIn) {
    var a = document.createElement('a');
    a.href = '/login?next=' + encodeURIComponent(location.pathname + location.search);
    a.textContent = '重新登录';
    box.appendChild(document.createTextNode(' '));
    box.appendChild(a);
  }
  box.hidden = false;
}
document.addEventListener('htmx:responseError', function (evt) {
  var xhr = evt.detail.xhr;
  var text = '请求未能办理（' + xhr.status + '），请稍后重试';
  try {
    var body = JSON.parse(xhr.responseText);
    if (body && body.message) text = body.message;
  } catch (e) { /* not JSON: the general sentence */ }
  showRequestError(text, xhr.status === 401);
});
document.addEventListener('htmx:sendError', function () {
  showRequestError('网络连接失败，内容未提交，请检查网络后重试', false);
});
document.addEventListener('htmx:afterRequest', function (evt) {
  var box = document.getElementById('request-error');
  if (box && evt.detail.successful) box.hidden = true;
});
