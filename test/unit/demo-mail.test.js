/**
 * The demo's mail servers (scripts/n8n/mailbox.js and imap.js) over real sockets: a message sent
 * with nodemailer is received by the SMTP mailbox and parsed (UTF-8 subject, HTML, attachments),
 * a message for the signing inbox is delivered to the IMAP server, and an IMAP client logging in
 * with the credential's data reads it there. The IMAP part needs Debian's Dovecot (.ci/run
 * installs it); without it that test fails, saying what to install.
 */
const net = require('net');
const nodemailer = require('nodemailer');

const { startMailbox, smtpCredentialData } = require('../../scripts/n8n/mailbox');
const { startImapServer, imapCredentialData, imapUnavailable } = require('../../scripts/n8n/imap');

async function send(box, message) {
	const transport = nodemailer.createTransport({
		host: box.host,
		port: box.port,
		secure: false,
		ignoreTLS: true,
	});
	try {
		return await transport.sendMail(message);
	} finally {
		transport.close();
	}
}

/** A plain IMAP conversation: the lines the server answered to `commands` (tagged a1, a2, ...). */
function imapSession(port, commands) {
	return new Promise((resolve, reject) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		let text = '';
		let sent = false;
		const timer = setTimeout(() => {
			socket.destroy();
			reject(new Error(`IMAP session timed out: ${text}`));
		}, 10_000);
		socket.on('data', (chunk) => {
			text += chunk.toString('utf8');
			if (!sent && /ready\.\r\n/.test(text)) {
				sent = true;
				socket.write(commands.map((c, i) => `a${i + 1} ${c}\r\n`).join(''));
			}
			if (new RegExp(`a${commands.length} (OK|NO|BAD)`).test(text)) {
				clearTimeout(timer);
				socket.end();
				resolve(text);
			}
		});
		socket.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
	});
}

describe('demo mailbox (smtp-server + mailparser)', () => {
	let box;
	const delivered = [];
	beforeAll(async () => {
		box = await startMailbox({
			localMailboxes: { 'inbox@example.com': { deliver: (raw) => delivered.push(raw) } },
		});
	});
	afterAll(() => box.close());

	test('receives and parses a message: envelope, UTF-8 subject, HTML, attachments', async () => {
		const pdf = Buffer.from('%PDF-1.4 test document\n%%EOF\n', 'latin1');
		await send(box, {
			from: 'Ana <ana@example.com>',
			to: 'María <maria@example.com>',
			subject: 'Documentos para María ✓',
			html: '<p>Hola María, <a href="http://127.0.0.1/x?a=1&amp;b=2">firma aquí</a></p>',
			attachments: [{ filename: 'contrato año.pdf', content: pdf }],
		});
		const m = await box.waitFor((x) => x.to.includes('maria@example.com'), 5000);
		expect(m.from).toBe('ana@example.com');
		expect(m.subject).toBe('Documentos para María ✓');
		expect(m.html).toContain('href="http://127.0.0.1/x?a=1&amp;b=2"');
		expect(m.attachments).toHaveLength(1);
		expect(m.attachments[0].filename).toBe('contrato año.pdf');
		expect(m.attachments[0].contentType).toBe('application/pdf');
		expect(m.attachments[0].content.equals(pdf)).toBe(true);
		expect(m.headers['message-id']).toMatch(/^<.+@.+>$/);
		expect(delivered).toHaveLength(0);
	});

	test('hands a message for a local address to that mailbox, raw', async () => {
		await send(box, {
			from: 'a@example.com',
			to: 'Inbox <INBOX@example.com>',
			subject: 'x',
			text: 'y',
		});
		await box.waitFor((x) => x.subject === 'x', 5000);
		expect(delivered).toHaveLength(1);
		expect(delivered[0].toString()).toMatch(/^Subject: x$/m);
	});

	test('waitFor says what arrived when nothing matches', async () => {
		await expect(box.waitFor(() => false, 200)).rejects.toThrow(
			/No matching e-mail within 0.2 s \(received: "Documentos para María ✓" to maria@example.com/,
		);
	});

	test('the n8n SMTP credential points at it, without TLS or user', () => {
		expect(smtpCredentialData(box)).toMatchObject({
			host: '127.0.0.1',
			port: box.port,
			secure: false,
			disableStartTls: true,
			user: '',
		});
	});
});

describe('demo IMAP inbox (Dovecot)', () => {
	test('a message sent to the inbox address is in the INBOX for the credential user; a wrong password is refused', async () => {
		const missing = imapUnavailable();
		if (missing) throw new Error(missing);
		const imap = await startImapServer({ user: 'signatures' });
		const box = await startMailbox({ localMailboxes: { [imap.address]: imap } });
		try {
			await send(box, {
				from: 'sales@example.com',
				to: imap.address,
				subject: 'Loan agreement L-1',
				text: 'Signer given name: María',
			});
			await box.waitFor((m) => m.subject === 'Loan agreement L-1', 5000);
			const credential = imapCredentialData(imap);
			expect(credential).toMatchObject({ host: '127.0.0.1', port: imap.port, secure: false });
			const answer = await imapSession(imap.port, [
				`LOGIN ${credential.user} ${credential.password}`,
				'SELECT INBOX',
				'FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])',
				'LOGOUT',
			]);
			expect(answer).toMatch(/a1 OK/);
			expect(answer).toMatch(/\* 1 EXISTS/);
			expect(answer).toMatch(/Subject: Loan agreement L-1/);
			expect(imap.logins()).toBe(1);
			const refused = await imapSession(imap.port, [`LOGIN ${credential.user} wrong-password`]);
			expect(refused).toMatch(/a1 NO/);
		} finally {
			await box.close();
			await imap.close();
		}
	});
});
