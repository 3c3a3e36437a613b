'use strict';
/**
 * A tiny SMTP server on loopback that keeps every message it receives: the "mailbox" that n8n's
 * Send Email node writes to in the demo (`npm start`) and the end-to-end tests, so the example
 * workflows run completely without a real mail server.
 *
 * Plain SMTP only (no STARTTLS, no AUTH): the n8n credential is host 127.0.0.1, the port, SSL/TLS
 * off, "Disable STARTTLS" on, no user. Messages are parsed into subject, text, html and
 * attachments (base64 / quoted-printable, nested multiparts). Loopback only; bounded sizes.
 *
 *   const box = await startMailbox({ port: 0, onMessage: (m) => ... });
 *   box.port; box.messages; await box.waitFor((m) => m.to.includes('x@y'), 10_000); await box.close();
 */
const net = require('net');

const HOST = '127.0.0.1';
const MAX_MESSAGE_BYTES = 50 * 1024 * 1024;
const MAX_MESSAGES = 200;

function decodeQuotedPrintable(text) {
	const bytes = [];
	const soft = text.replace(/=\r?\n/g, '');
	for (let i = 0; i < soft.length; i++) {
		const c = soft[i];
		if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
			bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
			i += 2;
		} else {
			bytes.push(...Buffer.from(c, 'latin1'));
		}
	}
	return Buffer.from(bytes);
}

/** RFC 2047 encoded words (=?UTF-8?B?...?= / =?UTF-8?Q?...?=) in a header value. */
function decodeWords(value) {
	return value
		.replace(/\?=\s+=\?/g, '?==?')
		.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset, enc, data) => {
			const buf =
				enc.toUpperCase() === 'B'
					? Buffer.from(data, 'base64')
					: decodeQuotedPrintable(data.replace(/_/g, ' '));
			return buf.toString(/utf-?8/i.test(charset) ? 'utf8' : 'latin1');
		});
}

function parseHeaders(block) {
	const headers = {};
	const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
	for (const line of unfolded.split(/\r?\n/)) {
		const i = line.indexOf(':');
		if (i <= 0) continue;
		const name = line.slice(0, i).trim().toLowerCase();
		const value = decodeWords(line.slice(i + 1).trim());
		headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
	}
	return headers;
}

