'use strict';
/**
 * End-to-end tests against a real n8n: `npm run test:e2e [-- --keep] [-- --only <text>]
 * [-- --n8n 1] [-- --update-screenshots]`.
 *
 * Provisions n8n (reusing .cache/n8n), builds and packs this package and installs it as a community
 * package into a fresh temporary n8n user folder (exactly as `npm start` does), starts the
 * One-Shot simulator, the CRM stand-in (serves the documents, records the CRM calls), the SMTP
 * mailbox and n8n on random free loopback ports, then drives n8n through its public API
 * (X-N8N-API-KEY), published triggers, the forms and e-mails of the example workflows, and the
 * editor in a real browser (Debian's Chromium through playwright-core).
 *
 * `--n8n 1` runs the tests marked for it against n8n 1.123 on the machine's Node (20 to 24)
 * instead of n8n 2.41.1 on Node 24 (see provision.js). `--update-screenshots` writes the browser
 * screenshots to docs/images (the README's pictures) instead of the temporary folder.
 *
 * Ends with the line `e2e: N passed, N failed` and a non-zero exit code when anything failed.
 * Every process it starts is stopped, also on failure or Ctrl-C. The temporary folder (.e2e/run-*)
 * is removed after a green run and kept (with n8n's log) after a red one, or with --keep.
 */
const assert = require('assert/strict');
const fs = require('fs');
const { randomUUID: randomId } = require('crypto');
const path = require('path');

const { provision, provisionV1 } = require('../../scripts/n8n/provision');
const n8n = require('../../scripts/n8n/instance');
const { startMailbox, smtpCredentialData } = require('../../scripts/n8n/mailbox');
const { startImapServer, imapCredentialData } = require('../../scripts/n8n/imap');
const { startCrm, localizeExample, samplePdf } = require('../../scripts/n8n/crm');
const { openEditor, browserUnavailable } = require('./browser');
const { ONE_SHOT, signingFlow } = require('./workflows');

const argv = process.argv.slice(2);
const KEEP = argv.includes('--keep');
const ONLY = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
const N8N_MAJOR = argv.includes('--n8n') ? Number(argv[argv.indexOf('--n8n') + 1]) : 2;
if (N8N_MAJOR !== 1 && N8N_MAJOR !== 2) {
	console.error(`--n8n takes 1 or 2, not ${argv[argv.indexOf('--n8n') + 1]}`);
	process.exit(2);
}
const UPDATE_SCREENSHOTS = argv.includes('--update-screenshots');
const EXAMPLES_DIR = path.join(n8n.REPO_ROOT, 'examples');
const E2E_ROOT = path.join(n8n.REPO_ROOT, '.e2e');
const EXECUTION_TIMEOUT_MS = 120_000;
const FINISHED = ['success', 'error', 'crashed', 'canceled'];

const tests = [];
/**
 * Registers a test; `fn(ctx)` throws to fail. `{ v1: true }`: also part of the n8n 1.x run.
 * `{ knownIssue: 'what' }`: a product problem found by this suite and reported, not fixed yet: its
 * failure is printed as XFAIL and counted as skipped (with --strict or E2E_STRICT=1: as failed);
 * when it passes, the runner says the mark can go.
 */
function test(name, fn, { v1 = false, knownIssue } = {}) {
	tests.push({ name, fn, v1, knownIssue });
}
const STRICT = argv.includes('--strict') || process.env.E2E_STRICT === '1';

/** The failure a `knownIssue` test is marked for (any other failure of it is a plain FAIL). */
function knownIssueFailure(message) {
	const error = new Error(message);
	error.knownIssue = true;
	return error;
}

function log(line) {
	console.log(line);
}

// ---------------------------------------------------------------------------------------------
// Fixtures: documents served over HTTP to n8n's own HTTP Request node

const pdf = samplePdf;

const FILES = {
	'/loan.pdf': { body: pdf('Loan agreement E2E', 1500), type: 'application/pdf', name: 'loan.pdf' },
	'/offer.docx': {
		body: Buffer.from('PK\u0003\u0004 this is a Word document, not a PDF'),
		type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		name: 'offer.docx',
	},
};

// ---------------------------------------------------------------------------------------------
// Helpers over the public API

/** Creates a workflow, publishes it and waits until its production webhook answers. */
async function deployWorkflow(ctx, workflow) {
	const created = await ctx.api.post('/workflows', n8n.workflowForImport(workflow));
	await n8n.publishWorkflow(ctx.api, created.id);
	ctx.workflowIds.push(created.id);
	return created.id;
}

/** POSTs to /webhook/<path>, retrying (bounded) while n8n is still registering the route. */
async function triggerWebhook(ctx, webhookPath, body = {}) {
	const deadline = Date.now() + 15_000;
	for (;;) {
		const res = await n8n.http('POST', `${ctx.n8n.baseUrl}/webhook/${webhookPath}`, { body });
		if (res.status === 200) return;
		if (res.status !== 404 || Date.now() > deadline) {
			throw new Error(`POST /webhook/${webhookPath} → ${res.status} ${res.text.slice(0, 300)}`);
		}
		await n8n.sleep(500);
	}
}

/**
 * Polls the executions of a workflow (bounded) until one has a status in `statuses`; returns it
 * with its data, and `seen`: every status observed on the way (e.g. 'running', 'waiting').
 */
async function waitForExecution(
	ctx,
	workflowId,
	{ statuses = FINISHED, timeoutMs = EXECUTION_TIMEOUT_MS } = {},
) {
	const seen = new Set();
	const until = Date.now() + timeoutMs;
	for (;;) {
		const list = await ctx.api.get(`/executions?workflowId=${workflowId}&limit=5`);
		for (const e of list.data || []) seen.add(e.status);
		const found = (list.data || []).find((e) => statuses.includes(e.status));
		if (found) {
			const full = await ctx.api.get(`/executions/${found.id}?includeData=true`);
			if (!ctx.executionIds.includes(found.id)) ctx.executionIds.push(found.id);
			return Object.assign(full, { seen: [...seen] });
		}
		if (Date.now() > until) {
			throw new Error(
				`No execution of workflow ${workflowId} reached ${statuses.join('/')} within ${timeoutMs / 1000} s: ${JSON.stringify(list.data)}`,
			);
		}
		await n8n.sleep(500);
	}
}

/** Starts the workflow through its webhook and waits for its one execution to finish. */
async function runWorkflow(ctx, workflowId, webhookPath, body = {}) {
	await triggerWebhook(ctx, webhookPath, body);
	return waitForExecution(ctx, workflowId);
}

function runData(execution) {
	const data = execution.data;
	assert.ok(
		data && data.resultData,
		`execution ${execution.id} has no data: ${JSON.stringify(execution).slice(0, 500)}`,
	);
	return data.resultData;
}

/** The output items of a node in an execution (first run, first output). */
function outputOf(execution, node) {
	const runs = runData(execution).runData[node];
	assert.ok(
		runs && runs.length > 0,
		`node "${node}" did not run (nodes run: ${Object.keys(runData(execution).runData).join(', ')})`,
	);
	const run = runs[runs.length - 1];
	assert.ok(!run.error, `node "${node}" failed: ${run.error && run.error.message}`);
	return run.data.main[0];
}

function errorOf(execution, node) {
	const runs = runData(execution).runData[node];
	assert.ok(runs && runs.length > 0, `node "${node}" did not run`);
	const error = runs[runs.length - 1].error;
	assert.ok(error, `node "${node}" did not fail`);
	return error;
}

/** The bytes of a binary entry of the execution (filesystem mode: under the user folder). */
function readBinary(ctx, entry) {
	assert.ok(
		entry && typeof entry.id === 'string',
		`binary entry without id: ${JSON.stringify(entry)}`,
	);
	const match = /^filesystem(?:-v2)?:(.+)$/.exec(entry.id);
	assert.ok(match, `binary data not in filesystem mode: ${entry.id}`);
	// n8n 2.x keeps binary data in <user folder>/.n8n/storage, 1.x in .n8n/binaryData
	const file = ['storage', 'binaryData']
		.map((dir) => path.join(ctx.home, '.n8n', dir, match[1]))
		.find((f) => fs.existsSync(f));
	assert.ok(file, `binary file ${match[1]} not found in the user folder`);
	return fs.readFileSync(file);
}

function expectSigned(ctx, execution, asyncMode) {
	assert.equal(
		execution.status,
		'success',
		`execution ${execution.id} ended ${execution.status}: ${JSON.stringify(runData(execution).error || {}).slice(0, 800)}`,
	);
	const [created] = outputOf(execution, 'Create');
	assert.equal(
		typeof created.json.requestPk,
		'number',
		`requestPk: ${JSON.stringify(created.json)}`,
	);
	assert.equal(created.json.asyncMode, asyncMode);
	const requestPk = created.json.requestPk;

	const [uploaded] = outputOf(execution, 'Upload');
	assert.equal(uploaded.json.documents.length, 1);
	assert.equal(uploaded.json.documents[0].fileName, 'loan.pdf');

	const [contract] = outputOf(execution, 'Contract');
	assert.equal(contract.binary.contract.mimeType, 'application/pdf');
	assert.equal(readBinary(ctx, contract.binary.contract).subarray(0, 5).toString(), '%PDF-');

	const [signed] = outputOf(execution, 'Sign');
	assert.equal(signed.json.requestPk, requestPk);
	assert.equal(signed.json.signed, true, `Sign output: ${JSON.stringify(signed.json)}`);
	assert.equal(signed.json.status, 'signed');
	assert.equal(signed.json.asyncMode, asyncMode);
	assert.ok(
		signed.binary && signed.binary.signed_0,
		`no signed_0 binary: ${Object.keys(signed.binary || {})}`,
	);
	assert.equal(signed.binary.signed_0.mimeType, 'application/pdf');
	const bytes = readBinary(ctx, signed.binary.signed_0);
	const original = FILES['/loan.pdf'].body;
	assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
	assert.ok(bytes.length > original.length, 'the signed PDF is not longer than the original');
	assert.ok(
		bytes.subarray(0, original.length).equals(original),
		'the signed PDF does not start with the original',
	);
	assert.equal(ctx.sim.getRequest(requestPk).status, 'ISSUED');
	return requestPk;
}

