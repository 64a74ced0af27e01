/** The app shell: everything else is drawn by /courier/app.js. Phone first: big targets, one column. */
const CSS = `
:root{--fg:#1b1f24;--muted:#5b6470;--line:#d9dde3;--bg:#f4f5f7;--card:#fff;--brand:#0b6bcb;--ok:#17803d;--bad:#b42318;--warn:#8a5a00;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
*{box-sizing:border-box}body{margin:0;font-size:17px;line-height:1.4}
#app{max-width:560px;margin:0 auto;padding:12px 12px 96px}
header h1{font-size:1.3rem;margin:4px 0}header .who{margin:0;color:var(--muted)}
.tools{display:flex;gap:12px;margin:6px 0 10px;flex-wrap:wrap}
button{font:inherit;min-height:48px;padding:10px 16px;border-radius:10px;border:1px solid var(--line);background:#fff;color:var(--fg)}
button.primary{background:var(--brand);border-color:var(--brand);color:#fff;font-weight:600}
button.danger{background:#fff;border-color:var(--bad);color:var(--bad)}
button.link{min-height:auto;padding:4px 0;border:0;background:none;color:var(--brand);text-decoration:underline}
.delivery{background:var(--card);border:1px solid var(--line);border-radius:14px;padding:14px;margin:12px 0}
.delivery.delivered,.delivery.failed{opacity:.7}
.top{display:flex;justify-content:space-between;align-items:center;gap:8px}
.badge{font-size:.85rem;padding:2px 10px;border-radius:99px;background:#eef1f5}
.badge.picked_up{background:#e6f0fb;color:var(--brand)}.badge.delivered{background:#e7f6ec;color:var(--ok)}.badge.failed{background:#fdecea;color:var(--bad)}
.name{font-weight:600;margin:8px 0 2px}.address{margin:0 0 6px}.notes{color:var(--warn);margin:4px 0}
.links{display:flex;gap:16px;align-items:center;margin:8px 0}.links a{color:var(--brand);font-weight:600}.code{margin-left:auto;color:var(--muted);font-size:.85rem}
.actions{display:flex;gap:10px;flex-wrap:wrap;margin-top:10px}.actions button{flex:1 1 140px}
form,section.login{background:var(--card);border:1px solid var(--line);border-radius:14px;padding:16px;display:flex;flex-direction:column;gap:8px}
label{font-weight:600;margin-top:6px}input,textarea{font:inherit;padding:12px;border:1px solid var(--line);border-radius:10px;width:100%}
label.camera{display:flex;align-items:center;justify-content:center;min-height:64px;border:2px dashed var(--brand);border-radius:12px;color:var(--brand);cursor:pointer}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.preview{width:100%;border-radius:10px}canvas.signature{width:100%;height:160px;border:1px solid var(--line);border-radius:10px;touch-action:none;background:#fff}
fieldset{border:0;padding:0;display:flex;flex-direction:column;gap:6px}label.radio{font-weight:400;display:flex;gap:10px;align-items:center}label.radio input{width:auto}
.error{color:var(--bad);margin:0;min-height:1em}.hint{color:var(--muted);font-size:.85rem;margin:0}
.outbox .queued,.offline{background:#fff7e6;border:1px solid #f3d19c;border-radius:10px;padding:10px;color:var(--warn)}
.outbox .rejected{background:#fdecea;border-radius:10px;padding:10px;color:var(--bad)}
.empty{color:var(--muted);text-align:center;margin-top:40px}
#status{position:fixed;left:0;right:0;bottom:0;margin:0;padding:14px;text-align:center;background:var(--fg);color:#fff}#status:empty{display:none}
`;

function escapeAttr(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

export function appShell(options: { scriptVersion: string; linkToken?: string }): string {
  return `<!doctype html>
<html lang="es-CL">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="theme-color" content="#0b6bcb">
<meta name="referrer" content="no-referrer">
${options.linkToken ? `<meta name="timbre-link-token" content="${escapeAttr(options.linkToken)}">\n` : ""}<title>Timbre · Repartidores</title>
<style>${CSS}</style>
</head>
<body>
<div id="app"><p>Cargando… / Loading…</p></div>
<p id="status" role="status" aria-live="polite"></p>
<noscript>Active JavaScript para usar la aplicación de repartidores. / Enable JavaScript to use the courier app.</noscript>
<script type="module" src="/courier/app.js?v=${options.scriptVersion}"></script>
</body>
</html>`;
}
