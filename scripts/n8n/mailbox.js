'use strict';
/**
 * The demo's mail server on loopback (`npm start` and the end-to-end tests): an SMTP server
 * (the maintained `smtp-server` package) that keeps every message it receives, parsed by
 * `mailparser`. n8n's Send Email node writes to it, so the example workflows run without a real
 * mail server. Messages to an address of `localMailboxes` are also delivered to that IMAP mailbox
 * (imap.js, Dovecot), where n8n's Email Trigger (IMAP) reads them: mail "sent" to the signing
 * inbox of example 4 reaches it as it would through a real provider.
 *
 * Plain SMTP only (no STARTTLS, no AUTH): the n8n credential is host 127.0.0.1, the port, SSL/TLS
 * off, "Disable STARTTLS" on, no user. Loopback only; bounded sizes.
 *
 *   const box = await startMailbox({ port: 0, onMessage: (m) => ..., localMailboxes: { 'inbox@x': imap } });
 *   box.port; box.messages; await box.waitFor((m) => m.to.includes('x@y'), 10_000); await box.close();
 *
 * A message: { from, to[] (the SMTP envelope), headers {name: value}, subject, messageId, text,
 * html, attachments [{ filename, contentType, inline, content }], raw, at }.
 */
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');

const HOST = '127.0.0.1';
const MAX_MESSAGE_BYTES = 50 * 1024 * 1024;
const MAX_MESSAGES = 200;

/** Parses a raw message (Buffer) into { headers, subject, messageId, text, html, attachments[] }. */
async function parseMessage(raw) {
	const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true });
	const headers = {};
	for (const { key, line } of parsed.headerLines || []) {
		const value = line.slice(line.indexOf(':') + 1).trim();
		headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
	}
	return {
		headers,
		subject: parsed.subject || '',
		messageId: parsed.messageId || '',
		inReplyTo: parsed.inReplyTo || '',
		fromHeader: parsed.from ? parsed.from.text : '',
		text: parsed.text || '',
		html: parsed.html || '',
		attachments: (parsed.attachments || []).map((a) => ({
			filename: a.filename || '',
			contentType: a.contentType,
			inline: a.contentDisposition === 'inline',
			content: a.content,
		})),
	};
}

function readStream(stream) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		stream.on('data', (c) => chunks.push(c));
		stream.on('end', () => resolve(Buffer.concat(chunks)));
		stream.on('error', reject);
	});
}

/** The bounded wait of `waitFor`: resolves with the first message matching, else rejects. */
function waitForMessage(messages, waiters, predicate, timeoutMs) {
	const found = messages.find(predicate);
	if (found) return Promise.resolve(found);
	return new Promise((resolve, reject) => {
		const waiter = (m) => {
			if (!predicate(m)) return;
			clearTimeout(timer);
			waiters.delete(waiter);
			resolve(m);
		};
		const timer = setTimeout(() => {
			waiters.delete(waiter);
			const received = messages.map((m) => `"${m.subject}" to ${m.to}`).join('; ');
			reject(
				new Error(
					`No matching e-mail within ${timeoutMs / 1000} s (received: ${received || 'none'})`,
				),
			);
		}, timeoutMs);
		waiters.add(waiter);
	});
}

/**
 * Starts the SMTP server. `onMessage(message)` is called for each message received;
 * `localMailboxes` maps an address (lower case) to an IMAP server with `deliver(raw)`.
 * Resolves to { port, host, messages, waitFor(predicate, timeoutMs), clear(), close() }.
 */
function startMailbox({ port = 0, onMessage, localMailboxes = {} } = {}) {
	if (port === 5679) throw new Error('port 5679 is never used here');
	const messages = [];
	const waiters = new Set();

	const deliver = async (session, raw) => {
		const envelope = {
			from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
			to: session.envelope.rcptTo.map((r) => r.address),
		};
		for (const to of envelope.to) {
			const local = localMailboxes[to.toLowerCase()];
			if (local) local.deliver(raw);
		}
		const message = {
			...envelope,
			...(await parseMessage(raw)),
			raw,
			at: new Date().toISOString(),
		};
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

	const server = new SMTPServer({
		name: 'mailbox.localhost',
		banner: 'n8n-nodes-uanataca-oneshot demo mailbox',
		disabledCommands: ['STARTTLS', 'AUTH'],
		authOptional: true,
		size: MAX_MESSAGE_BYTES,
		logger: false,
		socketTimeout: 60_000,
		closeTimeout: 2_000,
		onData(stream, session, callback) {
			readStream(stream)
				.then(async (raw) => {
					if (stream.sizeExceeded) {
						const error = new Error('Message too large');
						error.responseCode = 552;
						throw error;
					}
					await deliver(session, raw);
					callback();
				})
				.catch((error) => {
					if (!error.responseCode) error.responseCode = 451;
					callback(error);
				});
		},
	});
	server.on('error', () => {
		/* a client's broken connection must not stop the mailbox */
	});

	return new Promise((resolve, reject) => {
		server.server.once('error', reject);
		server.listen(port, HOST, () => {
			server.server.removeListener('error', reject);
			resolve({
				host: HOST,
				port: server.server.address().port,
				messages,
				clear: () => messages.splice(0, messages.length),
				/** The first message (already received or arriving within `timeoutMs`) matching. */
				waitFor: (predicate, timeoutMs = 30_000) =>
					waitForMessage(messages, waiters, predicate, timeoutMs),
				close: () => new Promise((res) => server.close(() => res())),
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