function headerParam(value, name) {
	const m = new RegExp(`${name}\\*?=(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value || '');
	if (!m) return undefined;
	const raw = m[1] ?? m[2];
	// RFC 2231: utf-8''name%20with%20spaces
	const ext = /^([^']*)'[^']*'(.*)$/.exec(raw);
	return ext ? decodeURIComponent(ext[2]) : raw;
}

/** One MIME entity (latin1 string) → { headers, parts[] | body Buffer }. */
function parseEntity(raw) {
	const split = raw.search(/\r?\n\r?\n/);
	const head = split < 0 ? raw : raw.slice(0, split);
	const body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
	const headers = parseHeaders(head);
	const type = (headers['content-type'] || 'text/plain').toLowerCase();
	if (type.startsWith('multipart/')) {
		const boundary = headerParam(headers['content-type'], 'boundary');
		const parts = [];
		if (boundary) {
			const chunks = body.split(`--${boundary}`);
			for (const chunk of chunks.slice(1)) {
				if (chunk.startsWith('--')) break;
				parts.push(parseEntity(chunk.replace(/^\r?\n/, '').replace(/\r?\n$/, '')));
			}
		}
		return { headers, type, parts };
	}
	const encoding = (headers['content-transfer-encoding'] || '7bit').toLowerCase();
	let bytes;
	if (encoding === 'base64') bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
	else if (encoding === 'quoted-printable') bytes = decodeQuotedPrintable(body);
	else bytes = Buffer.from(body, 'latin1');
	return { headers, type, body: bytes };
}

function flatten(entity, out = []) {
	if (entity.parts) for (const p of entity.parts) flatten(p, out);
	else out.push(entity);
	return out;
}

/** Parses a raw message into { subject, from, to, text, html, attachments[] }. */
function parseMessage(raw) {
	const root = parseEntity(raw.toString('latin1'));
	const message = {
		headers: root.headers,
		subject: root.headers.subject || '',
		text: '',
		html: '',
		attachments: [],
	};
	for (const leaf of flatten(root)) {
		const disposition = leaf.headers['content-disposition'] || '';
		const filename =
			headerParam(disposition, 'filename') || headerParam(leaf.headers['content-type'], 'name');
		const charset = headerParam(leaf.headers['content-type'], 'charset') || 'utf-8';
		const asText = () => leaf.body.toString(/utf-?8/i.test(charset) ? 'utf8' : 'latin1');
		if (filename || /^attachment/i.test(disposition)) {
			message.attachments.push({
				filename: filename || '',
				contentType: leaf.type.split(';')[0],
				inline: /^inline/i.test(disposition),
				content: leaf.body,
			});
		} else if (leaf.type.startsWith('text/html')) message.html += asText();
		else if (leaf.type.startsWith('text/plain')) message.text += asText();
	}
	return message;
}

/**
 * Starts the SMTP server. `onMessage(message)` is called for each message received.
 * Resolves to { port, host, messages, waitFor(predicate, timeoutMs), clear(), close() }.
 */
function startMailbox({ port = 0, onMessage } = {}) {
	if (port === 5679) throw new Error('port 5679 is never used here');
	const messages = [];
	const waiters = new Set();
	const sockets = new Set();

	const deliver = (envelope, raw) => {
		const message = { ...envelope, ...parseMessage(raw), raw, at: new Date().toISOString() };
		messages.push(message);
		if (messages.length > MAX_MESSAGES) messages.shift();
		for (const w of [...waiters]) w(message);
		if (onMessage) {
			try {
				onMessage(message);
			} catch {
				/* a logging callback must not break the server */
			}
		}
	};

	const server = net.createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => socket.destroy());
		socket.setTimeout(60_000, () => socket.destroy());
		let buffer = Buffer.alloc(0);
		let inData = false;
		let envelope = { from: '', to: [] };
		const reply = (line) => socket.write(`${line}\r\n`);
		reply('220 mailbox.localhost ESMTP n8n-nodes-uanataca-oneshot test mailbox');

		socket.on('data', (chunk) => {
			buffer = Buffer.concat([buffer, chunk]);
			if (buffer.length > MAX_MESSAGE_BYTES + 65536) {
				reply('552 Message too large');
				socket.destroy();
				return;
			}
			for (;;) {
				if (inData) {
					const end = buffer.indexOf('\r\n.\r\n');
					const atStart = buffer.subarray(0, 3).toString('latin1') === '.\r\n';
					if (end < 0 && !atStart) return;
					const body = atStart ? Buffer.alloc(0) : buffer.subarray(0, end);
					buffer = buffer.subarray(atStart ? 3 : end + 5);
					inData = false;
					const raw = Buffer.from(body.toString('latin1').replace(/^\.\./gm, '.'), 'latin1');
					deliver(envelope, raw);
					envelope = { from: '', to: [] };
					reply('250 2.0.0 OK: queued');
					continue;
				}
				const eol = buffer.indexOf('\r\n');
				if (eol < 0) return;
				const line = buffer.subarray(0, eol).toString('utf8');
				buffer = buffer.subarray(eol + 2);
				const verb = line.slice(0, 4).toUpperCase();
				if (verb === 'EHLO') {
					reply('250-mailbox.localhost');
					reply('250-8BITMIME');
					reply(`250 SIZE ${MAX_MESSAGE_BYTES}`);
				} else if (verb === 'HELO') reply('250 mailbox.localhost');
				else if (verb === 'MAIL') {
					envelope = { from: (/<([^>]*)>/.exec(line) || [])[1] || '', to: [] };
					reply('250 2.1.0 OK');
				} else if (verb === 'RCPT') {
					envelope.to.push((/<([^>]*)>/.exec(line) || [])[1] || '');
					reply('250 2.1.5 OK');
				} else if (verb === 'DATA') {
					inData = true;
					reply('354 End data with <CR><LF>.<CR><LF>');
				} else if (verb === 'RSET') {
					envelope = { from: '', to: [] };
					reply('250 2.0.0 OK');
				} else if (verb === 'NOOP') reply('250 2.0.0 OK');
				else if (verb === 'QUIT') {
					reply('221 2.0.0 Bye');
					socket.end();
					return;
				} else reply('502 5.5.2 Command not implemented');
			}
		});
	});

	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, HOST, () => {
			const actualPort = server.address().port;
			resolve({
				host: HOST,
				port: actualPort,
				messages,
				clear: () => messages.splice(0, messages.length),
				/** The first message (already received or arriving within `timeoutMs`) matching. */
				waitFor(predicate, timeoutMs = 30_000) {
					const found = messages.find(predicate);
					if (found) return Promise.resolve(found);
					return new Promise((res, rej) => {
						const waiter = (m) => {
							if (!predicate(m)) return;
							clearTimeout(timer);
							waiters.delete(waiter);
							res(m);
						};
						const timer = setTimeout(() => {
							waiters.delete(waiter);
							rej(
								new Error(
									`No matching e-mail within ${timeoutMs / 1000} s (received: ${messages.map((m) => `"${m.subject}" to ${m.to}`).join('; ') || 'none'})`,
								),
							);
						}, timeoutMs);
						waiters.add(waiter);
					});
				},
				close: () =>
					new Promise((res) => {
						for (const s of sockets) s.destroy();
						server.close(() => res());
					}),
			});
		});
	});
}

/** n8n credential data (type "smtp") for a mailbox. */
function smtpCredentialData(box) {
	return {
		user: '',
		password: '',
		host: box.host,
		port: box.port,
		secure: false,
		disableStartTls: true,
		hostName: '',
	};
}

module.exports = { startMailbox, parseMessage, smtpCredentialData };
