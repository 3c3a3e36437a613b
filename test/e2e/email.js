'use strict';
/**
 * Example 4 (examples/04-sign-from-email.json) end to end in the real n8n of the end-to-end suite.
 *
 * The mail side is real: the messages are sent over SMTP (nodemailer) to the suite's mailbox
 * (scripts/n8n/mailbox.js, smtp-server), which delivers those for the signing inbox into the
 * Maildir of a real IMAP server (Debian's Dovecot, scripts/n8n/imap.js). n8n's own Email Trigger
 * (IMAP) starts the executions; example 4 starts itself once per complete e-mail (Execute
 * Workflow → its "When executed by another workflow" trigger), so two e-mails sent together are
 * signed in two executions. The signer's e-mail (the signing page link) and the replies to the
 * sender are read back from the mailbox; the signing page is driven over HTTP as the signer's
 * browser would (its forms: confirm having read, ask for the code, enter the code read from the
 * simulator).
 *
 * Registered by run.js: `require('./email')({ test, loadExample, outputOf, readBinary, ... })`;
 * `npm run test:e2e -- --only "example 4"`.
 */
const assert = require('assert/strict');

const n8n = require('../../scripts/n8n/instance');
const { samplePdf } = require('../../scripts/n8n/crm');
const { imapUnavailable } = require('../../scripts/n8n/imap');

const FILE = '04-sign-from-email.json';
const FINISHED = ['success', 'error', 'crashed', 'canceled'];
const TRIGGER_NODE = 'E-mail to the signing inbox';

/** The signer lines the example reads from an e-mail's text. */
function signerLines(signer) {
	return [
		`Signer given name: ${signer.givenName}`,
		`Signer surname: ${signer.surname}`,
		`Signer ID document: ${signer.idDocument}`,
		`Signer e-mail: ${signer.email}`,
		`Signer mobile: ${signer.mobile}`,
	].join('\n');
}

/** Sends one message over SMTP to the suite's mailbox (nodemailer, as any mail client would). */
async function sendMail(ctx, message) {
	const nodemailer = require('nodemailer');
	const transport = nodemailer.createTransport({
		host: ctx.mailbox.host,
		port: ctx.mailbox.port,
		secure: false,
		ignoreTLS: true,
	});
	try {
		await transport.sendMail(message);
	} finally {
		transport.close();
	}
}

/** The state the signing page shows (data-state of its card) and the token of its form `id`. */
function pageOf(html, formId) {
	const state = (/class="card"[^>]*data-state="([^"]+)"/.exec(html) || [])[1];
	const form = formId ? new RegExp(`<form[^>]*id="${formId}"[\\s\\S]*?</form>`).exec(html) : null;
	const token = form ? (/name="token" value="([^"]*)"/.exec(form[0]) || [])[1] : undefined;
	return { state, token: token && token.replace(/&amp;/g, '&') };
}

async function postForm(url, fields) {
	return n8n.http('POST', url, {
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(fields).toString(),
		timeoutMs: 120_000,
	});
}

