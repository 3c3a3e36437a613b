/**
 * A stand-in of the part of n8n 2.41's public API that the trigger's "Resume Waiting Executions"
 * reads (n8n/dist/public-api/v1/controllers/executions.public.controller.js), over the executions
 * of ./waiting-webhooks.js:
 *   - GET /api/v1/executions?status=waiting|running&limit=&cursor=: `{data: [{id, status,
 *     waitTill, …}], nextCursor}`; customData only with includeData=true, like n8n;
 *   - GET /api/v1/executions/<id>[?includeData=true]: one execution (customData with includeData);
 *   - 401 without the right X-N8N-API-KEY header, 404 for an unknown execution.
 * Requests are counted in `calls` (what the relay costs n8n).
 */
const calls = [];

function statusOf(entry) {
	if (entry.state === 'running') return 'running';
	if (entry.state === 'waiting') return 'waiting';
	return entry.result?.run?.status ?? 'success';
}

function view(id, entry, includeData) {
	const data = entry.result?.run?.data;
	const waitTill = entry.state === 'waiting' ? data?.waitTill : undefined;
	const item = {
		id,
		status: statusOf(entry),
		finished: entry.state === 'finished',
		mode: 'manual',
		waitTill: waitTill ? new Date(waitTill).toISOString() : null,
		workflowId: entry.result?.workflow?.id ?? 'wf',
	};
	if (includeData) item.customData = { ...(data?.resultData?.metadata ?? {}) };
	return item;
}

function send(res, status, body) {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}

/** Answers one request of the public API. */
function publicApi(executions, req, res, url, apiKey) {
	calls.push({ path: url.pathname, query: url.search, at: Date.now() });
	if (req.headers['x-n8n-api-key'] !== apiKey) return send(res, 401, { message: 'unauthorized' });
	if (req.method !== 'GET') return send(res, 405, { message: 'method not allowed' });
	const includeData = url.searchParams.get('includeData') === 'true';
	const one = /^\/api\/v1\/executions\/([^/]+)$/.exec(url.pathname);
	if (one) {
		const entry = executions.get(decodeURIComponent(one[1]));
		if (!entry) return send(res, 404, { message: 'Not Found' });
		return send(res, 200, view(one[1], entry, includeData));
	}
	if (url.pathname !== '/api/v1/executions') return send(res, 404, { message: 'Not Found' });
	const status = url.searchParams.get('status');
	const limit = Math.min(250, Number(url.searchParams.get('limit') ?? 100) || 100);
	const after = Number(url.searchParams.get('cursor') ?? 0) || 0;
	const all = [...executions]
		.filter(([, entry]) => !status || statusOf(entry) === status)
		// like n8n, the list leaves running executions out unless asked for them
		.filter(([, entry]) => status === 'running' || statusOf(entry) !== 'running');
	const page = all.slice(after, after + limit);
	const nextCursor = after + limit < all.length ? String(after + limit) : null;
	return send(res, 200, {
		data: page.map(([id, entry]) => view(id, entry, includeData)),
		nextCursor,
	});
}

module.exports = { publicApi, calls };
