'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.MAX_BODY_BYTES = exports.Router = void 0;
exports.readBody = readBody;
exports.send = send;
exports.contentDisposition = contentDisposition;
exports.json = json;
exports.jsonBody = jsonBody;
exports.formBody = formBody;
exports.intParam = intParam;
const errors_1 = require('./errors');
const multipart_1 = require('./multipart');
class Router {
	tables;
	compiled = new Map();
	constructor(tables) {
		this.tables = tables;
		for (const t of tables) {
			this.compiled.set(
				t,
				t.routes.map((route) => {
					const names = [];
					const source = route.path
						.replace(/\/+$/, '')
						.split('/')
						.map((seg) => {
							if (seg.startsWith(':')) {
								names.push(seg.slice(1));
								return '([^/]+)';
							}
							return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
						})
						.join('/');
					return { route, names, re: new RegExp(`^${source}/?$`) };
				}),
			);
		}
	}
	tableFor(path) {
		return this.tables.find((t) => path === t.prefix || path.startsWith(`${t.prefix}/`));
	}
	/** 'none' = no path matches (404); 'method' = path matches with another method (405). */
	match(method, path) {
		const table = this.tableFor(path);
		if (!table) return { kind: 'none' };
		const rel = path.slice(table.prefix.length) || '/';
		let pathMatched = false;
		for (const c of this.compiled.get(table) ?? []) {
			const m = c.re.exec(rel);
			if (!m) continue;
			if (c.route.method !== method && !(method === 'HEAD' && c.route.method === 'GET')) {
				pathMatched = true;
				continue;
			}
			const params = {};
			c.names.forEach((n, i) => {
				try {
					params[n] = decodeURIComponent(m[i + 1]);
				} catch {
					params[n] = m[i + 1];
				}
			});
			return { kind: 'ok', table, route: c.route, params };
		}
		return pathMatched ? { kind: 'method', table } : { kind: 'none', table };
	}
}
exports.Router = Router;
exports.MAX_BODY_BYTES = 256 * 1024 * 1024;
function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size > exports.MAX_BODY_BYTES) {
				reject(new errors_1.ApiError(413, 'Request body too large'));
				req.destroy();
				return;
			}
			chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
		req.on('aborted', () => reject(new Error('aborted')));
	});
}
function send(res, result, head = false) {
	if (res.headersSent || res.destroyed) return;
	if (result.type === 'json') {
		const payload = Buffer.from(JSON.stringify(result.body), 'utf8');
		res.writeHead(result.status, {
			'content-type': 'application/json',
			'content-length': String(payload.length),
			...(result.headers ?? {}),
		});
		res.end(head ? undefined : payload);
		return;
	}
	const headers = {
		'content-type': result.contentType,
		'content-length': String(result.data.length),
	};
	if (result.filename !== undefined)
		headers['content-disposition'] = contentDisposition(result.filename);
	res.writeHead(result.status, headers);
	// res.end() streams the buffer with backpressure handled by Node.
	res.end(head ? undefined : result.data);
}
function contentDisposition(filename) {
	const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	if (ascii === filename) return `attachment; filename="${filename}"`;
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
function json(status, body, headers) {
	return { type: 'json', status, body, headers };
}
/**
 * Parses a JSON body. Empty body = `{}` unless required. Invalid JSON = 400
 * `Could not parse JSON body - <reason>` (legacy spec wording).
 */
function jsonBody(ctx, opts = {}) {
	const text = ctx.body.toString('utf8');
	if (text.trim() === '') {
		if (opts.required)
			throw new errors_1.ApiError(
				400,
				'Could not parse JSON body - Expecting value: line 1 column 1 (char 0)',
			);
		return {};
	}
	let parsed;
	try {
		parsed = JSON.parse(text);
	} catch (err) {
		throw new errors_1.ApiError(400, `Could not parse JSON body - ${err.message}`);
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new errors_1.ApiError(400, 'Could not parse JSON body - Expecting a JSON object');
	}
	return parsed;
}
/** Parses multipart/form-data (or urlencoded when allowed) into fields and file parts. */
function formBody(ctx, opts = {}) {
	const ct = String(ctx.headers['content-type'] ?? '');
	const boundary = (0, multipart_1.getBoundary)(ct);
	if (boundary) {
		try {
			return (0, multipart_1.toForm)((0, multipart_1.parseMultipart)(ctx.body, boundary));
		} catch (err) {
			if (err instanceof multipart_1.MultipartError) {
				throw new errors_1.ApiError(400, 'There was an error parsing the body');
			}
			throw err;
		}
	}
	if (opts.allowUrlEncoded && /^application\/x-www-form-urlencoded/i.test(ct)) {
		return (0, multipart_1.parseUrlEncoded)(ctx.body);
	}
	if (ctx.body.length === 0) return { fields: {}, files: [], parts: [] };
	throw new errors_1.ApiError(400, 'There was an error parsing the body');
}
/** Integer path parameter (FastAPI answers 422 int_parsing otherwise). */
function intParam(ctx, name, locName = name) {
	const raw = ctx.params[name];
	if (!/^[0-9]+$/.test(raw ?? '')) {
		throw new errors_1.ApiError(
			400,
			'Input should be a valid integer, unable to parse string as an integer',
			{ kind: 'validation', loc: ['path', locName] },
		);
	}
	return Number(raw);
}