function register({
	test,
	deployWorkflow,
	loadExample,
	outputOf,
	readBinary,
	progressRowsOf,
	log,
}) {
	async function executionsOf(ctx, workflowId) {
		const list = await ctx.api.get(`/executions?workflowId=${workflowId}&limit=100`);
		return list.data || [];
	}

	/** Polls (bounded) until every execution not in `before` is finished; at least `min` of them. */
	async function settled(ctx, workflowId, before, min, timeoutMs = 60_000) {
		const until = Date.now() + timeoutMs;
		for (;;) {
			const fresh = (await executionsOf(ctx, workflowId)).filter((e) => !before.has(e.id));
			if (fresh.length >= min && fresh.every((e) => FINISHED.includes(e.status))) {
				const full = [];
				for (const e of fresh) {
					full.push(await ctx.api.get(`/executions/${e.id}?includeData=true`));
					if (!ctx.executionIds.includes(e.id)) ctx.executionIds.push(e.id);
				}
				return full;
			}
			if (Date.now() > until)
				throw new Error(
					`workflow ${workflowId}: new executions not finished within ${timeoutMs / 1000} s: ${fresh.map((e) => `${e.id}:${e.status}`).join(', ') || 'none'}`,
				);
			await n8n.sleep(300);
		}
	}

	/** Polls (bounded) until `count` executions not in `before` wait (parked); returns them. */
	async function waitingExecutions(ctx, workflowId, before, count, timeoutMs = 90_000) {
		const until = Date.now() + timeoutMs;
		for (;;) {
			const fresh = (await executionsOf(ctx, workflowId)).filter((e) => !before.has(e.id));
			const failed = fresh.find((e) => ['error', 'crashed'].includes(e.status));
			if (failed) {
				const full = await ctx.api.get(`/executions/${failed.id}?includeData=true`);
				throw new Error(
					`execution ${failed.id} ended ${failed.status}: ${JSON.stringify(full.data?.resultData?.error || {}).slice(0, 600)}`,
				);
			}
			const waiting = fresh.filter((e) => e.status === 'waiting');
			if (waiting.length >= count) {
				const full = [];
				for (const e of waiting) {
					if (!ctx.executionIds.includes(e.id)) ctx.executionIds.push(e.id);
					full.push(await ctx.api.get(`/executions/${e.id}?includeData=true`));
				}
				return full;
			}
			if (Date.now() > until)
				throw new Error(
					`workflow ${workflowId}: ${count} executions not waiting within ${timeoutMs / 1000} s (new: ${fresh.map((e) => `${e.id}:${e.status}`).join(', ') || 'none'})`,
				);
			await n8n.sleep(300);
		}
	}

	/**
	 * One parked execution of example 4: its request on the simulator, the signer's e-mail and
	 * link, the page signed over HTTP, the execution finished, the signed PDF replied.
	 */
	async function signOne(ctx, parked, { subject, signer, file }) {
		const [received] = outputOf(parked, 'Signature request for one e-mail');
		assert.equal(received.binary[received.json.pdf].fileName, file);
		const [created] = outputOf(parked, 'Create signature request');
		const pk = created.json.requestPk;
		assert.equal(typeof pk, 'number', JSON.stringify(created.json));
		const request = ctx.sim.getRequest(pk);
		assert.deepEqual(
			[
				request.signer.given_name,
				request.signer.surname_1,
				request.signer.id_document_type,
				request.signer.id_document_country,
				request.signer.serial_number,
				request.signer.email,
			],
			[signer.givenName, signer.surname, 'IDC', 'ES', '12345678Z', signer.email],
		);
		assert.equal(request.asyncmode, true);

		// the signer's e-mail with the link of the signing page
		const invitation = await ctx.mailbox.waitFor((m) => m.to.includes(signer.email), 60_000);
		assert.equal(invitation.subject, `Please sign: ${subject}`);
		assert.match(invitation.html, new RegExp(`Hello ${signer.givenName},`));
		assert.match(invitation.html, /Sales team has sent you a document to sign/);
		const link = ((/href="([^"]+)"/.exec(invitation.html) || [])[1] || '').replace(/&amp;/g, '&');
		assert.equal(link, created.json.signingPageUrl, "the link is not Create's signingPageUrl");
		assert.match(link, new RegExp(`/webhook-waiting/${parked.id}\\?signature=[^&]+/page&pageKey=`));
		// node version 2 and later: the page address without this request's key does not open it
		const plain = await n8n.http('GET', link.replace(/&pageKey=.*$/, ''));
		assert.ok(plain.status >= 400, `the page opened without its key: ${plain.status}`);
		assert.ok(!plain.text.includes(file), 'the page without its key lists the document');

		// the signer signs on the page: confirm having read, ask for the code, enter it
		const shown = await n8n.http('GET', link);
		assert.equal(shown.status, 200, shown.text.slice(0, 300));
		assert.ok(shown.text.includes(`Sign: ${subject}`), 'the page lacks its title');
		assert.ok(shown.text.includes(file), 'the page does not list the document');
		const review = pageOf(shown.text, 'send-form');
		assert.equal(review.state, 'review');
		const sent = await postForm(link, { token: review.token, action: 'send', read: '1' });
		const codePage = pageOf(sent.text, 'sign-form');
		assert.equal(codePage.state, 'codeSent', sent.text.slice(0, 400));
		const otp = await n8n.http('GET', `${ctx.sim.url}/__simulator/otp/${pk}`);
		assert.equal(otp.status, 200, otp.text);
		const signed = await postForm(link, {
			token: codePage.token,
			action: 'sign',
			code: String(otp.json.otp),
		});
		const after = pageOf(signed.text).state;
		assert.ok(['signed', 'signing'].includes(after), `after the code: ${after}`);

		// the execution goes on: the reply with the signed PDF to the sender, the clean-up
		const done = await finished(ctx, parked.id);
		assert.equal(done.status, 'success', `execution ${done.id} ended ${done.status}`);
		const [outcome] = outputOf(done, 'Sign via Signing Page');
		assert.equal(outcome.json.signed, true, JSON.stringify(outcome.json));
		assert.equal(ctx.sim.getRequest(pk).status, 'ISSUED');
		// the page (version 3) kept the signer's progress in this n8n's data table
		const rows = await progressRowsOf(ctx, parked.id);
		assert.deepEqual(
			rows.map((r) => [r.sends, r.attempts, r.readAt > 0]),
			[[1, 1, true]],
			`progress rows of execution ${parked.id}: ${JSON.stringify(rows)}`,
		);
		const reply = await ctx.mailbox.waitFor(
			(m) => m.to.includes('sales@example.com') && m.subject === `Re: ${subject}`,
			60_000,
		);
		const who = `${signer.givenName} ${signer.surname}`;
		assert.match(reply.text, new RegExp(`${who} signed the document on `));
		assert.equal(reply.attachments.length, 1, 'the reply carries not exactly one attachment');
		const signedPdf = reply.attachments[0].content;
		assert.equal(signedPdf.subarray(0, 5).toString(), '%PDF-');
		assert.ok(signedPdf.toString('latin1').includes('/Type /Sig'), 'the PDF carries no signature');
		assert.ok(
			signedPdf.equals(readBinary(ctx, outcome.binary.signed_0)),
			'the PDF in the reply is not the signed one',
		);
		assert.equal(outputOf(done, 'Delete the documents from the Optimizer')[0].json.deleted, true);
		log(`       request ${pk} (${who}): execution ${done.id} → signed PDF replied to the sender`);
	}

	/** Polls (bounded) one execution until it is finished; returns it with its data. */
	async function finished(ctx, executionId, timeoutMs = 120_000) {
		const until = Date.now() + timeoutMs;
		for (;;) {
			const e = await ctx.api.get(`/executions/${executionId}?includeData=true`);
			if (FINISHED.includes(e.status)) return e;
			if (Date.now() > until)
				throw new Error(`execution ${executionId} not finished within ${timeoutMs / 1000} s`);
			await n8n.sleep(300);
		}
	}

	/** Example 4 as imported by the examples test, or imported and published here (--only). */
	async function example(ctx) {
		if (!ctx.examples[FILE]) {
			const workflow = loadExample(ctx, FILE);
			const id = await deployWorkflow(ctx, workflow);
			ctx.examples[FILE] = { id, workflow };
		}
		// n8n's Email Trigger logs in to the IMAP server when the workflow is published; a message
		// delivered before it watches the inbox would wait for the next one
		const until = Date.now() + 30_000;
		while (ctx.imap.logins() < 1) {
			if (Date.now() > until)
				throw new Error(`the Email Trigger never logged in:\n${ctx.imap.logTail(20)}`);
			await n8n.sleep(300);
		}
		await n8n.sleep(1500);
		return ctx.examples[FILE];
	}

	test("example 4 end to end: e-mails to the IMAP inbox start executions through n8n's Email Trigger; another sender is ignored, an incomplete e-mail is answered with what it lacks; two PDFs with signer lines sent together become one execution each: the request, the signer's e-mail with the signing page link, signed there with the SMS code, the signed PDF replied to the sender", async (ctx) => {
		if (!ctx.imap) throw new Error(imapUnavailable() || 'no IMAP server in this run');
		const { id } = await example(ctx);
		const inbox = ctx.imap.address;
		const signer = {
			givenName: 'María',
			surname: 'García',
			idDocument: 'IDC ES 12345678Z',
			email: 'maria.mail@example.com',
			mobile: '+34 600 123 123',
		};
		const pdf = samplePdf('Loan agreement L-77 (e-mail)', 900);

		// 1. a sender not on the list (ignored) and one on it whose e-mail lacks the PDF and a line
		let before = new Set((await executionsOf(ctx, id)).map((e) => e.id));
		const requestsBefore = ctx.sim.requestLog.length;
		await sendMail(ctx, {
			from: 'Someone <someone@elsewhere.example>',
			to: inbox,
			subject: 'Please sign this',
			text: `Hello,\n\n${signerLines(signer)}\n`,
			attachments: [{ filename: 'offer.pdf', content: pdf, contentType: 'application/pdf' }],
		});
		await sendMail(ctx, {
			from: 'Legal <Legal@Example.com>',
			to: inbox,
			subject: 'NDA for Pedro',
			text: 'Signer given name: Pedro\nSigner surname: Ruiz\nSigner ID document: IDC ES 87654321X\nSigner e-mail: pedro@example.com\n',
		});
		const answer = await ctx.mailbox.waitFor(
			(m) => m.to.includes('legal@example.com') && m.subject === 'Re: NDA for Pedro',
			90_000,
		);
		assert.match(answer.text, /It lacks: a PDF attachment; Signer mobile\./, answer.text);
		const first = await settled(ctx, id, before, 1);
		for (const e of first) {
			assert.equal(e.status, 'success', `execution ${e.id} ended ${e.status}`);
			assert.equal(e.mode, 'trigger', `execution ${e.id} was started by ${e.mode}`);
		}
		const ignored = first.flatMap((e) => {
			const runs = e.data.resultData.runData['Not from an allowed sender: ignore'];
			return runs ? outputOf(e, 'Not from an allowed sender: ignore') : [];
		});
		assert.deepEqual(
			ignored.map((item) => item.json.sender),
			['someone@elsewhere.example'],
		);
		assert.ok(
			!ctx.mailbox.messages.some((m) => m.to.includes('someone@elsewhere.example')),
			'the sender not on the list got an answer',
		);
		assert.equal(
			ctx.sim.requestLog.slice(requestsBefore).filter((r) => r.method === 'POST').length,
			0,
			'a request reached the Optimizer for an ignored or incomplete e-mail',
		);

		// 2. two complete e-mails sent together: each becomes its own execution (one signer each)
		before = new Set((await executionsOf(ctx, id)).map((e) => e.id));
		const requests = [
			{ subject: 'Loan agreement L-77', signer, file: 'loan-L-77.pdf' },
			{
				subject: 'Loan agreement L-78',
				signer: { ...signer, givenName: 'Pedro', surname: 'Ruiz', email: 'pedro.mail@example.com' },
				file: 'loan-L-78.pdf',
			},
		];
		await Promise.all(
			requests.map((r) =>
				sendMail(ctx, {
					from: 'Sales team <sales@example.com>',
					to: inbox,
					subject: r.subject,
					text: `Hello,\n\nplease have the attached agreement signed.\n\n${signerLines(r.signer)}\n\nThanks,\nSales`,
					attachments: [{ filename: r.file, content: pdf, contentType: 'application/pdf' }],
				}),
			),
		);
		const parked = await waitingExecutions(ctx, id, before, requests.length);
		const started = await settled(ctx, id, new Set([...before, ...parked.map((e) => e.id)]), 1);
		const starts = started.flatMap((e) => {
			assert.equal(e.status, 'success', `execution ${e.id} ended ${e.status}`);
			assert.equal(e.mode, 'trigger', `execution ${e.id} was started by ${e.mode}`);
			return e.data.resultData.runData['Start its signature request'] || [];
		});
		assert.equal(starts.length, requests.length, 'not one sub-execution start per e-mail');
		const subjects = started.flatMap((e) => outputOf(e, TRIGGER_NODE).map((i) => i.json.subject));
		assert.deepEqual(subjects.sort(), requests.map((r) => r.subject).sort());
		log(
			`       ${requests.length} e-mails in ${started.length} Email Trigger execution(s) → executions ${parked.map((e) => e.id).join(', ')}`,
		);
		for (const r of requests) {
			const execution = parked.find(
				(e) => outputOf(e, 'Signature request for one e-mail')[0].json.subject === r.subject,
			);
			assert.ok(execution, `no execution of its own for "${r.subject}"`);
			await signOne(ctx, execution, r);
		}
	});
}

module.exports = register;