// ---------------------------------------------------------------------------------------------
// Tests

test(
	'the package is loaded as a community package (node type in the editor, credential schema in the public API)',
	async (ctx) => {
		const schema = await ctx.api.get('/credentials/schema/uanatacaOneShotApi');
		const props = Object.keys(schema.properties || {});
		for (const field of ['baseUrl', 'token', 'billingPassword'])
			assert.ok(props.includes(field), `schema lacks ${field}: ${props}`);
		// the editor's node catalogue lists the action node under its community-package type name
		const types = await n8n.http('GET', `${ctx.n8n.baseUrl}/types/nodes.json`, {
			headers: { cookie: ctx.cookie },
		});
		assert.equal(types.status, 200, `GET /types/nodes.json → ${types.status}`);
		const names = (types.json || []).map((t) => t.name);
		assert.ok(names.includes(ONE_SHOT), `${ONE_SHOT} not in /types/nodes.json`);
		const pkgDir = path.join(
			ctx.home,
			'.n8n',
			'nodes',
			'node_modules',
			n8n.PACKAGE_NAME,
			'dist',
			'nodes',
			'UanatacaOneShot',
		);
		assert.ok(
			fs.existsSync(path.join(pkgDir, 'UanatacaOneShot.node.js')),
			'package not extracted in the user folder',
		);
	},
	{ v1: true },
);

/**
 * Runs the credential test of a stored credential: public API `POST /credentials/{id}/test`
 * (n8n 2.x); n8n 1.x only has the editor's `POST /rest/credentials/test`, given the data.
 */
async function testCredential(ctx, id, data) {
	if (ctx.n8nMajor !== 1) return ctx.api.post(`/credentials/${id}/test`, {});
	const stored = await n8n.http('GET', `${ctx.n8n.baseUrl}/rest/credentials/${id}`, {
		headers: { cookie: ctx.cookie },
	});
	const res = await n8n.http('POST', `${ctx.n8n.baseUrl}/rest/credentials/test`, {
		headers: { cookie: ctx.cookie },
		body: {
			credentials: { id, name: stored.json?.data?.name, type: 'uanatacaOneShotApi', data },
		},
	});
	assert.equal(
		res.status,
		200,
		`POST /rest/credentials/test → ${res.status} ${res.text.slice(0, 300)}`,
	);
	return res.json.data;
}

test(
	'credential test: the simulator token is accepted (POST /credentials/{id}/test)',
	async (ctx) => {
		const result = await testCredential(
			ctx,
			ctx.credential.id,
			n8n.simulatorCredentialData(ctx.sim),
		);
		assert.equal(result.status, 'OK', JSON.stringify(result));
	},
	{ v1: true },
);

test(
	"credential test: a wrong token gives the credential's plain-words 404 message",
	async (ctx) => {
		const data = n8n.simulatorCredentialData(ctx.sim, {
			token: '00000000-0000-4000-8000-000000000000',
		});
		const wrong = await ctx.api.post('/credentials', {
			name: 'One-Shot simulator (wrong token)',
			type: 'uanatacaOneShotApi',
			data,
		});
		const result = await testCredential(ctx, wrong.id, data);
		assert.equal(result.status, 'Error', JSON.stringify(result));
		if (ctx.n8nMajor === 1) {
			// n8n 1.123 replaces the credential's own message of a 404 by its generic text
			log(`       (n8n 1.x message: ${result.message})`);
		} else assert.match(result.message, /does not know this RAO token/, JSON.stringify(result));
	},
	{ v1: true },
);

test(
	'classic flow: webhook → download PDF → create, upload, contract, OTP, sign → signed PDF',
	async (ctx) => {
		const wf = signingFlow({
			name: 'E2E classic signing',
			path: 'e2e-classic',
			credential: ctx.credential,
			documentUrl: `${ctx.filesUrl}/loan.pdf`,
			simulatorUrl: ctx.sim.url,
			mode: 'classic',
		});
		const id = await deployWorkflow(ctx, wf);
		const execution = await runWorkflow(ctx, id, 'e2e-classic', { customer: 'C-42' });
		const requestPk = expectSigned(ctx, execution, false);
		const calls = ctx.sim.requestLog.filter((r) => r.path.includes(`/sign/${requestPk}`));
		assert.equal(calls.length, 1, 'exactly one sign call');
	},
	{ v1: true },
);

test('async flow (RAO user/password/PIN credential): Sign with Wait for Completion returns the signed PDF', async (ctx) => {
	const callbackUrl = `${ctx.sim.url}/__simulator/health?crm=C-43`;
	const wf = signingFlow({
		name: 'E2E async signing',
		path: 'e2e-async',
		credential: ctx.raoCredential,
		documentUrl: `${ctx.filesUrl}/loan.pdf`,
		simulatorUrl: ctx.sim.url,
		mode: 'async',
		callbackUrl,
	});
	const id = await deployWorkflow(ctx, wf);
	const execution = await runWorkflow(ctx, id, 'e2e-async', {});
	const requestPk = expectSigned(ctx, execution, true);
	const request = ctx.sim.getRequest(requestPk);
	assert.equal(request.asyncmode, true);
	assert.equal(request.callback, callbackUrl);
	// the node polled: the signed document was not there right after the sign call
	const polls = ctx.sim.requestLog.filter(
		(r) => r.method === 'GET' && r.path.startsWith(`/oneshot/api/v1/document/${requestPk}/`),
	);
	assert.ok(polls.length >= 2, `expected polling, saw ${polls.length} download calls`);
	assert.equal(polls[0].status, 404);
	assert.ok(polls.some((r) => r.status === 200));
});

/** The signing flow whose Create sends the callbacks to this execution ({{ $execution.resumeUrl }}). */
function parkedFlow(ctx, name, webhookPath, extra = {}) {
	return signingFlow({
		name,
		path: webhookPath,
		credential: ctx.credential,
		documentUrl: `${ctx.filesUrl}/loan.pdf`,
		simulatorUrl: ctx.sim.url,
		mode: 'async',
		callbackUrl: '={{ $execution.resumeUrl }}',
		...extra,
	});
}

test('parked async flow: Callback URL = {{ $execution.resumeUrl }}, Sign waits without a worker, the ISSUED callback resumes it with the signed PDF', async (ctx) => {
	const id = await deployWorkflow(ctx, parkedFlow(ctx, 'E2E parked signing', 'e2e-parked'));
	await triggerWebhook(ctx, 'e2e-parked');
	const execution = await waitForExecution(ctx, id);
	assert.ok(
		execution.seen.includes('waiting'),
		`the execution was never seen waiting (saw ${execution.seen})`,
	);
	const requestPk = expectSigned(ctx, execution, true);
	const [signed] = outputOf(execution, 'Sign');
	assert.equal(signed.json.confirmed, true, JSON.stringify(signed.json));
	const resumeUrl = ctx.sim.getRequest(requestPk).callback;
	assert.match(resumeUrl, new RegExp(`/webhook-waiting/${execution.id}\\?signature=`));
	const issued = ctx.sim.callbacks.filter((c) => c.url === resumeUrl && c.statusCode === 200);
	assert.ok(
		issued.length >= 1,
		`no callback was accepted: ${JSON.stringify(ctx.sim.callbacks.filter((c) => c.url === resumeUrl).map((c) => [c.body.status, c.statusCode]))}`,
	);
	// one poll-free wait: no download attempts before the callback (only the confirmation + download)
	const early = ctx.sim.requestLog.filter(
		(r) =>
			r.method === 'GET' &&
			r.path.startsWith(`/oneshot/api/v1/document/${requestPk}/`) &&
			r.status === 404,
	);
	assert.ok(early.length <= 1, `Sign polled the Optimizer ${early.length} times while parked`);
});

