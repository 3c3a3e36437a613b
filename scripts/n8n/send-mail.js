'use strict';
/**
 * `node scripts/n8n/send-mail.js [--pdf FILE] [--from sales@example.com] [--subject TEXT] [--signer-email ADDRESS]
 *  [--signer-mobile NUMBER] [--smtp-port 2525]`
 *
 * Sends, for example 4 of the demo (`npm start`), the e-mail a colleague would send: a PDF
 * attached and the signer's lines in the text, to the signing inbox signatures@example.com through
 * the demo's SMTP mailbox, which delivers it to the IMAP inbox that n8n's Email Trigger watches.
 * Without --pdf a small sample PDF is attached.
 */
const fs = require('fs');
const path = require('path');
const nodemailer = require('nodemailer');

const { samplePdf } = require('./crm');

function parseArgs(argv) {
	const args = {
		smtpPort: Number(process.env.N8N_DEMO_SMTP_PORT || 2525),
		from: 'Sales team <sales@example.com>',
		to: 'signatures@example.com',
		subject: `Loan agreement ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`,
		pdf: undefined,
		signerEmail: 'maria@example.com',
		signerMobile: '+34 600 123 123',
	};
	const names = {
		'--smtp-port': 'smtpPort',
		'--from': 'from',
		'--to': 'to',
		'--subject': 'subject',
		'--pdf': 'pdf',
		'--signer-email': 'signerEmail',
		'--signer-mobile': 'signerMobile',
	};
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--help' || argv[i] === '-h') {
			console.log(
				'Usage: node scripts/n8n/send-mail.js [--pdf FILE] [--from ADDRESS] [--subject TEXT] [--signer-email ADDRESS] [--signer-mobile NUMBER] [--smtp-port 2525] [--to signatures@example.com]',
			);
			process.exit(0);
		}
		const key = names[argv[i]];
		if (!key) throw new Error(`Unknown option ${argv[i]} (see --help)`);
		if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
		args[key] = argv[++i];
	}
	args.smtpPort = Number(args.smtpPort);
	return args;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const attachment = args.pdf
		? { filename: path.basename(args.pdf), content: fs.readFileSync(args.pdf) }
		: { filename: 'loan-agreement.pdf', content: samplePdf('Loan agreement (demo)', 1200) };
	const text = [
		'Hello,',
		'',
		'please have the attached document signed.',
		'',
		'Signer given name: María',
		'Signer surname: García',
		'Signer ID document: IDC ES 12345678Z',
		`Signer e-mail: ${args.signerEmail}`,
		`Signer mobile: ${args.signerMobile}`,
		'',
		'Thank you',
	].join('\n');
	const transport = nodemailer.createTransport({
		host: '127.0.0.1',
		port: args.smtpPort,
		secure: false,
		ignoreTLS: true,
	});
	try {
		await transport.sendMail({
			from: args.from,
			to: args.to,
			subject: args.subject,
			text,
			attachments: [{ ...attachment, contentType: 'application/pdf' }],
		});
	} finally {
		transport.close();
	}
	console.log(
		`Sent "${args.subject}" from ${args.from} to ${args.to} with ${attachment.filename}, through 127.0.0.1:${args.smtpPort}.`,
	);
}

main().catch((error) => {
	const refused = error && error.code === 'ESOCKET';
	console.error(
		refused
			? 'Could not reach the demo mailbox: is `npm start` running (and with the same --smtp-port)?'
			: `Sending failed: ${error instanceof Error ? error.message : error}`,
	);
	process.exit(1);
});
