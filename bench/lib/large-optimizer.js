'use strict';
/**
 * A stand-in of the current-generation Optimizer for the large-document benchmark only: Create,
 * Upload, Sign (classic) and Download, with documents streamed to and from disk.
 *
 * Why not the simulator: it keeps documents in memory and refuses bodies over 256 MB
 * (test/simulator/http.js MAX_BODY_BYTES), and its memory is not what is measured. Answers use the
 * simulator's (documented) shapes, so the node parses them as it does the simulator's.
 */
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const path = require('path');

const { n8n } = require('./common');

const PREFIX = '/oneshot/api/v1';
const SIGNATURE = Buffer.from('\n% signed by the benchmark stand-in of the One-Shot Optimizer\n', 'latin1');

async function startLargeOptimizer(dir) {
	fs.mkdirSync(dir, { recursive: true });
	let nextPk = 500000;
	const docs = new Map(); // uid → { file, start, end, fileName }
	const log = [];

	function send(res, status, body) {
		const text = JSON.stringify(body);
		res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
		res.end(text);
	}

	/** Streams a multipart body with one file part to disk; returns where its content lies. */
	function receiveUpload(req) {
		const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(req.headers['content-type'] || '');
		if (!boundary) throw new Error('not multipart');
		const mark = boundary[1] || boundary[2];
		const file = path.join(dir, `${crypto.randomUUID()}.part`);
		const out = fs.createWriteStream(file);
		let head = Buffer.alloc(0);
		let size = 0;
		return new Promise((resolve, reject) => {
			req.on('data', (chunk) => {
				if (head.length < 64 * 1024) head = Buffer.concat([head, chunk.subarray(0, 64 * 1024)]);
				size += chunk.length;
				if (!out.write(chunk)) {
					req.pause();
					out.once('drain', () => req.resume());
				}
			});
			req.on('end', () =>
				out.end(() => {
					const headerEnd = head.indexOf('\r\n\r\n');
					const header = head.subarray(0, headerEnd).toString('latin1');
					const fileName = /filename="([^"]*)"/.exec(header)?.[1] || 'document.pdf';
					const trailer = Buffer.byteLength(`\r\n--${mark}--\r\n`);
					resolve({ file, start: headerEnd + 4, end: size - trailer, fileName });
				}),
			);
			req.on('error', reject);
		});
	}

	const server = http.createServer(async (req, res) => {
		const url = new URL(req.url, 'http://127.0.0.1');
		const p = url.pathname.replace(/\/+$/, '');
		log.push({ method: req.method, path: p, at: Date.now() });
		try {
			if (req.method === 'POST' && p === `${PREFIX}/create`) {
				req.resume();
				await new Promise((r) => req.on('end', r));
				const pk = nextPk++;
				return send(res, 200, { status: 'success', message: `Request created with pk ${pk}`, details: { pk, status: 'ENROLLREADY', asyncmode: false } });
			}
			let m = new RegExp(`^${PREFIX}/document/(\\d+)$`).exec(p);
			if (req.method === 'POST' && m) {
				const doc = await receiveUpload(req);
				const uid = crypto.randomUUID();
				docs.set(uid, doc);
				return send(res, 200, { status: 'success', detail: { name: 'file', uid } });
			}
			m = new RegExp(`^${PREFIX}/(otp|sign)/(\\d+)$`).exec(p);
			if (req.method === 'POST' && m) {
				req.resume();
				await new Promise((r) => req.on('end', r));
				return send(res, 200, { status: 'success', message: m[1] === 'otp' ? 'OTP generated' : 'Documents correctly signed' });
			}
			m = new RegExp(`^${PREFIX}/document/(\\d+)/([^/]+)$`).exec(p);
			if (req.method === 'GET' && m) {
				const doc = docs.get(m[2]);
				if (!doc) return send(res, 404, { detail: 'Document not found' });
				const signed = url.searchParams.get('document_type') === 'signed';
				const length = doc.end - doc.start + (signed ? SIGNATURE.length : 0);
				const name = signed ? doc.fileName.replace(/\.pdf$/i, '_signed.pdf') : doc.fileName;
				res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': length, 'content-disposition': `attachment; filename="${name}"` });
				const stream = fs.createReadStream(doc.file, { start: doc.start, end: doc.end - 1 });
				stream.pipe(res, { end: !signed });
				if (signed) stream.on('end', () => res.end(SIGNATURE));
				return undefined;
			}
			return send(res, 404, { detail: 'Not Found' });
		} catch (error) {
			return send(res, 400, { detail: error.message });
		}
	});
	const port = await n8n.freePort();
	await new Promise((resolve) => server.listen(port, n8n.HOST, resolve));
	const base = `http://${n8n.HOST}:${port}`;
	return {
		url: base,
		currentBaseUrl: `${base}${PREFIX}`,
		log,
		docs,
		close: async () => {
			server.closeAllConnections?.();
			await new Promise((resolve) => server.close(() => resolve()));
			for (const doc of docs.values()) fs.rmSync(doc.file, { force: true });
		},
	};
}

module.exports = { startLargeOptimizer, SIGNATURE };
