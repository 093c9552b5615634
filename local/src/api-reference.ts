import type { LocalEndpoint } from './gateway/local-endpoint';
import { sendJson } from './http-io';
import type { OpenApiDocument } from './openapi';

/**
 * A self-contained reference page (no CDN, works offline): it reads /openapi.json and lists every
 * operation with its roles, parameters, schemas and errors (status, code and Chinese title of
 * each), plus a form to try a call with a token. Swagger UI can replace it once swagger-ui-dist
 * is a dependency.
 */
const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API 参考 · 职业技能培训补贴管理系统（本地）</title>
<style>
  body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem 2rem; color: #1f2328; }
  h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; }
  details { border: 1px solid #d0d7de; border-radius: 6px; margin: .5rem 0; padding: .4rem .8rem; }
  summary { cursor: pointer; } code, pre { font-family: ui-monospace, monospace; font-size: .85rem; }
  pre { background: #f6f8fa; padding: .6rem; overflow: auto; max-height: 24rem; }
  .method { display: inline-block; min-width: 4.2rem; font-weight: 600; }
  .GET { color: #0969da; } .POST { color: #1a7f37; } .PUT, .PATCH { color: #9a6700; } .DELETE { color: #cf222e; }
  .roles { color: #57606a; font-size: .9rem; } label { display: block; margin: .4rem 0; }
  textarea, input { width: 100%; box-sizing: border-box; font-family: ui-monospace, monospace; }
  table { border-collapse: collapse; font-size: .9rem; } th, td { border: 1px solid #d0d7de; padding: .2rem .6rem; text-align: left; }
</style>
</head>
<body>
<h1 id="title">API 参考</h1>
<p id="intro"></p>
<label>Bearer 令牌（<code>npm run token -- reviewer1</code> 或 POST /auth/token）<input id="token" placeholder="eyJ…"></label>
<div id="operations">加载中…</div>
<script type="module">
const doc = await (await fetch('/openapi.json')).json();
const el = (tag, props = {}, ...children) => { const node = Object.assign(document.createElement(tag), props); node.append(...children); return node; };
const pretty = (value) => JSON.stringify(value, null, 2);
document.getElementById('title').textContent = doc.info.title;
document.getElementById('intro').textContent = doc.info.description + '（OpenAPI 文档：/openapi.json）';
const root = document.getElementById('operations');
root.textContent = '';
const byTag = new Map();
for (const [path, methods] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(methods)) {
    for (const tag of op.tags.length ? op.tags : ['其他']) byTag.set(tag, [...(byTag.get(tag) ?? []), { path, method: method.toUpperCase(), op }]);
  }
}
for (const [tag, ops] of byTag) {
  root.append(el('h2', { textContent: tag }));
  for (const { path, method, op } of ops) {
    const body = op.requestBody?.content['application/json'].schema;
    const sample = body ? pretty(resolve(body)) : '';
    const input = el('textarea', { rows: 8, placeholder: '{ }' });
    const params = el('input', { value: path, title: '路径（替换 {参数}）及查询字符串' });
    const output = el('pre', { textContent: '' });
    const send = el('button', { textContent: '发送请求', onclick: async () => {
      const headers = { authorization: 'Bearer ' + document.getElementById('token').value.trim() };
      if (body) headers['content-type'] = 'application/json';
      const response = await fetch(params.value, { method, headers, body: body ? input.value : undefined });
      const text = await response.text();
      let shown = text; try { shown = pretty(JSON.parse(text)); } catch {}
      output.textContent = response.status + ' ' + response.statusText + '\\n' + shown;
    } });
    root.append(el('details', {},
      el('summary', {}, el('span', { className: 'method ' + method, textContent: method }), el('code', { textContent: path }), ' ' + op.summary),
      el('p', { className: 'roles', textContent: op.description + '（operationId：' + op.operationId + '，服务：' + op['x-service'] + '）' }),
      ...(op.parameters ? [el('h4', { textContent: '参数' }), el('pre', { textContent: pretty(op.parameters) })] : []),
      ...(body ? [el('h4', { textContent: '请求体' }), el('pre', { textContent: sample })] : []),
      ...errorTable(op),
      el('h4', { textContent: '响应' }),
      el('pre', { textContent: pretty(Object.fromEntries(Object.entries(op.responses).map(([status, r]) => [status, { description: r.description, schema: resolve(Object.values(r.content ?? {})[0]?.schema) }]))) }),
      el('h4', { textContent: '试一试' }), params, ...(body ? [el('label', { textContent: '请求体（JSON）' }), input] : []), send, output,
    ));
  }
}
function errorTable(op) {
  const rows = Object.entries(op.responses).flatMap(([status, r]) =>
    Object.entries(r.content?.['application/problem+json']?.examples ?? {}).map(([code, example]) =>
      el('tr', {}, el('td', { textContent: status }), el('td', {}, el('code', { textContent: code })), el('td', { textContent: example.summary }))));
  if (rows.length === 0) return [];
  const head = el('tr', {}, ...['状态码', 'code', '含义'].map((text) => el('th', { textContent: text })));
  return [el('h4', { textContent: '错误（application/problem+json）' }), el('table', {}, head, ...rows)];
}
function resolve(schema) {
  if (!schema || typeof schema !== 'object') return schema;
  if (schema.$ref) return resolve(doc.components.schemas[schema.$ref.split('/').pop()]);
  if (Array.isArray(schema)) return schema.map(resolve);
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, resolve(value)]));
}
</script>
</body>
</html>
`;

export function apiReferenceEndpoints(document: OpenApiDocument): LocalEndpoint[] {
  return [
    { method: 'GET', path: '/openapi.json', handle: (_request, response) => sendJson(response, 200, document) },
    {
      method: 'GET',
      path: '/docs',
      handle: (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(PAGE) });
        response.end(PAGE);
      },
    },
  ];
}
