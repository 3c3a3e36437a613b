'use strict';
/**
 * Example 5 (examples/05-multi-party.json) end to end in the real n8n of the end-to-end suite: a
 * contract signed by two parties, in order, in one execution. The CRM webhook starts it; signer 1
 * gets the link of their own signing page by e-mail and signs there (driven over HTTP as the
 * signer's browser would: confirm having read, ask for the code, enter the code read from the
 * simulator); the execution resumes, the PDF signed by signer 1 becomes the document of signer
 * 2's request; signer 2 gets the link of their page (another link: it opens only their page) and
 * signs; the PDF with both signatures is e-mailed to both and stored in the CRM; the documents are
 * deleted. Then the editor shows the example (screenshot docs/images/example-5-multi-party.png).
 *
 * Registered by run.js: `require('./multiparty')({ test, ... })`;
 * `npm run test:e2e -- --only "example 5"`.
 */
const assert = require('assert/strict');

const n8n = require('../../scripts/n8n/instance');

const FILE = '05-multi-party.json';
const FINISHED = ['success', 'error', 'crashed', 'canceled'];
const ONE_SHOT = 'n8n-nodes-uanataca-oneshot.uanatacaOneShot';

const SIGNERS = [
	{
		givenName: 'Ana',
		surname1: 'Lopez',
		idDocumentType: 'IDC',
		idDocumentCountry: 'ES',
		serialNumber: '12345678Z',
		email: 'ana.partner@example.com',
		mobilePhoneNumber: '+34 600 111 222',
	},
	{
		givenName: 'Pedro',
		surname1: 'Ruiz',
		idDocumentType: 'IDC',
		idDocumentCountry: 'ES',
		serialNumber: '87654321X',
		email: 'pedro.partner@example.com',
		mobilePhoneNumber: '+34 600 333 444',
	},
];

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
	triggerWebhook,
	loadExample,
	outputOf,
	progressRowsOf,
	editor,
	shoot,
	log,
}) {
	/** Polls (bounded) the execution until `done(execution)`; returns it with its data. */
	async function until(ctx, executionId, done, what, timeoutMs = 90_000) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const e = await ctx.api.get(`/executions/${executionId}?includeData=true`);
			if (done(e)) return e;
			if (FINISHED.includes(e.status) || Date.now() > deadline)
				throw new Error(
					`execution ${executionId} (${e.status}) did not reach "${what}": ${JSON.stringify(e.data?.resultData?.error || {}).slice(0, 500)}`,
				);
			await n8n.sleep(300);
		}
	}

	const parkedAt = (node) => (e) =>
		e.status === 'waiting' && e.data?.resultData?.lastNodeExecuted === node;

	/** The signer's e-mail, its link (Create's signingPageUrl), the page signed over HTTP. */
	async function signOnPage(ctx, execution, n, title) {
		const signer = SIGNERS[n];
		const [created] = outputOf(execution, `Create request: signer ${n + 1}`);
		const pk = created.json.requestPk;
		assert.equal(typeof pk, 'number', JSON.stringify(created.json));
		const invitation = await ctx.mailbox.waitFor((m) => m.to.includes(signer.email), 60_000);
		assert.equal(invitation.subject, `Please sign: ${title}`);
		assert.match(invitation.html, new RegExp(`you are signer ${n + 1} of 2`));
		const link = ((/href="([^"]+)"/.exec(invitation.html) || [])[1] || '').replace(/&amp;/g, '&');
		assert.equal(link, created.json.signingPageUrl, "the link is not Create's signingPageUrl");
		const shown = await n8n.http('GET', link);
		assert.equal(shown.status, 200, shown.text.slice(0, 300));
		assert.ok(shown.text.includes(`Sign: ${title}`), 'the page lacks its title');
		assert.ok(shown.text.includes(`Signer ${n + 1} of 2`), "the page lacks the node's message");
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
		return { pk, link };
	}

	test("example 5 end to end: a contract signed by two parties in order in one execution; signer 1 signs on their page, the signed PDF becomes signer 2's document, signer 2 signs on their own page (signer 1's link does not open it), the PDF with both signatures goes to both and to the CRM", async (ctx) => {
		if (!ctx.examples[FILE]) {
			const workflow = loadExample(ctx, FILE);
			ctx.examples[FILE] = { id: await deployWorkflow(ctx, workflow), workflow };
		}
		const { id } = ctx.examples[FILE];
		const title = 'Partnership agreement P-5';
		const dealId = 'D-5005';
		const before = new Set(
			((await ctx.api.get(`/executions?workflowId=${id}&limit=100`)).data || []).map((e) => e.id),
		);
		await triggerWebhook(ctx, 'two-party-contract', {
			dealId,
			title,
			documentUrl: `${ctx.filesUrl}/loan.pdf`,
			signers: SIGNERS,
		});
		let executionId;
		const deadline = Date.now() + 60_000;
		while (!executionId) {
			const list = (await ctx.api.get(`/executions?workflowId=${id}&limit=100`)).data || [];
			executionId = list.find((e) => !before.has(e.id))?.id;
			if (!executionId && Date.now() > deadline) throw new Error('example 5 did not start');
			await n8n.sleep(300);
		}
		ctx.executionIds.push(executionId);

		// signer 1
		let execution = await until(ctx, executionId, parkedAt('Signer 1 signs on the page'), 'page 1');
		const first = await signOnPage(ctx, execution, 0, title);
		// signer 2: the same execution parks again at the second page
		execution = await until(ctx, executionId, parkedAt('Signer 2 signs on the page'), 'page 2');
		const [page1] = outputOf(execution, 'Signer 1 signs on the page');
		assert.equal(page1.json.signed, true, JSON.stringify(page1.json));
		const [upload2] = outputOf(execution, 'Upload the PDF signed by signer 1');
		const second = outputOf(execution, 'Create request: signer 2')[0].json;
		assert.notEqual(second.requestPk, first.pk);
		assert.notEqual(second.signingPageUrl, first.link, 'both signers got the same link');
		assert.equal(upload2.json.requestPk, second.requestPk);
		// what signer 2's request signs is the PDF signer 1 signed
		const doc2 = ctx.sim.getRequest(second.requestPk).documents[0];
		assert.ok(
			doc2.original.toString('latin1').includes('/Type /Sig'),
			'signer 2 got the unsigned PDF',
		);
		// signer 1's link does not open signer 2's page
		const stale = await n8n.http('GET', first.link);
		assert.ok(!stale.text.includes('Signer 2 of 2'), "signer 1's link opened signer 2's page");
		await signOnPage(ctx, execution, 1, title);

		// delivered: both signers, the CRM; documents deleted
		const done = await until(ctx, executionId, (e) => FINISHED.includes(e.status), 'the end');
		assert.equal(done.status, 'success', JSON.stringify(done.data?.resultData?.error || {}));
		const [final] = outputOf(done, 'Signer 2 signs on the page');
		assert.equal(final.json.signed, true, JSON.stringify(final.json));
		const mail = await ctx.mailbox.waitFor((m) => m.subject === `Signed by both: ${title}`, 60_000);
		for (const signer of SIGNERS)
			assert.ok(mail.to.includes(signer.email), `not sent to ${signer.email}`);
		assert.equal(mail.attachments.length, 1);
		const pdf = mail.attachments[0].content.toString('latin1');
		assert.equal(
			pdf.split('/Type /Sig').length - 1,
			2,
			'the final PDF does not carry two signatures',
		);
		assert.ok(pdf.includes('Ana Lopez') && pdf.includes('Pedro Ruiz'), 'a signer is missing');
		const stored = ctx.crm.calls.find((c) => c.path === `/api/deals/${dealId}/documents`);
		assert.ok(
			stored,
			`the CRM did not get the PDF: ${JSON.stringify(ctx.crm.calls.map((c) => c.path))}`,
		);
		assert.equal(String(stored.body).split('/Type /Sig').length - 1, 2, 'the CRM got another PDF');
		const status = ctx.crm.calls.find((c) => c.path === `/api/deals/${dealId}/signature`);
		assert.equal(status?.body?.status, 'signed');
		for (const node of ["Delete signer 1's documents", "Delete signer 2's documents"])
			assert.equal(outputOf(done, node)[0].json.deleted, true, node);
		// the pages (version 3) kept each signer's progress in this n8n's data table: one row
		// per page, one code sent and one code entered each
		const rows = await progressRowsOf(ctx, executionId);
		assert.deepEqual(
			rows.map((r) => [r.sends, r.attempts, r.readAt > 0]),
			[
				[1, 1, true],
				[1, 1, true],
			],
			`progress rows of execution ${executionId}: ${JSON.stringify(rows)}`,
		);
		log(
			`       execution ${executionId}: requests ${first.pk} then ${second.requestPk} signed in order`,
		);
	});

	test('browser: example 5 opens in the editor with our nodes rendered, no node shows an issue (screenshot docs/images/example-5-multi-party.png)', async (ctx) => {
		let example = ctx.examples[FILE];
		if (!example) {
			const workflow = loadExample(ctx, FILE);
			example = { id: await deployWorkflow(ctx, workflow), workflow };
			ctx.examples[FILE] = example;
		}
		const ed = await editor(ctx);
		await ed.openWorkflow(example.id);
		const nodes = await ed.canvasNodes();
		const expected = example.workflow.nodes
			.filter((n) => n.type !== 'n8n-nodes-base.stickyNote')
			.map((n) => n.name);
		assert.deepEqual(nodes.map((n) => n.name).sort(), expected.sort());
		const ours = nodes.filter((n) => n.type === ONE_SHOT);
		assert.equal(ours.length, 8, 'not all eight One-Shot nodes are on the canvas');
		assert.deepEqual(
			nodes.filter((n) => n.issues > 0).map((n) => n.name),
			[],
			'nodes with issues',
		);
		await shoot(ctx, ed, 'example-5-multi-party.png');
		assert.deepEqual(ed.pageErrors, [], 'JavaScript errors in the editor');
	});
}

module.exports = register;
