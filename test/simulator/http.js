'use strict';
/**
 * HTTP plumbing shared by the route tables: routing, body reading and parsing, answers.
 */
const { ApiError } = require('./errors');
const {
	MultipartError,
	getBoundary,
	parseMultipart,
	parseUrlEncoded,
	toForm,
} = require('./multipart');

/** @typedef {import('./multipart').Form} Form */

/**
 * What a route handler receives.
 * @typedef {object} Context
 * @property {string} method
 * @property {string} path Full path, without the query string.
 * @property {Record<string, string>} params Decoded `:name` segments of the route path.
 * @property {URLSearchParams} query
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {Buffer} body The whole request body.
 */

/**
 * What a route handler answers; `send()` writes it.
 * @typedef {{ type: 'json', status: number, body: unknown, headers?: Record<string, string> }
 *   | { type: 'binary', status: number, data: Buffer, contentType: string, filename?: string }
 * } Result
 */

/**
 * @typedef {object} Route
 * @property {string} method
 * @property {string} path Relative to the table's prefix; `:name` segments become params.
 * @property {(ctx: Context) => Result | Promise<Result>} handler
 */

/**
 * The routes of one API generation (or of the control endpoints).
 * @typedef {object} RouteTable
 * @property {import('./types').Generation} generation
 * @property {string} prefix
 * @property {(err: ApiError) => Result} renderError Renders an error in this generation's envelope.
 * @property {Route[]} routes
 */

class Router {
	/** @type {Map<RouteTable, { route: Route, names: string[], re: RegExp }[]>} */
	compiled = new Map();

	/** @param {RouteTable[]} tables */
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

	/** @param {string} path */
	tableFor(path) {
		return this.tables.find((t) => path === t.prefix || path.startsWith(`${t.prefix}/`));
	}

	/**
	 * 'none' = no path matches (404); 'method' = path matches with another method (405).
	 * @param {string} method
	 * @param {string} path
	 */
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

const MAX_BODY_BYTES = 256 * 1024 * 1024;

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Buffer>}
 */
function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size > MAX_BODY_BYTES) {
				reject(new ApiError(413, 'Request body too large'));
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

/**
 * @param {import('node:http').ServerResponse} res
 * @param {Result} result
 * @param {boolean} [head] true for a HEAD request: headers only.
 */
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

/** @param {string} filename */
function contentDisposition(filename) {
	const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	if (ascii === filename) return `attachment; filename="${filename}"`;
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 * @returns {Result}
 */
function json(status, body, headers) {
	return { type: 'json', status, body, headers };
}

/**
 * Parses a JSON body. Empty body = `{}` unless required. Invalid JSON = 400
 * `Could not parse JSON body - <reason>` (legacy spec wording).
 * @param {Context} ctx
 * @param {{ required?: boolean }} [opts]
 * @returns {Record<string, any>}
 */
function jsonBody(ctx, opts = {}) {
	const text = ctx.body.toString('utf8');
	if (text.trim() === '') {
		if (opts.required)
			throw new ApiError(
				400,
				'Could not parse JSON body - Expecting value: line 1 column 1 (char 0)',
			);
		return {};
	}
	let parsed;
	try {
		parsed = JSON.parse(text);
	} catch (err) {
		throw new ApiError(400, `Could not parse JSON body - ${err.message}`);
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new ApiError(400, 'Could not parse JSON body - Expecting a JSON object');
	}
	return parsed;
}

/**
 * Parses multipart/form-data (or urlencoded when allowed) into fields and file parts.
 * @param {Context} ctx
 * @param {{ allowUrlEncoded?: boolean }} [opts]
 * @returns {Form}
 */
function formBody(ctx, opts = {}) {
	const ct = String(ctx.headers['content-type'] ?? '');
	const boundary = getBoundary(ct);
	if (boundary) {
		try {
			return toForm(parseMultipart(ctx.body, boundary));
		} catch (err) {
			if (err instanceof MultipartError) {
				throw new ApiError(400, 'There was an error parsing the body');
			}
			throw err;
		}
	}
	if (opts.allowUrlEncoded && /^application\/x-www-form-urlencoded/i.test(ct)) {
		return parseUrlEncoded(ctx.body);
	}
	if (ctx.body.length === 0) return { fields: {}, files: [], parts: [] };
	throw new ApiError(400, 'There was an error parsing the body');
}

/**
 * Integer path parameter (FastAPI answers 422 int_parsing otherwise).
 * @param {Context} ctx
 * @param {string} name
 * @param {string} [locName] Name of the parameter in the error's `loc`.
 */
function intParam(ctx, name, locName = name) {
	const raw = ctx.params[name];
	if (!/^[0-9]+$/.test(raw ?? '')) {
		throw new ApiError(
			400,
			'Input should be a valid integer, unable to parse string as an integer',
			{ kind: 'validation', loc: ['path', locName] },
		);
	}
	return Number(raw);
}

module.exports = {
	Router,
	MAX_BODY_BYTES,
	readBody,
	send,
	contentDisposition,
	json,
	jsonBody,
	formBody,
	intParam,
};
