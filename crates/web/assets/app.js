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
