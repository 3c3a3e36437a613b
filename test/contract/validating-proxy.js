'use strict';
/**
 * A loopback proxy in front of the simulator that checks every request the node sends against the
 * vendor's OpenAPI description (openapi-backend, a development dependency) before passing it on
 * unchanged. Each request is recorded with the vendor operation it matched and the validator's
 * findings, minus the documented exceptions (see ./vendor-spec.js).
 */
const http = require('node:http');
const { getBoundary, parseMultipart } = require('../simulator/multipart');
const { loadVendorApi } = require('./vendor-spec');

/**
 * @typedef {object} CheckedRequest
 * @property {string} method
 * @property {string} path Without the query string.
 * @property {string | undefined} operationId The vendor operation, undefined when none matches.
 * @property {string[]} errors What the validator found, exceptions removed.
 * @property {string[]} excused Findings removed by a documented exception (exception ids).
 * @property {number} status The simulator's answer.
 * @property {Record<string, unknown> | undefined} body The body as the validator read it.
 */

/**
 * The body as the validator reads it: JSON, multipart form (repeated names become arrays, files
 * their file name) or URL-encoded; undefined for an empty body.
 * @param {Buffer} raw
 * @param {string | undefined} contentType
 */
function readBody(raw, contentType) {
	if (raw.length === 0) return undefined;
	const type = (contentType ?? '').toLowerCase();
	if (type.startsWith('application/json')) return JSON.parse(raw.toString('utf8'));
	const boundary = getBoundary(contentType);
	if (boundary) {
		/** @type {Record<string, unknown>} */
		const form = {};
		for (const part of parseMultipart(raw, boundary)) {
			const value =
				part.filename !== undefined ? part.filename || 'file' : part.data.toString('utf8');
			if (part.name in form) {
				const prev = form[part.name];
				form[part.name] = Array.isArray(prev) ? [...prev, value] : [prev, value];
			} else form[part.name] = value;
		}
		return form;
	}
	if (type.startsWith('application/x-www-form-urlencoded')) {
		return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
	}
	return { _raw: raw.toString('latin1') };
}

/**
 * @param {string} target Base URL of the simulator, e.g. http://127.0.0.1:8089
 * @param {'legacy' | 'current'} generation Which vendor description to check against.
 */
async function startValidatingProxy(target, generation) {
	const upstream = new URL(target);
	const vendor = await loadVendorApi(generation);
	/** @type {CheckedRequest[]} */
	const checked = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const raw = Buffer.concat(chunks);
			const url = new URL(req.url ?? '/', 'http://proxy');
			/** @type {CheckedRequest} */
			const record = {
				method: req.method ?? '',
				path: url.pathname,
				operationId: undefined,
				errors: [],
				excused: [],
				status: 0,
				body: undefined,
			};
			checked.push(record);
			try {
				record.body = readBody(raw, req.headers['content-type']);
				Object.assign(
					record,
					vendor.check({
						method: record.method,
						path: url.pathname,
						query: Object.fromEntries(url.searchParams),
						headers: /** @type {Record<string, string>} */ (req.headers),
						body: record.body,
					}),
				);
			} catch (error) {
				record.errors.push(`unreadable body: ${/** @type {Error} */ (error).message}`);
			}
			const out = http.request(
				{
					host: upstream.hostname,
					port: upstream.port,
					method: req.method,
					path: req.url,
					headers: { ...req.headers, host: upstream.host },
				},
				(answer) => {
					record.status = answer.statusCode ?? 0;
					res.writeHead(answer.statusCode ?? 502, answer.headers);
					answer.pipe(res);
				},
			);
			out.on('error', () => res.destroy());
			out.end(raw);
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	return {
		url: `http://127.0.0.1:${address.port}`,
		checked,
		vendor,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve(undefined));
			}),
	};
}

module.exports = { startValidatingProxy, readBody };