test('parked async flow: a CANCELLED notice resumes it with status "cancelled"; a resume call without the token is refused', async (ctx) => {
	const id = await deployWorkflow(ctx, parkedFlow(ctx, 'E2E parked cancel', 'e2e-parked-cancel'));
	const saved = ctx.sim.options.asyncSignDelayMs;
	ctx.sim.options.asyncSignDelayMs = 600_000;
	try {
		await triggerWebhook(ctx, 'e2e-parked-cancel');
		const waiting = await waitForExecution(ctx, id, { statuses: ['waiting', ...FINISHED] });
		assert.equal(waiting.status, 'waiting', `execution ended ${waiting.status} before waiting`);
		const pk = outputOf(waiting, 'Create')[0].json.requestPk;
		const resumeUrl = ctx.sim.getRequest(pk).callback;
		// The simulator cannot cancel a request that is being signed (nor can the Optimizer), so
		// the notice is posted here, in the Optimizer's format A, to the URL it was given.
		const notice = {
			status: 'CANCELLED',
			date: new Date().toISOString().replace('Z', '000'), // YYYY-MM-DDTHH:MM:SS.ffffff
			previous_status: 'ENROLLREADY',
			request: pk,
			registration_authority: 1000,
		};
		const unsigned = await n8n.http('POST', resumeUrl.replace(/\?.*$/, ''), { body: notice });
		assert.equal(
			unsigned.status,
			401,
			`resume call without the token: ${unsigned.status} ${unsigned.text}`,
		);
		assert.equal((await ctx.api.get(`/executions/${waiting.id}`)).status, 'waiting');
		const res = await n8n.http('POST', resumeUrl, { body: notice });
		assert.equal(res.status, 200, `resume call: ${res.status} ${res.text}`);
		const execution = await waitForExecution(ctx, id);
		assert.equal(execution.status, 'success', `execution ended ${execution.status}`);
		const [out] = outputOf(execution, 'Sign');
		assert.equal(out.json.signed, false, JSON.stringify(out.json));
		assert.equal(out.json.status, 'cancelled', JSON.stringify(out.json));
		assert.match(String(out.json.message), /cancelled/);
		const again = await n8n.http('POST', resumeUrl, { body: notice });
		assert.equal(again.status, 409, `a second notice after the end: ${again.status} ${again.text}`);
	} finally {
		ctx.sim.options.asyncSignDelayMs = saved;
	}
});

test('parked async flow: no callback within the Time Limit → the execution goes on with status "timedOut" (n8n resumes it)', async (ctx) => {
	const wf = parkedFlow(ctx, 'E2E parked timeout', 'e2e-parked-timeout', {
		waitTimeoutMinutes: 0.1,
	});
	const id = await deployWorkflow(ctx, wf);
	const saved = ctx.sim.options.asyncSignDelayMs;
	ctx.sim.options.asyncSignDelayMs = 600_000;
	try {
		await triggerWebhook(ctx, 'e2e-parked-timeout');
		// n8n's wait tracker looks for due executions every 60 s
		const execution = await waitForExecution(ctx, id, { timeoutMs: 150_000 });
		assert.ok(execution.seen.includes('waiting'), `never seen waiting (saw ${execution.seen})`);
		assert.equal(
			execution.status,
			'success',
			`execution ended ${execution.status}: ${JSON.stringify(runData(execution).error || {}).slice(0, 500)}`,
		);
		const [out] = outputOf(execution, 'Sign');
		assert.equal(out.json.signed, false, JSON.stringify(out.json));
		assert.equal(out.json.status, 'timedOut', JSON.stringify(out.json));
	} finally {
		ctx.sim.options.asyncSignDelayMs = saved;
	}
});

test('wrong OTP: the execution fails at Sign with "Confirmation Code invalid" (403) and what to do', async (ctx) => {
	const wf = signingFlow({
		name: 'E2E wrong OTP',
		path: 'e2e-wrong-otp',
		credential: ctx.credential,
		documentUrl: `${ctx.filesUrl}/loan.pdf`,
		simulatorUrl: ctx.sim.url,
		wrongOtp: true,
	});
	const id = await deployWorkflow(ctx, wf);
	const execution = await runWorkflow(ctx, id, 'e2e-wrong-otp', {});
	assert.equal(execution.status, 'error');
	const error = errorOf(execution, 'Sign');
	assert.equal(error.message, 'Confirmation Code invalid');
	assert.equal(String(error.httpCode), '403');
	assert.match(
		error.description || '',
		/code is wrong or has expired/,
		JSON.stringify(error).slice(0, 600),
	);
	assert.equal(runData(execution).lastNodeExecuted, 'Sign');
	assert.equal(runData(execution).error.message, 'Confirmation Code invalid');
});

test('non-PDF upload: the execution fails at Upload naming the file, nothing sent to the Optimizer', async (ctx) => {
	const wf = signingFlow({
		name: 'E2E non-PDF upload',
		path: 'e2e-not-pdf',
		credential: ctx.credential,
		documentUrl: `${ctx.filesUrl}/offer.docx`,
		simulatorUrl: ctx.sim.url,
		stopAfter: 'Upload',
	});
	const id = await deployWorkflow(ctx, wf);
	const before = ctx.sim.requestLog.length;
	const execution = await runWorkflow(ctx, id, 'e2e-not-pdf', {});
	assert.equal(execution.status, 'error');
	const error = errorOf(execution, 'Upload');
	assert.equal(error.message, '"offer.docx" (binary field "data") is not a PDF');
	assert.match(error.description || '', /PDF/, JSON.stringify(error).slice(0, 600));
	const uploads = ctx.sim.requestLog
		.slice(before)
		.filter((r) => r.method === 'POST' && r.path.includes('/document/'));
	assert.equal(uploads.length, 0, 'a document upload reached the Optimizer');
});

// ---------------------------------------------------------------------------------------------
// The example workflows of examples/ (README "Example workflows")

const TRIGGER = 'n8n-nodes-uanataca-oneshot.uanatacaOneShotTrigger';
const EXAMPLE_FILES = {
	signing: '01-async-signing-from-crm.json',
	notifications: '02-status-notifications.json',
	videoReview: '03-video-id-review.json',
};

/** An example workflow with its placeholders filled in for this run (credentials, CRM URL). */
function loadExample(ctx, file) {
	const text = fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8');
	return JSON.parse(
		localizeExample(text, {
			credentialId: ctx.credential.id,
			smtpCredentialId: ctx.smtpCredential.id,
			imapCredentialId: ctx.imapCredential && ctx.imapCredential.id,
			n8nApiCredentialId: ctx.n8nApiCredential && ctx.n8nApiCredential.id,
			crmUrl: ctx.crm.url,
		}),
	);
}

/** The data table where version 3 signing pages keep each signer's progress (node default). */
const PROGRESS_TABLE = 'Uanataca One-Shot Signing Pages';

/**
 * The rows the signing pages of one execution keep in the progress data table (one per page; the
 * row's `page` is "<execution id>.<hash>"), read through the public API.
 */
async function progressRowsOf(ctx, executionId) {
	const filter = encodeURIComponent(JSON.stringify({ name: PROGRESS_TABLE }));
	const tables = await ctx.api.get(`/data-tables?filter=${filter}&limit=100`);
	const table = (tables.data || []).find((t) => t.name === PROGRESS_TABLE);
	assert.ok(table, `no data table "${PROGRESS_TABLE}": ${JSON.stringify(tables).slice(0, 300)}`);
	const rows = [];
	let cursor;
	for (let page = 0; page < 20; page++) {
		const list = await ctx.api.get(
			`/data-tables/${table.id}/rows?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
		);
		rows.push(...(list.data || []));
		cursor = list.nextCursor;
		if (!cursor) break;
	}
	return rows.filter((row) => String(row.page).startsWith(`${executionId}.`));
}

/** The production URL of the (first) One-Shot trigger of a workflow. */
function triggerUrl(ctx, workflow, query = '') {
	const node = workflow.nodes.find((n) => n.type === TRIGGER);
	assert.ok(node && node.webhookId, `no One-Shot trigger with a webhookId in "${workflow.name}"`);
	return `${ctx.n8n.baseUrl}/webhook/${node.webhookId}/oneshot${query}`;
}

/** POSTs a callback to a trigger URL, retrying (bounded) while the route is being registered. */
async function deliver(url, body, { contentType = 'application/json' } = {}) {
	const deadline = Date.now() + 15_000;
	for (;;) {
		const res = await n8n.http('POST', url, {
			headers: { 'content-type': contentType },
			body: typeof body === 'string' ? body : JSON.stringify(body),
		});
		if (res.status !== 404 || Date.now() > deadline) return res;
		await n8n.sleep(500);
	}
}

/** All executions of a workflow (bounded paging), newest first. */
async function executionsOf(ctx, workflowId) {
	const all = [];
	let cursor;
	for (let page = 0; page < 10; page++) {
		const list = await ctx.api.get(
			`/executions?workflowId=${workflowId}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
		);
		all.push(...(list.data || []));
		cursor = list.nextCursor;
		if (!cursor) break;
	}
	return all;
}

/** Polls (bounded) until the workflow has `count` finished executions; returns them with data. */
async function waitForExecutionCount(ctx, workflowId, count, timeoutMs = 30_000) {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const list = await executionsOf(ctx, workflowId);
		const done = list.filter((e) => FINISHED.includes(e.status));
		if (done.length >= count && done.length === list.length) {
			const full = [];
			for (const e of done) {
				full.push(await ctx.api.get(`/executions/${e.id}?includeData=true`));
				if (!ctx.executionIds.includes(e.id)) ctx.executionIds.push(e.id);
			}
			return full;
		}
		if (Date.now() > until) {
			throw new Error(
				`workflow ${workflowId}: expected ${count} finished executions within ${timeoutMs / 1000} s, have ${list.map((e) => `${e.id}:${e.status}`).join(', ') || 'none'}`,
			);
		}
		await n8n.sleep(300);
	}
}

