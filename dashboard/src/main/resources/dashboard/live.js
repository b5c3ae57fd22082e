// Refreshes a page that shows something in flight: its <main> is fetched again every few seconds and
// swapped in. The page works without it; it only saves pressing reload. No inline script is needed
// (the Content-Security-Policy forbids it).
(function () {
  function schedule() {
    var main = document.getElementById('main');
    var seconds = main && parseInt(main.getAttribute('data-live'), 10);
    if (seconds > 0) {
      setTimeout(refresh, seconds * 1000);
    }
  }
  function refresh() {
    fetch(location.href, { headers: { 'Accept': 'text/html' }, cache: 'no-store' })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (text) {
        var fresh = new DOMParser().parseFromString(text, 'text/html');
        var next = fresh.getElementById('main');
        var current = document.getElementById('main');
        if (next && current) {
          current.replaceWith(document.adoptNode(next));
          var footer = fresh.querySelector('footer');
          if (footer) { document.querySelector('footer').replaceWith(document.adoptNode(footer)); }
        }
        schedule();
      })
      .catch(function () { setTimeout(refresh, 10000); });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', schedule);
  } else {
    schedule();
  }
}());
