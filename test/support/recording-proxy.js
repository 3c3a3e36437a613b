'use strict';
/**
 * A loopback HTTP proxy in front of the simulator that records what the node really sent on the
 * wire for each request: method, path, headers and the number of body bytes (the simulator does
 * not keep headers). Used to check that streamed uploads carry an exact Content-Length.
 */
const http = require('http');

/**
 * @param {string} target base URL of the simulator, e.g. http://127.0.0.1:8089
 * @returns {Promise<{ url: string, requests: Array<{ method: string, path: string, headers: Record<string, string | string[] | undefined>, bodyBytes: number }>, close: () => Promise<void> }>}
 */
async function startRecordingProxy(target) {
	const upstream = new URL(target);
	/** @type {Array<{ method: string, path: string, headers: Record<string, string | string[] | undefined>, bodyBytes: number }>} */
	const requests = [];
	const server = http.createServer((req, res) => {
		const record = {
			method: req.method ?? '',
			path: req.url ?? '',
			headers: { ...req.headers },
			bodyBytes: 0,
		};
		requests.push(record);
		const out = http.request(
			{
				host: upstream.hostname,
				port: upstream.port,
				method: req.method,
				path: req.url,
				headers: { ...req.headers, host: upstream.host },
			},
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		out.on('error', () => res.destroy());
		req.on('data', (chunk) => {
			record.bodyBytes += chunk.length;
		});
		req.pipe(out);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = /** @type {import('net').AddressInfo} */ (server.address());
	return {
		url: `http://127.0.0.1:${address.port}`,
		requests,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve(undefined));
			}),
	};
}

module.exports = { startRecordingProxy };