/** Polls one execution (bounded) until `predicate(execution)` holds; returns it with data. */
async function waitForState(ctx, executionId, predicate, what, timeoutMs = 60_000) {
	const until = Date.now() + timeoutMs;
	const seen = new Set();
	for (;;) {
		const e = await ctx.api.get(`/executions/${executionId}?includeData=true`);
		seen.add(`${e.status}@${e.data?.resultData?.lastNodeExecuted ?? '-'}`);
		if (predicate(e)) return Object.assign(e, { seen: [...seen] });
		if (Date.now() > until)
			throw new Error(
				`execution ${executionId} never reached ${what} (saw ${[...seen].join(', ')})`,
			);
		await n8n.sleep(200);
	}
}

/** Callback bodies in the Optimizer's two formats (test/simulator/README.md "Callbacks"). */
function flatCallback(pk, status, previous = 'ENROLLREADY', date = new Date()) {
	return {
		status,
		date: date.toISOString().replace('Z', '000'),
		previous_status: previous,
		request: pk,
		registration_authority: 1000,
	};
}
function eventCallback(pk, eventType, status, date = new Date()) {
	const sentAt = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
	return {
		event_type: eventType,
		sent_at: sentAt,
		request: {
			pk,
			status,
			profile: 'PFnubeQAFCiudadano',
			registration_authority: 1000,
			scratchcard: '1234567',
		},
		certificates: [],
	};
}

test('examples: every workflow of examples/ imports through the public API, publishes, and uses only node types this n8n knows', async (ctx) => {
	const files = fs
		.readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort();
	const videoIdOps = fs.existsSync(
		path.join(n8n.REPO_ROOT, 'nodes', 'UanatacaOneShot', 'actions', 'videoId'),
	);
	const expected = [EXAMPLE_FILES.signing, EXAMPLE_FILES.notifications];
	if (videoIdOps) expected.push(EXAMPLE_FILES.videoReview);
	for (const f of expected) assert.ok(files.includes(f), `examples/${f} is missing`);
	const types = await n8n.http('GET', `${ctx.n8n.baseUrl}/types/nodes.json`, {
		headers: { cookie: ctx.cookie },
	});
	const known = new Map();
	for (const t of types.json || []) {
		const versions = Array.isArray(t.version) ? t.version : [t.version];
		known.set(t.name, new Set([...(known.get(t.name) || []), ...versions]));
	}
	for (const file of files) {
		const raw = fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8');
		const usesOneShot = JSON.parse(raw).nodes.some((n) => n.credentials?.uanatacaOneShotApi);
		assert.ok(
			!usesOneShot || raw.includes('__CREDENTIAL_ID__'),
			`${file}: One-Shot credential id is not the placeholder`,
		);
		// Sign via Signing Page at version 3 with the data table (its default) and the n8n API
		// credential written as the placeholder: what users importing the example get
		for (const node of JSON.parse(raw).nodes) {
			if (node.type !== ONE_SHOT || node.parameters?.operation !== 'signViaPage') continue;
			assert.equal(node.typeVersion, 3, `${file}: "${node.name}" is not at version 3`);
			assert.ok(
				(node.parameters.progressStore ?? 'dataTable') === 'dataTable',
				`${file}: "${node.name}" does not keep the progress in a data table`,
			);
			assert.deepEqual(
				node.credentials?.uanatacaOneShotN8nApi,
				{ id: '__N8N_API_CREDENTIAL_ID__', name: 'This n8n (API)' },
				`${file}: "${node.name}" lacks the n8n API credential placeholder`,
			);
		}
		const workflow = loadExample(ctx, file);
		for (const node of workflow.nodes) {
			assert.ok(
				known.has(node.type),
				`${file}: node "${node.name}" has an unknown type ${node.type}`,
			);
			assert.ok(
				known.get(node.type).has(node.typeVersion),
				`${file}: node "${node.name}" (${node.type}) has version ${node.typeVersion}, n8n knows ${[...known.get(node.type)]}`,
			);
			if (node.credentials?.uanatacaOneShotApi)
				assert.equal(
					node.credentials.uanatacaOneShotApi.name,
					'One-Shot simulator',
					`${file}: ${node.name}`,
				);
			if (node.credentials?.uanatacaOneShotN8nApi)
				assert.equal(
					node.credentials.uanatacaOneShotN8nApi.id,
					ctx.n8nApiCredential.id,
					`${file}: ${node.name}`,
				);
			if (/trigger$/i.test(node.type) || node.type === 'n8n-nodes-base.webhook')
				assert.match(
					String(node.webhookId),
					/^[0-9a-f-]{36}$/,
					`${file}: ${node.name} has no stable webhookId`,
				);
		}
		const id = await deployWorkflow(ctx, workflow);
		const stored = await ctx.api.get(`/workflows/${id}`);
		assert.equal(stored.active, true, `${file} is not published`);
		assert.equal(stored.nodes.length, workflow.nodes.length, `${file}: nodes lost on import`);
		ctx.examples[file] = { id, workflow };
	}
	log(
		`       imported and published: ${Object.keys(ctx.examples).join(', ')}${videoIdOps ? '' : ' (no Video ID operations yet: example 3 not expected)'}`,
	);
});

test('example 1 end to end: deal webhook → PDF download → create (async), upload, contract, OTP → e-mail with the form link → form submitted with the SMS code → Sign parks until the ISSUED callback → signed PDF e-mailed, CRM updated, documents deleted', async (ctx) => {
	const example = ctx.examples[EXAMPLE_FILES.signing];
	assert.ok(example, 'example 1 was not imported (see the examples test)');
	const signer = {
		givenName: 'María',
		surname1: 'García',
		idDocumentType: 'IDC',
		idDocumentCountry: 'ES',
		serialNumber: '12345678Z',
		email: 'maria.e2e@example.com',
		mobilePhoneNumber: '+34600123123',
	};
	const before = new Set((await executionsOf(ctx, example.id)).map((e) => e.id));
	await triggerWebhook(ctx, 'deal-won', {
		dealId: 'D-1001',
		documentUrl: `${ctx.filesUrl}/loan.pdf`,
		signer,
	});
	// 1. parked at the form: the execution waits, the signer got the e-mail with the form link
	const first = await waitForExecution(ctx, example.id, { statuses: ['waiting', ...FINISHED] });
	assert.ok(!before.has(first.id), 'no new execution');
	assert.equal(
		first.status,
		'waiting',
		`execution ended ${first.status} before the form: ${JSON.stringify(runData(first).error || {}).slice(0, 600)}`,
	);
	assert.equal(runData(first).lastNodeExecuted, 'Signer types the code');
	const [created] = outputOf(first, 'Create signature request');
	const pk = created.json.requestPk;
	assert.equal(created.json.asyncMode, true);
	assert.equal(created.json.callbackToThisExecution, true, JSON.stringify(created.json));
	const resumeUrl = ctx.sim.getRequest(pk).callback;
	assert.match(resumeUrl, new RegExp(`/webhook-waiting/${first.id}\\?signature=`));

	const invitation = await ctx.mailbox.waitFor(
		(m) => m.to.includes(signer.email) && m.subject === 'Your documents to sign',
		20_000,
	);
	assert.deepEqual(
		invitation.attachments.map((a) => a.filename).sort(),
		[`contract_${pk}.pdf`, 'loan.pdf'].sort(),
		'the signer must get the document and the service contract',
	);
	assert.ok(invitation.attachments.every((a) => a.content.subarray(0, 5).toString() === '%PDF-'));
	assert.match(invitation.html, /Hello María/);
	const formUrl = (/href="([^"]+)"/.exec(invitation.html) || [])[1]?.replace(/&amp;/g, '&');
	assert.ok(formUrl, `no link in the e-mail: ${invitation.html.slice(0, 400)}`);
	assert.match(formUrl, new RegExp(`^${ctx.n8n.baseUrl}/form-waiting/${first.id}\\?signature=`));

	// 2. a callback while the form waits must not resume it: n8n redirects it to the form, which
	//    refuses a JSON body; without the token it is refused outright
	const notice = flatCallback(pk, 'ENROLLREADY', 'CREATED');
	const unsigned = await n8n.http('POST', resumeUrl.replace(/\?.*$/, ''), { body: notice });
	assert.equal(unsigned.status, 401, `callback without the token: ${unsigned.status}`);
	const redirected = await n8n.http('POST', resumeUrl, { body: notice });
	assert.equal(
		redirected.status,
		307,
		`callback during the form wait: ${redirected.status} ${redirected.text}`,
	);
	assert.match(String(redirected.headers.get('location')), /\/form-waiting\//);
	const followed = await n8n.http('POST', formUrl, { body: notice });
	assert.notEqual(followed.status, 200, 'a JSON callback was accepted as the form');
	assert.equal((await ctx.api.get(`/executions/${first.id}`)).status, 'waiting');

	// 3. the signer opens the form and types the code received by SMS
	const page = await n8n.http('GET', formUrl);
	assert.equal(page.status, 200, `GET form: ${page.status}`);
	assert.match(page.text, /Sign your documents/);
	assert.match(page.text, /Code/);
	const otp = ctx.sim.getOtp(pk);
	assert.match(String(otp), /^\d{6}$/);
	const form = new FormData();
	form.append('field-0', String(otp));
	const submitted = await fetch(formUrl, {
		method: 'POST',
		body: form,
		signal: AbortSignal.timeout(30_000),
		redirect: 'manual',
	});
	assert.equal(submitted.status, 200, `form POST: ${submitted.status} ${await submitted.text()}`);

	// 4. Sign parks the execution (again) on {{ $execution.resumeUrl }}, the ISSUED callback resumes it
	const parked = await waitForState(
		ctx,
		first.id,
		(e) =>
			FINISHED.includes(e.status) ||
			(e.status === 'waiting' && e.data?.resultData?.lastNodeExecuted === 'Sign and wait'),
		'waiting at "Sign and wait"',
	);
	assert.equal(parked.status, 'waiting', `did not park at Sign (ended ${parked.status})`);
	const done = await waitForState(ctx, first.id, (e) => FINISHED.includes(e.status), 'the end');
	if (!ctx.executionIds.includes(done.id)) ctx.executionIds.push(done.id);
	assert.equal(
		done.status,
		'success',
		`execution ended ${done.status}: ${JSON.stringify(runData(done).error || {}).slice(0, 800)}`,
	);
	assert.deepEqual(outputOf(done, 'Signer types the code')[0].json.Code, String(otp));
	const [signed] = outputOf(done, 'Sign and wait');
	assert.equal(signed.json.signed, true, JSON.stringify(signed.json).slice(0, 500));
	assert.equal(signed.json.confirmed, true);
	assert.equal(signed.json.notifiedStatus, 'ISSUED', 'not resumed by the ISSUED callback');
	const issued = ctx.sim.callbacks.filter((c) => c.url === resumeUrl && c.statusCode === 200);
	assert.ok(issued.length >= 1, 'the ISSUED callback to the resume URL was not accepted');
	assert.equal(ctx.sim.getRequest(pk).status, 'ISSUED');

	const delivery = await ctx.mailbox.waitFor(
		(m) => m.to.includes(signer.email) && m.subject === 'Your signed documents',
		20_000,
	);
	assert.equal(delivery.attachments.length, 1);
	const signedPdf = delivery.attachments[0].content;
	const original = FILES['/loan.pdf'].body;
	assert.ok(
		signedPdf.length > original.length && signedPdf.subarray(0, original.length).equals(original),
		'the e-mailed PDF is not the signed document',
	);
	const crmCall = ctx.crm.calls.find((c) => c.path === '/api/deals/D-1001/signature');
	assert.ok(crmCall, `the CRM was not updated: ${JSON.stringify(ctx.crm.calls)}`);
	assert.equal(crmCall.method, 'POST');
	assert.equal(crmCall.body.status, 'signed');
	assert.equal(Number(crmCall.body.requestPk), pk);
	assert.equal(outputOf(done, 'Delete the documents from the Optimizer')[0].json.deleted, true);
	assert.equal(
		ctx.sim.getRequest(pk).documents.length,
		0,
		'the documents are still on the Optimizer',
	);
	ctx.exampleSigning = { executionId: done.id, pk };
});

