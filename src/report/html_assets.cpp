#include "report/html_assets.h"

namespace silentcors::report {

const std::string_view kHtmlStyle = R"CSS(
:root{--fail:#c62828;--failbg:#fdecea;--ok:#2e7d32;--okbg:#e8f5e9;--warn:#b26a00;--warnbg:#fff4e0;--muted:#666;--line:#ddd;--pre:#1565c0}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#222;background:#fafafa}
header.verdict{padding:16px 24px;border-bottom:4px solid var(--ok);background:#fff}
header.verdict.failed{border-color:var(--fail)}
header.verdict h1{margin:0 0 6px;font-size:22px}
.counts{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}
.count{border:1px solid var(--line);border-radius:6px;padding:4px 10px;background:#fff}
.count b{font-size:18px;margin-right:4px}
.count.bad b{color:var(--fail)}
.exit{font-family:ui-monospace,Menlo,Consolas,monospace}
main{padding:8px 24px 40px}
h2{font-size:18px;margin:24px 0 8px}
form.filters{display:flex;gap:12px;align-items:center;flex-wrap:wrap;padding:8px 24px;background:#fff;border-bottom:1px solid var(--line);position:sticky;top:0;z-index:1}
form.filters input[type=search]{min-width:260px}
.card{background:#fff;border:1px solid var(--line);border-left:6px solid var(--warn);border-radius:6px;padding:10px 14px;margin:10px 0}
.card.error{border-left-color:var(--fail)}
.card h3{margin:0 0 6px;font-size:15px}
.kind{font-family:ui-monospace,Menlo,Consolas,monospace;background:#eee;border-radius:4px;padding:1px 6px}
.sev{font-weight:600;text-transform:uppercase;font-size:12px;padding:1px 6px;border-radius:4px;color:#fff;background:var(--warn)}
.sev.error{background:var(--fail)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;overflow-wrap:anywhere}
.url,code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;overflow-wrap:anywhere}
pre.snippet{background:#263238;color:#eceff1;padding:10px;border-radius:6px;overflow:auto;white-space:pre-wrap}
.hdr{display:inline-block;font-family:ui-monospace,Menlo,Consolas,monospace;border-radius:4px;padding:0 6px;margin:1px 2px;border:1px solid var(--line)}
.hdr.refused{background:var(--failbg);color:var(--fail);border-color:var(--fail);font-weight:700}
.hdr.allowed{background:var(--okbg);color:var(--ok);border-color:#a5d6a7}
.hdr.none{color:var(--muted);font-style:italic}
table{border-collapse:collapse}
table.matrix td,table.matrix th{border:1px solid var(--line);padding:2px 8px;text-align:left}
table.matrix th{background:#f3f3f3}
table.matrix td.refused{background:#fde2e1;font-weight:bold}
table.matrix td.ready{background:#e3f4e1}
table.tt td,table.tt th{border:1px solid var(--line);padding:2px 8px;text-align:right}
table.tt th{background:#f3f3f3}
.stats{display:flex;gap:20px;flex-wrap:wrap;align-items:flex-start;margin:8px 0}
.stats figure{margin:0}
.stats figcaption{color:var(--muted);font-size:12px}
details.run{background:#fff;border:1px solid var(--line);border-left:6px solid var(--ok);border-radius:6px;margin:8px 0;padding:6px 12px}
details.run.failed{border-left-color:var(--fail)}
details.run.error{border-left-color:var(--warn)}
details.run>summary{cursor:pointer;font-weight:600}
.outcome{font-size:12px;font-weight:700;padding:1px 6px;border-radius:4px;color:#fff;background:var(--ok)}
.outcome.failed{background:var(--fail)}
.outcome.error{background:var(--warn)}
table.waterfall{width:100%;font-size:12px;margin:6px 0}
table.waterfall th{text-align:left;color:var(--muted);font-weight:normal;border-bottom:1px solid var(--line)}
table.waterfall td{padding:1px 6px;vertical-align:middle;white-space:nowrap}
table.waterfall td.u{white-space:normal;word-break:break-all;min-width:18em;max-width:36em}
table.waterfall td.st{white-space:normal;min-width:12em}
table.waterfall td.n{text-align:right;font-variant-numeric:tabular-nums}
table.waterfall td.bar{width:32%;min-width:160px}
tbody.pair{border-left:3px solid var(--pre)}
tbody.pair tr.pf td:first-child::before{content:"\2510 ";color:var(--pre)}
tbody.pair tr.main td:first-child::before{content:"\2514\25B6 ";color:var(--pre)}
tr.failed{background:var(--failbg)}
tr.failed td.st{color:var(--fail);font-weight:700}
.track{position:relative;height:10px;background:#f0f0f0;border-radius:2px}
.track span{position:absolute;top:0;height:10px;min-width:2px;border-radius:2px;background:#90a4ae}
tr.pf .track span{background:var(--pre)}
tr.failed .track span{background:var(--fail)}
.mark{color:var(--fail);font-weight:700}
.strip{display:flex;flex-wrap:wrap;gap:2px;margin:4px 0}
.strip i{display:inline-block;width:14px;height:18px;border-radius:2px;background:var(--ok);border-top:5px solid #ccc}
.strip i.f{background:var(--fail)}
.strip i.c{border-top-color:#5e35b1}
.legend{color:var(--muted);font-size:12px}
.muted{color:var(--muted)}
[hidden]{display:none!important}
)CSS";

const std::string_view kHtmlScript = R"JS(
(function () {
  'use strict';
  var form = document.getElementById('filters');
  if (!form) return;
  form.hidden = false;
  var outcome = document.getElementById('f-outcome');
  var kind = document.getElementById('f-kind');
  var text = document.getElementById('f-text');
  var shown = document.getElementById('f-shown');
  function apply() {
    var o = outcome.value, k = kind.value, t = text.value.trim().toLowerCase();
    var visible = 0, all = 0;
    document.querySelectorAll('[data-filter]').forEach(function (el) {
      var kinds = ' ' + (el.getAttribute('data-kinds') || '') + ' ';
      var ok = (!o || el.getAttribute('data-outcome') === o) &&
               (!k || kinds.indexOf(' ' + k + ' ') >= 0) &&
               (!t || el.textContent.toLowerCase().indexOf(t) >= 0);
      el.hidden = !ok;
      all++;
      if (ok) visible++;
      if (ok && t && el.tagName === 'DETAILS') el.open = true;
    });
    document.querySelectorAll('[data-row]').forEach(function (row) {
      row.hidden = !!t && row.textContent.toLowerCase().indexOf(t) < 0;
    });
    shown.textContent = visible + ' of ' + all + ' shown';
  }
  [outcome, kind, text].forEach(function (el) {
    el.addEventListener('input', apply);
    el.addEventListener('change', apply);
  });
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  apply();
})();
)JS";

}  // namespace silentcors::report
