/**
 * A small self-contained query page for analysts (the machine is offline, so nothing loads from a CDN):
 * an editor for the query and variables, the result, and the query fields the schema offers.
 */
export function playgroundHtml(endpoint: string, name: string): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${esc(name)} — GraphQL</title>
<style>
body{margin:0;font:14px system-ui,sans-serif;display:grid;grid-template-columns:220px 1fr 1fr;height:100vh}
aside{overflow:auto;border-right:1px solid #ddd;padding:8px;background:#fafafa}
aside button{display:block;width:100%;text-align:left;border:0;background:none;padding:2px 4px;cursor:pointer;font:12px monospace}
aside button:hover{background:#e8eefc}
section{display:flex;flex-direction:column;padding:8px;gap:6px;min-width:0}
textarea,pre{flex:1;font:13px/1.4 monospace;border:1px solid #ccc;padding:6px;margin:0;overflow:auto;white-space:pre}
#vars{flex:0 0 90px}
header{display:flex;gap:8px;align-items:center}
</style></head>
<body>
<aside><b>Query fields</b><div id="fields"></div></aside>
<section><header><b>${esc(name)}</b><button id="run">Run ▶ (Ctrl+Enter)</button></header>
<textarea id="query" spellcheck="false">{\n  _meta {\n    block { number hash timestamp }\n    deployment\n    hasIndexingErrors\n  }\n}</textarea>
<label>Variables (JSON)</label><textarea id="vars" spellcheck="false">{}</textarea></section>
<section><header><span id="status"></span></header><pre id="result"></pre></section>
<script>
const endpoint = ${JSON.stringify(endpoint)};
const $ = (id) => document.getElementById(id);
async function post(query, variables) {
  const res = await fetch(endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
  return res.json();
}
async function run() {
  let variables;
  try { variables = JSON.parse($("vars").value || "{}"); } catch (e) { $("result").textContent = "Variables: " + e.message; return; }
  const t0 = performance.now();
  const body = await post($("query").value, variables);
  $("status").textContent = Math.round(performance.now() - t0) + " ms";
  $("result").textContent = JSON.stringify(body, null, 2);
}
$("run").onclick = run;
document.addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) run(); });
post("{ __schema { queryType { fields { name type { kind name ofType { kind name ofType { kind name ofType { name } } } } } } } }").then((r) => {
  for (const f of r.data.__schema.queryType.fields) {
    let t = f.type; while (t.ofType) t = t.ofType;
    const b = document.createElement("button");
    b.textContent = f.name;
    b.onclick = () => { $("query").value = f.name.startsWith("_") ? $("query").value : "{\\n  " + f.name + (f.type.kind === "OBJECT" ? '(id: "")' : "(first: 10)") + " {\\n    id\\n  }\\n}"; };
    $("fields").appendChild(b);
  }
});
</script></body></html>`;
}