test('example 2: callbacks of both formats to the published trigger start one execution each, routed by status to the CRM record of correlation.crm; filtered, wrong-token and malformed deliveries start none', async (ctx) => {
	const example = ctx.examples[EXAMPLE_FILES.notifications];
	assert.ok(example, 'example 2 was not imported (see the examples test)');
	const token = example.workflow.nodes.find((n) => n.type === TRIGGER).parameters.secretToken;
	ctx.triggerTokens.push(['the secret token of example 2', token]);
	const url = (crm) =>
		triggerUrl(ctx, example.workflow, `?token=${encodeURIComponent(token)}&crm=${crm}`);
	const basePk = 600000 + Math.floor(Math.random() * 1000) * 10;
	const at = new Date(Date.now() - 60_000);
	const expectAnswer = async (what, res, status) => {
		assert.equal(res.status, status, `${what}: ${res.status} ${res.text.slice(0, 200)}`);
	};
	// accepted (format A and B), one each
	const issuedA = flatCallback(basePk + 1, 'ISSUED', 'ENROLLREADY', at);
	await expectAnswer('format A ISSUED', await deliver(url('D-2001'), issuedA), 200);
	const enrolledB = eventCallback(basePk + 2, 'REQUEST_ENROLLED', 'ISSUED', at);
	await expectAnswer('format B REQUEST_ENROLLED', await deliver(url('D-2002'), enrolledB), 200);
	const cancelledA = flatCallback(basePk + 3, 'CANCELLED', 'ENROLLREADY', at);
	await expectAnswer('format A CANCELLED', await deliver(url('D-2003'), cancelledA), 200);
	const reviewB = eventCallback(basePk + 4, 'VIDEOID_UPDATED', 'VIDEOREVIEW', at);
	await expectAnswer('format B VIDEOREVIEW', await deliver(url('D-2004'), reviewB), 200);
	// not started: filtered status, wrong / missing token, malformed bodies (duplicates: next test)
	await expectAnswer(
		'ENROLLREADY (filtered)',
		await deliver(url('D-2005'), flatCallback(basePk + 5, 'ENROLLREADY', 'CREATED', at)),
		200,
	);
	await expectAnswer(
		'REQUEST_CREATED (filtered)',
		await deliver(url('D-2005'), eventCallback(basePk + 5, 'REQUEST_CREATED', 'CREATED', at)),
		200,
	);
	const wrong = await deliver(
		triggerUrl(ctx, example.workflow, '?token=not-the-token-at-all&crm=D-2006'),
		flatCallback(basePk + 6, 'ISSUED', 'ENROLLREADY', at),
	);
	await expectAnswer('wrong token', wrong, 401);
	assert.ok(!wrong.text.includes(token));
	await expectAnswer(
		'no token',
		await deliver(
			triggerUrl(ctx, example.workflow, '?crm=D-2006'),
			flatCallback(basePk + 6, 'ISSUED', 'ENROLLREADY', at),
		),
		401,
	);
	await expectAnswer('not a callback', await deliver(url('D-2007'), { hello: 'world' }), 400);
	await expectAnswer(
		'text that is not JSON',
		await deliver(url('D-2007'), 'this is not a callback', { contentType: 'text/plain' }),
		400,
	);
	await expectAnswer('an array', await deliver(url('D-2007'), [issuedA]), 400);
	await expectAnswer(
		'request number not a number',
		await deliver(url('D-2007'), { ...issuedA, request: 'abc' }),
		400,
	);

	// a last accepted callback: once it has run, every earlier delivery has been processed
	const lastA = flatCallback(basePk + 8, 'CANCELLED', 'ENROLLREADY', at);
	await expectAnswer('last CANCELLED', await deliver(url('D-2008'), lastA), 200);
	const executions = await waitForExecutionCount(ctx, example.id, 5);
	await n8n.sleep(1500);
	const after = await executionsOf(ctx, example.id);
	assert.equal(
		after.length,
		5,
		`expected 5 executions, have ${after.length}: ${after.map((e) => e.id)}`,
	);
	const byPk = new Map();
	for (const e of executions) {
		assert.equal(
			e.status,
			'success',
			`execution ${e.id} ${e.status}: ${JSON.stringify(runData(e).error || {}).slice(0, 400)}`,
		);
		const [item] = outputOf(e, 'One-Shot notifications');
		byPk.set(item.json.requestPk, e);
		assert.ok(
			!JSON.stringify(e.data).includes(token),
			`the secret token is in the data of execution ${e.id}`,
		);
		assert.equal(item.json.correlation.token, undefined);
	}
	assert.deepEqual(
		[...byPk.keys()].sort(),
		[basePk + 1, basePk + 2, basePk + 3, basePk + 4, basePk + 8].sort(),
	);
	const expectations = [
		[basePk + 1, 'D-2001', 'ISSUED', 'STATUS_CHANGED', 'CRM: deal signed'],
		[basePk + 2, 'D-2002', 'ISSUED', 'REQUEST_ENROLLED', 'CRM: deal signed'],
		[basePk + 3, 'D-2003', 'CANCELLED', 'STATUS_CHANGED', 'CRM: deal cancelled'],
		[basePk + 4, 'D-2004', 'VIDEOREVIEW', 'VIDEOID_UPDATED', 'Video ID to review (see example 3)'],
		[basePk + 8, 'D-2008', 'CANCELLED', 'STATUS_CHANGED', 'CRM: deal cancelled'],
	];
	for (const [pk, crm, status, eventType, branch] of expectations) {
		const e = byPk.get(pk);
		const [item] = outputOf(e, 'One-Shot notifications');
		assert.equal(item.json.status, status);
		assert.equal(item.json.eventType, eventType);
		assert.deepEqual(item.json.correlation, { crm });
		assert.equal(outputOf(e, 'Match the CRM record')[0].json.crmDealId, crm);
		const ran = Object.keys(runData(e).runData);
		assert.ok(ran.includes(branch), `request ${pk} (${status}) did not reach "${branch}": ${ran}`);
		for (const other of [
			'CRM: deal signed',
			'CRM: deal cancelled',
			'Video ID to review (see example 3)',
			'Other status: nothing to do',
		])
			if (other !== branch) assert.ok(!ran.includes(other), `request ${pk} also ran "${other}"`);
	}
	const patches = ctx.crm.calls.filter(
		(c) => c.method === 'PATCH' && /^\/api\/deals\/D-20\d\d$/.test(c.path),
	);
	assert.deepEqual(
		patches.map((c) => `${c.path} ${c.body.signatureStatus} ${c.body.requestPk}`).sort(),
		[
			`/api/deals/D-2001 signed ${basePk + 1}`,
			`/api/deals/D-2002 signed ${basePk + 2}`,
			`/api/deals/D-2003 cancelled ${basePk + 3}`,
			`/api/deals/D-2008 cancelled ${basePk + 8}`,
		].sort(),
	);
});

