'use strict';
/**
 * A loopback address that answers every call with a redirect (307: method and body kept) to the
 * same path on `target`: stands for an Optimizer URL that forwards elsewhere.
 */
const http = require('http');

/**
 * @param {string} target base URL the redirect points to, e.g. http://127.0.0.1:8089
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
async function startRedirector(target) {
	const server = http.createServer((req, res) => {
		res.writeHead(307, { location: `${target}${req.url}` });
		res.end();
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = /** @type {import('net').AddressInfo} */ (server.address());
	return {
		url: `http://127.0.0.1:${address.port}`,
		close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
	};
}

module.exports = { startRedirector };
