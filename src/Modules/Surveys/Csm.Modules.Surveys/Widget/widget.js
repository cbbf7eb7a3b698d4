/*
 * Csm feedback widget. On any site:
 *   <script src="https://csm.example/widget.js" data-survey="LINK-ID" async></script>
 * data-survey is the id of a survey's reusable link (survey editor → public link); data-lang ("zh-CN" or "en") overrides
 * the browser's language; data-label the button's text. The survey opens in a panel (Csm's survey page in a frame),
 * which records the address of this page with the answer.
 */
(function () {
  var script = document.currentScript;
  var survey = script && script.getAttribute('data-survey');
  if (!survey || window.csmFeedbackWidget) return;
  var origin = new URL(script.src, location.href).origin;
  var lang = /^en/i.test(script.getAttribute('data-lang') || navigator.language || '') ? 'en' : 'zh-CN';
  var words = lang === 'en' ? { open: 'Feedback', close: 'Close' } : { open: '意见反馈', close: '关闭' };
  var label = script.getAttribute('data-label') || words.open;
  var panel = null;
  var button = element('button', 'position:fixed;right:20px;bottom:20px;z-index:2147483000;padding:10px 16px;border:0;border-radius:22px;'
    + 'background:#1d4ed8;color:#fff;font:600 15px/1.3 system-ui,-apple-system,"PingFang SC",sans-serif;cursor:pointer;box-shadow:0 4px 14px rgba(15,23,42,.3)');
  button.type = 'button';
  button.textContent = label;
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('data-csm-feedback', 'open');
  button.addEventListener('click', function () { show(!panel || panel.style.display === 'none'); });
  window.csmFeedbackWidget = { open: function () { show(true); }, close: function () { show(false); } };

  function element(tag, css) {
    var e = document.createElement(tag);
    e.style.cssText = css;
    return e;
  }

  function show(open) {
    if (open && !panel) {
      panel = element('div', 'position:fixed;right:20px;bottom:76px;z-index:2147483000;width:380px;max-width:calc(100vw - 40px);'
        + 'height:560px;max-height:calc(100vh - 100px);background:#f1f5f9;border-radius:12px;overflow:hidden;box-shadow:0 8px 30px rgba(15,23,42,.35)');
      panel.setAttribute('role', 'dialog');
      panel.setAttribute('aria-label', label);
      var close = element('button', 'position:absolute;right:6px;top:6px;z-index:1;width:32px;height:32px;border:0;border-radius:16px;'
        + 'background:#fff;color:#0f172a;font:20px/1 system-ui,sans-serif;cursor:pointer');
      close.type = 'button';
      close.textContent = '\u00d7';
      close.setAttribute('aria-label', words.close);
      close.addEventListener('click', function () { show(false); button.focus(); });
      var page = (location.origin + location.pathname + location.search).slice(0, 2048);
      var frame = element('iframe', 'border:0;width:100%;height:100%');
      frame.title = label;
      frame.src = origin + '/f/' + encodeURIComponent(survey) + '?channel=widget&embed=1&lang=' + lang + '&page=' + encodeURIComponent(page);
      panel.appendChild(close);
      panel.appendChild(frame);
      document.body.appendChild(panel);
    }
    if (panel) panel.style.display = open ? 'block' : 'none';
    if (open && panel) panel.lastChild.focus();
    button.setAttribute('aria-expanded', String(open));
  }

  // The survey page asks to be closed a moment after its thanks, or at once on Escape.
  window.addEventListener('message', function (e) {
    if (e.origin !== origin) return;
    if (e.data === 'csm-feedback:done') setTimeout(function () { show(false); }, 2500);
    if (e.data === 'csm-feedback:close') { show(false); button.focus(); }
  });

  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && panel && panel.style.display !== 'none') { show(false); button.focus(); }
  });

  function mount() { document.body.appendChild(button); }
  if (document.body) mount(); else document.addEventListener('DOMContentLoaded', mount);
})();