test("example 2 with the simulator's own callbacks: format B to a per-request callback URL with the token and crm → one execution (the signature), CREATED/ENROLLREADY filtered", async (ctx) => {
	const example = ctx.examples[EXAMPLE_FILES.notifications];
	assert.ok(example, 'example 2 was not imported');
	const token = example.workflow.nodes.find((n) => n.type === TRIGGER).parameters.secretToken;
	const callbackUrl = triggerUrl(
		ctx,
		example.workflow,
		`?token=${encodeURIComponent(token)}&crm=D-3001`,
	);
	const before = (await executionsOf(ctx, example.id)).length;
	const saved = { ...ctx.sim.options };
	ctx.sim.options.callbackFormat = 'event';
	ctx.sim.options.asyncSignDelayMs = 300;
	try {
		const wf = signingFlow({
			name: 'E2E signing with callbacks to example 2',
			path: 'e2e-callbacks-to-example-2',
			credential: ctx.credential,
			documentUrl: `${ctx.filesUrl}/loan.pdf`,
			simulatorUrl: ctx.sim.url,
			mode: 'async',
			callbackUrl,
		});
		const id = await deployWorkflow(ctx, wf);
		const signing = await runWorkflow(ctx, id, 'e2e-callbacks-to-example-2', {});
		const pk = expectSigned(ctx, signing, true);
		const [execution] = await waitForExecutionCount(ctx, example.id, before + 1);
		const sent = ctx.sim.callbacks.filter((c) => c.url === callbackUrl);
		assert.ok(
			sent.length >= 3,
			`expected CREATED, ENROLLREADY and the signature; sent ${sent.length}`,
		);
		assert.ok(
			sent.every((c) => c.statusCode === 200),
			`answers: ${sent.map((c) => c.statusCode)}`,
		);
		await n8n.sleep(1500);
		const all = await executionsOf(ctx, example.id);
		assert.equal(
			all.length,
			before + 1,
			`expected exactly one new execution, have ${all.length - before}`,
		);
		const [item] = outputOf(execution, 'One-Shot notifications');
		assert.equal(item.json.requestPk, pk);
		assert.equal(item.json.eventType, 'REQUEST_ENROLLED');
		assert.equal(item.json.status, 'ISSUED');
		assert.deepEqual(item.json.correlation, { crm: 'D-3001' });
		assert.ok(Object.keys(runData(execution).runData).includes('CRM: deal signed'));
		assert.ok(
			ctx.crm.calls.some(
				(c) =>
					c.method === 'PATCH' && c.path === '/api/deals/D-3001' && Number(c.body.requestPk) === pk,
			),
		);
	} finally {
		Object.assign(ctx.sim.options, saved);
	}
});

