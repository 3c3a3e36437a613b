'use strict';
/**
 * A stand-in for the CRM of the example workflows (examples/*.json call `https://crm.example.com`):
 * a small HTTP server on loopback that serves the PDF to sign and records every CRM call.
 * Used by the demo (`npm start`, the examples are imported with the CRM URL pointing here) and
 * by the end-to-end tests.
 *
 *   GET  /files/<name>               a file of `files` (default: /files/sample.pdf, a small PDF)
 *   GET  /api/video-ids/<requestPk>  {requestPk, videoIdPk, dealId, reviewerEmail} from `videoIds`
 *   any  /api/...                    recorded in `calls` ({method, path, body, at}); answers {ok: true}
 *
 * `CRM_PLACEHOLDER` is the base URL the examples use; `localizeExamples()` rewrites it.
 */
const http = require('http');

const HOST = '127.0.0.1';
const CRM_PLACEHOLDER = 'https://crm.example.com';
const N8N_API_PLACEHOLDER = '__N8N_API_CREDENTIAL_ID__';
const MAX_BODY = 1024 * 1024;

/** A minimal one-page PDF whose text names `label` (padding makes it a little longer). */
function samplePdf(label = 'Sample agreement', padding = 0) {
	const text =
		'%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n' +
		`3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n% ${label}\n${'%'.repeat(padding)}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`;
	return Buffer.from(text, 'latin1');
}

/**
 * Starts the CRM stand-in. `files`: { '/name.pdf': {body, type, name} } served under /files.
 * `videoIds`: Map requestPk → {videoIdPk, dealId, reviewerEmail}. `onCall(call)` logs calls.
 */
function startCrm({ port = 0, files, videoIds = new Map(), onCall } = {}) {
	if (port === 5679) throw new Error('port 5679 is never used here');
	const served = files || {
		'/sample.pdf': {
			body: samplePdf('Sample agreement', 1200),
			type: 'application/pdf',
			name: 'sample.pdf',
		},
	};
	const calls = [];
	const server = http.createServer((req, res) => {
		const url = new URL(req.url, `http://${HOST}`);
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size > MAX_BODY) req.destroy();
			else chunks.push(c);
		});
		req.on('end', () => {
			if (url.pathname.startsWith('/files/')) {
				const file = served[url.pathname.slice('/files'.length)];
				if (!file || req.method !== 'GET') {
					res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
					return;
				}
				res.writeHead(200, {
					'content-type': file.type,
					'content-length': file.body.length,
					'content-disposition': `attachment; filename="${file.name}"`,
				});
				res.end(file.body);
				return;
			}
			const text = Buffer.concat(chunks).toString('utf8');
			let body = text;
			try {
				body = text ? JSON.parse(text) : undefined;
			} catch {
				/* not JSON: keep the text */
			}
			const call = {
				method: req.method,
				path: url.pathname,
				query: url.search,
				body,
				at: Date.now(),
			};
			calls.push(call);
			if (calls.length > 500) calls.shift();
			if (onCall) {
				try {
					onCall(call);
				} catch {
					/* logging must not break the server */
				}
			}
			const videoId = /^\/api\/video-ids\/(\d+)$/.exec(url.pathname);
			if (videoId && req.method === 'GET') {
				const found = videoIds.get(Number(videoId[1]));
				if (!found) {
					res.writeHead(404, { 'content-type': 'application/json' });
					res.end(JSON.stringify({ message: `No Video ID stored for request ${videoId[1]}` }));
					return;
				}
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ requestPk: Number(videoId[1]), ...found }));
				return;
			}
			if (url.pathname.startsWith('/api/')) {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ ok: true }));
				return;
			}
			res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
		});
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, HOST, () => {
			const actual = server.address().port;
			resolve({
				port: actual,
				url: `http://${HOST}:${actual}`,
				calls,
				videoIds,
				files: served,
				close: () =>
					new Promise((r) => {
						server.closeAllConnections?.();
						server.close(() => r());
					}),
			});
		});
	});
}

/**
 * The text of an example workflow with its placeholders filled in: the credential ids (One-Shot,
 * SMTP, IMAP, and the "Uanataca One-Shot N8n API" one of the signing pages' data table) and, when
 * `crmUrl` is given, the CRM base URL.
 */
function localizeExample(
	text,
	{ credentialId, smtpCredentialId, imapCredentialId, n8nApiCredentialId, crmUrl } = {},
) {
	let out = text;
	if (credentialId) out = out.split('__CREDENTIAL_ID__').join(credentialId);
	if (n8nApiCredentialId) out = out.split(N8N_API_PLACEHOLDER).join(n8nApiCredentialId);
	if (smtpCredentialId) out = out.split('__SMTP_CREDENTIAL_ID__').join(smtpCredentialId);
	if (imapCredentialId) out = out.split('__IMAP_CREDENTIAL_ID__').join(imapCredentialId);
	if (crmUrl) out = out.split(CRM_PLACEHOLDER).join(crmUrl.replace(/\/$/, ''));
	return out;
}

module.exports = { startCrm, samplePdf, localizeExample, CRM_PLACEHOLDER, N8N_API_PLACEHOLDER };