test(
	'trigger (minimal workflow): format A and B (as text/plain) accepted, filtered status, wrong token 401, malformed 400, correlation kept, token not in the output',
	async (ctx) => {
		const token = 'e2e-trigger-token-0123456789abcdef';
		ctx.triggerTokens.push(['the secret token of the minimal trigger workflow', token]);
		const workflow = {
			name: 'E2E trigger',
			nodes: [
				{
					id: randomId(),
					name: 'One-Shot Trigger',
					type: TRIGGER,
					typeVersion: 1,
					webhookId: randomId(),
					position: [0, 0],
					parameters: {
						secretToken: token,
						statuses: ['ISSUED'],
						options: { includeRawBody: true },
					},
				},
				{
					id: randomId(),
					name: 'Done',
					type: 'n8n-nodes-base.noOp',
					typeVersion: 1,
					position: [220, 0],
					parameters: {},
				},
			],
			connections: { 'One-Shot Trigger': { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		};
		const id = await deployWorkflow(ctx, workflow);
		const url = (q) => triggerUrl(ctx, workflow, q);
		const good = `?token=${token}&order=A-17`;
		const at = new Date(Date.now() - 30_000);
		const pk = 700000 + Math.floor(Math.random() * 1000);
		const answers = [];
		const send = async (label, q, body, contentType) => {
			const res = await deliver(url(q), body, { contentType });
			answers.push(`${label}: ${res.status}`);
			return res.status;
		};
		assert.equal(await send('A', good, flatCallback(pk, 'ISSUED', 'ENROLLREADY', at)), 200);
		assert.equal(
			await send(
				'B as text/plain',
				good,
				JSON.stringify(eventCallback(pk + 1, 'REQUEST_ENROLLED', 'ISSUED', at)),
				'text/plain',
			),
			200,
		);
		assert.equal(
			await send('filtered', good, flatCallback(pk + 2, 'ENROLLREADY', 'CREATED', at)),
			200,
		);
		assert.equal(
			await send(
				'wrong token',
				'?token=wrong-token-123',
				flatCallback(pk + 3, 'ISSUED', 'ENROLLREADY', at),
			),
			401,
		);
		assert.equal(await send('malformed', good, { request: { pk: 'x' } }), 400);
		const executions = await waitForExecutionCount(ctx, id, 2);
		await n8n.sleep(1500);
		assert.equal(
			(await executionsOf(ctx, id)).length,
			2,
			`expected 2 executions (${answers.join(', ')})`,
		);
		ctx.minimalTrigger = { id, workflow };
		const items = executions.map((e) => outputOf(e, 'One-Shot Trigger')[0].json);
		assert.deepEqual(items.map((j) => j.requestPk).sort(), [pk, pk + 1]);
		for (const [i, e] of executions.entries()) {
			assert.deepEqual(items[i].correlation, { order: 'A-17' });
			assert.ok(!JSON.stringify(e.data).includes(token), `token in the data of execution ${e.id}`);
			assert.ok(typeof items[i].rawBody === 'string' || typeof items[i].rawBody === 'object');
		}
	},
	{ v1: true },
);

test(
	'Deduplicate: the same callback delivered three times (back to back, and again 1 s later) starts one execution',
	async (ctx) => {
		const target = ctx.examples[EXAMPLE_FILES.notifications] || ctx.minimalTrigger;
		assert.ok(target, 'no published trigger workflow (example 2 or the minimal one) to send to');
		const trigger = target.workflow.nodes.find((n) => n.type === TRIGGER);
		const url = triggerUrl(
			ctx,
			target.workflow,
			`?token=${encodeURIComponent(trigger.parameters.secretToken)}&crm=D-4001`,
		);
		const before = (await executionsOf(ctx, target.id)).length;
		const pk = 800000 + Math.floor(Math.random() * 1000);
		const body = flatCallback(pk, 'ISSUED', 'ENROLLREADY', new Date(Date.now() - 10_000));
		const answers = [];
		answers.push((await deliver(url, body)).status);
		answers.push((await deliver(url, body)).status);
		await n8n.sleep(1000);
		answers.push((await deliver(url, body)).status);
		assert.deepEqual(answers, [200, 200, 200]);
		await waitForExecutionCount(ctx, target.id, before + 1);
		await n8n.sleep(1500);
		const after = await executionsOf(ctx, target.id);
		const started = after.length - before;
		assert.equal(
			started,
			1,
			`${started} executions for one callback delivered 3 times: the trigger's de-duplication did not hold`,
		);
	},
	{ v1: true },
);

require('./videoid')(test); // example 3 end to end (test/e2e/videoid.js)
// example 4 end to end: Email Trigger (IMAP) → signing page → reply (test/e2e/email.js)
require('./email')({ test, deployWorkflow, loadExample, outputOf, readBinary, progressRowsOf, log });

// ---------------------------------------------------------------------------------------------
// In a real browser: the editor of this n8n, Debian's Chromium driven by playwright-core

async function editor(ctx) {
	if (ctx.editor) return ctx.editor;
	const problem = browserUnavailable();
	if (problem) throw new Error(problem);
	ctx.editor = await openEditor({
		baseUrl: ctx.n8n.baseUrl,
		email: ctx.owner.email,
		password: ctx.owner.password,
		userDataDir: path.join(ctx.dir, 'chromium-profile'),
		log,
	});
	ctx.screenshots = ctx.screenshots || [];
	return ctx.editor;
}

async function shoot(ctx, ed, name) {
	const file = path.join(ctx.screenshotsDir, name);
	await ed.screenshot(file);
	ctx.screenshots.push(file);
	return file;
}

/** Every <img> icon of our nodes loaded (naturalWidth > 0) and its URL answers 200 with SVG. */
async function assertIconsLoaded(ctx, nodes, ours) {
	assert.ok(ours.length > 0, 'none of our nodes is on the canvas');
	const urls = new Set();
	for (const node of ours) {
		assert.ok(
			node.icons.length > 0,
			`node "${node.name}" shows no <img> icon (text: ${node.text})`,
		);
		for (const icon of node.icons) {
			assert.ok(
				icon.complete && icon.naturalWidth > 0,
				`icon of "${node.name}" did not load: ${icon.src}`,
			);
			urls.add(icon.src);
		}
	}
	for (const url of urls) {
		assert.match(url, /n8n-nodes-uanataca-oneshot/, `unexpected icon URL ${url}`);
		const res = await n8n.http('GET', url, { headers: { cookie: ctx.cookie } });
		assert.equal(res.status, 200, `GET ${url} → ${res.status}`);
		assert.match(res.text, /<svg/, `${url} is not an SVG`);
	}
}

test('browser: example 1 opens in the editor; our nodes render with their names and icons, no node shows an issue (screenshot docs/images/example-1-workflow.png)', async (ctx) => {
	const example = ctx.examples[EXAMPLE_FILES.signing];
	assert.ok(example, 'example 1 was not imported');
	const ed = await editor(ctx);
	await ed.openWorkflow(example.id);
	const nodes = await ed.canvasNodes();
	const expected = example.workflow.nodes
		.filter((n) => n.type !== 'n8n-nodes-base.stickyNote')
		.map((n) => n.name);
	assert.deepEqual(
		nodes.map((n) => n.name).sort(),
		expected.sort(),
		'the canvas does not show the nodes of the workflow',
	);
	const ours = nodes.filter((n) => n.type === ONE_SHOT);
	assert.deepEqual(ours.map((n) => n.name).sort(), [
		'Create signature request',
		'Delete the documents from the Optimizer',
		'Get the service contract',
		'Send the code by SMS',
		'Sign and wait',
		'Upload the PDF',
	]);
	for (const node of ours)
		assert.ok(node.text.includes(node.name), `name of "${node.name}" not shown`);
	assert.deepEqual(
		nodes.filter((n) => n.issues > 0).map((n) => n.name),
		[],
		'nodes with issues',
	);
	await assertIconsLoaded(ctx, nodes, ours);
	await shoot(ctx, ed, 'example-1-workflow.png');
	assert.deepEqual(ed.pageErrors, [], 'JavaScript errors in the editor');
});

test('browser: the node panel of Create shows its fields (Given Name, First Surname, Mobile Phone Number, Asynchronous Mode, Callback URL, …) (screenshot docs/images/create-node-panel.png)', async (ctx) => {
	const example = ctx.examples[EXAMPLE_FILES.signing];
	assert.ok(example, 'example 1 was not imported');
	const ed = await editor(ctx);
	await ed.openWorkflow(example.id);
	await ed.page.setViewportSize({ width: 1600, height: 1300 });
	try {
		const text = await ed.openNode('Create signature request');
		for (const label of [
			'Credential',
			'Resource',
			'Operation',
			'Given Name',
			'First Surname',
			'ID Document Type',
			'ID Document Country',
			'ID Document Number',
			'Email',
			'Mobile Phone Number',
			'Asynchronous Mode',
			'Callback URL',
			'Additional Fields',
			'Override Credential Defaults',
		])
			assert.ok(text.includes(label), `the Create panel lacks "${label}"`);
		assert.ok(text.includes('{{ $execution.resumeUrl }}'), 'Callback URL expression not shown');
		await shoot(ctx, ed, 'create-node-panel.png');
		await ed.closeNode();
	} finally {
		await ed.page.setViewportSize({ width: 1600, height: 900 });
	}
});

test('browser: examples 2 and 3 open in the editor with our trigger and nodes rendered, no node shows an issue (screenshots docs/images/example-2-*.png, example-3-*.png)', async (ctx) => {
	const ed = await editor(ctx);
	const shots = [
		[EXAMPLE_FILES.notifications, 'example-2-status-notifications.png'],
		[EXAMPLE_FILES.videoReview, 'example-3-video-id-review.png'],
	];
	let opened = 0;
	for (const [file, png] of shots) {
		const example = ctx.examples[file];
		if (!example) continue;
		opened++;
		await ed.openWorkflow(example.id);
		const nodes = await ed.canvasNodes();
		const ours = nodes.filter((n) => n.type === ONE_SHOT || n.type === TRIGGER);
		assert.ok(
			ours.some((n) => n.type === TRIGGER),
			`${file}: the One-Shot trigger is not on the canvas`,
		);
		assert.deepEqual(
			nodes.filter((n) => n.issues > 0).map((n) => n.name),
			[],
			`${file}: nodes with issues`,
		);
		await assertIconsLoaded(ctx, nodes, ours);
		await shoot(ctx, ed, png);
	}
	assert.ok(opened >= 1, 'example 2 was not imported');
	assert.deepEqual(ed.pageErrors, [], 'JavaScript errors in the editor');
});

// Sign via Signing Page in the browser (test/e2e/signing-page.js)
require('./signing-page')({ test, deployWorkflow, triggerWebhook, waitForExecution, outputOf, readBinary, editor, FINISHED, log });
// example 5 end to end: two signers in order in one execution (test/e2e/multiparty.js)
require('./batch')({ test, deployWorkflow, triggerWebhook, outputOf, readBinary, log }); // Sign with three items
require('./multiparty')({ test, deployWorkflow, triggerWebhook, loadExample, outputOf, progressRowsOf, editor, shoot, log });
require('./relay')({ test, deployWorkflow, triggerWebhook, waitForExecution, outputOf }); // docs/relay.md

test(
	'no secret in any execution data nor in the n8n log',
	async (ctx) => {
		assert.ok(
			ctx.executionIds.length >= (ctx.n8nMajor === 1 ? 3 : 4),
			`expected the executions of the flows above, have ${ctx.executionIds.length}`,
		);
		const everything = [];
		let cursor;
		for (let page = 0; page < 20; page++) {
			const list = await ctx.api.get(
				`/executions?includeData=true&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
			);
			everything.push(...list.data);
			cursor = list.nextCursor;
			if (!cursor) break;
		}
		for (const id of ctx.executionIds) {
			assert.ok(
				everything.some((e) => String(e.id) === String(id)),
				`execution ${id} missing from the list`,
			);
			everything.push(await ctx.api.get(`/executions/${id}?includeData=true`));
		}
		const executions = JSON.stringify(everything);
		assert.ok(
			executions.includes(ctx.n8nMajor === 1 ? 'correlation' : 'Confirmation Code invalid'),
			'the execution data read is not the real one',
		);
		const sources = [['execution data', executions]];
		for (const file of ctx.logFiles) {
			if (fs.existsSync(file))
				sources.push([`n8n log ${path.basename(file)}`, fs.readFileSync(file, 'utf8')]);
		}
		assert.ok(sources.length >= 2, 'no n8n log file to check');
		const leaks = [];
		for (const [what, text] of sources) {
			for (const [label, secret] of ctx.secrets) {
				if (containsSecret(text, secret)) leaks.push(`${label} in ${what}`);
			}
		}
		// the trigger's secret token is a node parameter, so n8n keeps it in each execution's
		// workflow snapshot by design: check the execution data proper and the logs for it
		const runData = JSON.stringify(everything.map((e) => e.data ?? null));
		const tokenSources = [
			['execution data (without the workflow snapshot)', runData],
			...sources.slice(1),
		];
		for (const [what, text] of tokenSources) {
			for (const [label, secret] of ctx.triggerTokens ?? []) {
				if (containsSecret(text, secret)) leaks.push(`${label} in ${what}`);
			}
		}
		assert.deepEqual(leaks, [], `secrets found: ${leaks.join('; ')}`);
	},
	{ v1: true },
);

/** Long secrets as substrings; short ones (e.g. a PIN) only as a whole token. */
function containsSecret(text, secret) {
	if (secret.length >= 8) return text.includes(secret);
	const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`(^|[^A-Za-z0-9+/=_-])${escaped}($|[^A-Za-z0-9+/=_-])`).test(text);
}

// ---------------------------------------------------------------------------------------------
// Set-up, run, tear-down

async function setup(ctx) {
	const started = Date.now();
	ctx.n8nMajor = N8N_MAJOR;
	ctx.provisioned = N8N_MAJOR === 1 ? await provisionV1({ log }) : await provision({ log });
	fs.mkdirSync(E2E_ROOT, { recursive: true });
	ctx.dir = fs.mkdtempSync(path.join(E2E_ROOT, 'run-'));
	ctx.home = path.join(ctx.dir, 'home');
	const tarball = n8n.buildAndPack(path.join(ctx.dir, 'pack'), { log });
	n8n.installPackage(ctx.home, tarball);

	const ports = [];
	for (let i = 0; i < 6; i++) ports.push(await n8n.freePort(ports));
	const [n8nPort, brokerPort, simPort, crmPort, smtpPort, imapPort] = ports;

	const { startSimulator } = require('../simulator');
	ctx.sim = await startSimulator({ port: simPort, asyncSignDelayMs: 2500, callbackDelayMs: 5 });
	const files = {};
	for (const [name, file] of Object.entries(FILES)) files[name] = file;
	ctx.crm = await startCrm({ port: crmPort, files });
	ctx.filesUrl = `${ctx.crm.url}/files`;
	// example 4's signing inbox: Dovecot on loopback, fed by the SMTP mailbox (n8n 2 runs only)
	if (N8N_MAJOR === 2) ctx.imap = await startImapServer({ port: imapPort, log });
	const local = ctx.imap ? { [ctx.imap.address]: ctx.imap } : {};
	ctx.mailbox = await startMailbox({ port: smtpPort, localMailboxes: local });

	const owner = {
		email: 'e2e-owner@example.com',
		firstName: 'E2E',
		lastName: 'Owner',
		password: 'E2e-Passw0rd',
	};
	ctx.owner = owner;
	ctx.logFiles = [path.join(ctx.dir, 'n8n.log'), path.join(ctx.dir, 'n8n-file.log')];
	log(
		`Starting n8n ${ctx.provisioned.n8nVersion} (Node ${ctx.provisioned.nodeVersion || 24}) on ${n8n.HOST}:${n8nPort} (task broker ${brokerPort}, simulator ${simPort}, CRM ${crmPort}, SMTP ${smtpPort}); folder ${path.relative(n8n.REPO_ROOT, ctx.dir)} ...`,
	);
	ctx.n8n = await n8n.startN8n({
		provisioned: ctx.provisioned,
		home: ctx.home,
		port: n8nPort,
		brokerPort,
		logFile: ctx.logFiles[0],
		owner: { ...owner, passwordHash: n8n.ownerPasswordHash(ctx.provisioned, owner.password) },
		logLevel: 'debug',
		extra: { N8N_LOG_OUTPUT: 'console,file', N8N_LOG_FILE_LOCATION: ctx.logFiles[1] },
		log,
	});
	// n8n 1.x has no owner-from-environment: set the owner up through the REST API
	if (N8N_MAJOR === 1) await n8n.setupOwner(ctx.n8n.baseUrl, owner);
	ctx.cookie = await n8n.login(ctx.n8n.baseUrl, owner.email, owner.password);
	ctx.api = n8n.publicApi(
		ctx.n8n.baseUrl,
		await n8n.createApiKey(ctx.n8n.baseUrl, ctx.cookie, 'e2e'),
	);

	const tokenCredential = await ctx.api.post('/credentials', {
		name: 'One-Shot simulator',
		type: 'uanatacaOneShotApi',
		data: n8n.simulatorCredentialData(ctx.sim),
	});
	ctx.credential = { id: tokenCredential.id, name: tokenCredential.name };
	const raoCredential = await ctx.api.post('/credentials', {
		name: 'One-Shot simulator (RAO user)',
		type: 'uanatacaOneShotApi',
		data: n8n.simulatorCredentialData(ctx.sim, {
			token: '',
			username: ctx.sim.rao.username,
			password: ctx.sim.rao.password,
			pin: ctx.sim.rao.pin,
		}),
	});
	ctx.raoCredential = { id: raoCredential.id, name: raoCredential.name };
	const smtpCredential = await ctx.api.post('/credentials', {
		name: 'Demo mailbox (SMTP)',
		type: 'smtp',
		data: smtpCredentialData(ctx.mailbox),
	});
	ctx.smtpCredential = { id: smtpCredential.id, name: smtpCredential.name };
	// the signing pages of examples 4 and 5 (version 3) keep each signer's progress in a data table
	// of this n8n, through its public API: a "Uanataca One-Shot N8n API" credential with a key of
	// its own. n8n 2 runs only: 1.x has no data tables (and the n8n 1 run imports no example), and
	// a second key made within the same second as the first collides there (the same key)
	let pagesApiKey;
	if (N8N_MAJOR === 2) {
		pagesApiKey = await n8n.createApiKey(ctx.n8n.baseUrl, ctx.cookie, 'e2e signing pages');
		const n8nApiCredential = await ctx.api.post('/credentials', {
			name: 'This n8n (API)',
			type: 'uanatacaOneShotN8nApi',
			data: { baseUrl: ctx.n8n.baseUrl, apiKey: pagesApiKey },
		});
		ctx.n8nApiCredential = { id: n8nApiCredential.id, name: n8nApiCredential.name };
	}
	if (ctx.imap) {
		const imapCredential = await ctx.api.post('/credentials', {
			name: 'Demo mailbox (IMAP)',
			type: 'imap',
			data: imapCredentialData(ctx.imap),
		});
		ctx.imapCredential = { id: imapCredential.id, name: imapCredential.name };
	}
	ctx.secrets = [
		['billing password', ctx.sim.billing.password],
		['billing password (Base64)', Buffer.from(ctx.sim.billing.password, 'utf8').toString('base64')],
		['RAO token', ctx.sim.sandboxToken],
		['RAO password', ctx.sim.rao.password],
		['RAO PIN', ctx.sim.rao.pin],
	];
	if (pagesApiKey) ctx.secrets.push(['signing pages API key', pagesApiKey]);
	if (ctx.imap) ctx.secrets.push(['IMAP password', ctx.imap.password]);
	ctx.workflowIds = [];
	ctx.executionIds = [];
	ctx.examples = {};
	ctx.triggerTokens = [];
	ctx.screenshotsDir = UPDATE_SCREENSHOTS
		? path.join(n8n.REPO_ROOT, 'docs', 'images')
		: path.join(ctx.dir, 'screenshots');
	log(`n8n ready in ${Math.round((Date.now() - started) / 1000)} s (provisioning included).`);
}

async function teardown(ctx, failed) {
	const problems = [];
	if (ctx.n8n) {
		const exit = await ctx.n8n
			.stop(30_000)
			.catch((error) => problems.push(`n8n: ${error.message}`));
		if (exit && exit.signal === 'SIGKILL')
			problems.push('n8n had to be killed (did not stop within 30 s)');
	}
	if (ctx.editor)
		await ctx.editor.close().catch((error) => problems.push(`browser: ${error.message}`));
	if (ctx.sim) await ctx.sim.close().catch((error) => problems.push(`simulator: ${error.message}`));
	if (ctx.crm) await ctx.crm.close().catch((error) => problems.push(`CRM: ${error.message}`));
	if (ctx.mailbox)
		await ctx.mailbox.close().catch((error) => problems.push(`mailbox: ${error.message}`));
	if (ctx.imap) await ctx.imap.close().catch((error) => problems.push(`IMAP: ${error.message}`));
	if (ctx.dir) {
		if (failed || KEEP)
			log(
				`Kept ${path.relative(n8n.REPO_ROOT, ctx.dir)} (n8n user folder, n8n.log) for inspection.`,
			);
		else fs.rmSync(ctx.dir, { recursive: true, force: true });
	}
	for (const p of problems) log(`teardown: ${p}`);
}

async function main() {
	const eligible = N8N_MAJOR === 1 ? tests.filter((t) => t.v1) : tests;
	const selected = ONLY ? eligible.filter((t) => t.name.includes(ONLY)) : eligible;
	if (selected.length === 0) {
		console.error(`No test matches --only ${JSON.stringify(ONLY)}.`);
		process.exit(2);
	}
	const ctx = {};
	let passed = 0;
	let failed = 0;
	let skipped = 0;
	let interrupted = false;
	const onSignal = (signal) => {
		if (interrupted) return;
		interrupted = true;
		log(`\n${signal}: stopping n8n and the simulator ...`);
		teardown(ctx, true).finally(() => {
			console.log(`e2e: ${passed} passed, ${selected.length - passed} failed`);
			process.exit(130);
		});
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);

	const t0 = Date.now();
	try {
		await setup(ctx);
	} catch (error) {
		console.error(
			`\nSet-up failed: ${error instanceof Error ? error.stack || error.message : error}`,
		);
		if (ctx.n8n) console.error(`Last lines of the n8n log:\n${ctx.n8n.logTail(40)}`);
		await teardown(ctx, true);
		console.log(`e2e: 0 passed, ${selected.length} failed`);
		process.exit(1);
	}
	for (const t of selected) {
		if (interrupted) return;
		const started = Date.now();
		try {
			await t.fn(ctx);
			passed++;
			log(`  ok   ${t.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
			if (t.knownIssue && N8N_MAJOR === 2)
				log(`       (marked as known issue "${t.knownIssue}" but passed: the mark can go)`);
		} catch (error) {
			if (t.knownIssue && error && error.knownIssue && !STRICT) {
				skipped++;
				log(`  XFAIL ${t.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
				log(`       known product issue, reported: ${t.knownIssue}`);
				log(`       ${String(error && error.message ? error.message : error).split('\n')[0]}`);
				continue;
			}
			failed++;
			log(`  FAIL ${t.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
			log(
				`       ${String(error && error.message ? error.message : error)
					.split('\n')
					.join('\n       ')}`,
			);
		}
	}
	if (failed > 0 && ctx.n8n) log(`Last lines of the n8n log:\n${ctx.n8n.logTail(30)}`);
	if (ctx.screenshots && ctx.screenshots.length > 0)
		log(`Screenshots: ${ctx.screenshots.map((f) => path.relative(n8n.REPO_ROOT, f)).join(', ')}`);
	await teardown(ctx, failed > 0);
	log(`e2e took ${Math.round((Date.now() - t0) / 1000)} s`);
	if (skipped > 0)
		log(
			`(${skipped} skipped: known product issues marked XFAIL above; --strict counts them as failed)`,
		);
	console.log(
		`e2e: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`,
	);
	process.exit(failed > 0 ? 1 : 0);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
