'use strict';
/**
 * End-to-end tests against a real n8n 2.41.1: `npm run test:e2e [-- --keep] [-- --only <text>]`.
 *
 * Provisions n8n (reusing .cache/n8n), builds and packs this package and installs it as a community
 * package into a fresh temporary n8n user folder (exactly as `npm start` does), starts the
 * One-Shot simulator, a tiny file server for the documents and n8n on random free loopback ports,
 * then drives n8n only through its public API (X-N8N-API-KEY) and published Webhook triggers.
 *
 * Ends with the line `e2e: N passed, N failed` and a non-zero exit code when anything failed.
 * Every process it starts is stopped, also on failure or Ctrl-C. The temporary folder (.e2e/run-*)
 * is removed after a green run and kept (with n8n's log) after a red one, or with --keep.
 */
const assert = require('assert/strict');
const fs = require('fs');
const http = require('http');
const path = require('path');

const { provision } = require('../../scripts/n8n/provision');
const n8n = require('../../scripts/n8n/instance');
const { ONE_SHOT, signingFlow } = require('./workflows');

const argv = process.argv.slice(2);
const KEEP = argv.includes('--keep');
const ONLY = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
const E2E_ROOT = path.join(n8n.REPO_ROOT, '.e2e');
const EXECUTION_TIMEOUT_MS = 120_000;
const FINISHED = ['success', 'error', 'crashed', 'canceled'];

const tests = [];
/** Registers a test; `fn(ctx)` throws to fail. */
function test(name, fn) {
	tests.push({ name, fn });
}

function log(line) {
	console.log(line);
}

// ---------------------------------------------------------------------------------------------
// Fixtures: documents served over HTTP to n8n's own HTTP Request node

function pdf(label, padding = 0) {
	const text =
		'%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n' +
		`3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n% ${label}\n${'%'.repeat(padding)}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`;
	return Buffer.from(text, 'latin1');
}

const FILES = {
	'/loan.pdf': { body: pdf('Loan agreement E2E', 1500), type: 'application/pdf', name: 'loan.pdf' },
	'/offer.docx': {
		body: Buffer.from('PK\u0003\u0004 this is a Word document, not a PDF'),
		type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		name: 'offer.docx',
	},
};

function startFileServer(port) {
	const server = http.createServer((req, res) => {
		const file = FILES[req.url.split('?')[0]];
		if (!file) {
			res.writeHead(404).end('not found');
			return;
		}
		res.writeHead(200, {
			'content-type': file.type,
			'content-length': file.body.length,
			'content-disposition': `attachment; filename="${file.name}"`,
		});
		res.end(file.body);
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, n8n.HOST, () => resolve(server));
	});
}

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
	const file = path.join(ctx.home, '.n8n', 'storage', match[1]);
	assert.ok(fs.existsSync(file), `binary file ${file} not found`);
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

test('the package is loaded as a community package (node type in the editor, credential schema in the public API)', async (ctx) => {
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
});

test('credential test: the simulator token is accepted (POST /credentials/{id}/test)', async (ctx) => {
	const result = await ctx.api.post(`/credentials/${ctx.credential.id}/test`, {});
	assert.equal(result.status, 'OK', JSON.stringify(result));
});

test("credential test: a wrong token gives the credential's plain-words 404 message", async (ctx) => {
	const wrong = await ctx.api.post('/credentials', {
		name: 'One-Shot simulator (wrong token)',
		type: 'uanatacaOneShotApi',
		data: n8n.simulatorCredentialData(ctx.sim, { token: '00000000-0000-4000-8000-000000000000' }),
	});
	const result = await ctx.api.post(`/credentials/${wrong.id}/test`, {});
	assert.equal(result.status, 'Error', JSON.stringify(result));
	assert.match(result.message, /does not know this RAO token/, JSON.stringify(result));
});

test('classic flow: webhook → download PDF → create, upload, contract, OTP, sign → signed PDF', async (ctx) => {
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
});

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

test('no secret in any execution data nor in the n8n log', async (ctx) => {
	assert.ok(
		ctx.executionIds.length >= 4,
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
		executions.includes('Confirmation Code invalid'),
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
	assert.deepEqual(leaks, [], `secrets found: ${leaks.join('; ')}`);
});

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
	ctx.provisioned = await provision({ log });
	fs.mkdirSync(E2E_ROOT, { recursive: true });
	ctx.dir = fs.mkdtempSync(path.join(E2E_ROOT, 'run-'));
	ctx.home = path.join(ctx.dir, 'home');
	const tarball = n8n.buildAndPack(path.join(ctx.dir, 'pack'), { log });
	n8n.installPackage(ctx.home, tarball);

	const ports = [];
	for (let i = 0; i < 4; i++) ports.push(await n8n.freePort(ports));
	const [n8nPort, brokerPort, simPort, filesPort] = ports;

	const { startSimulator } = require('../simulator');
	ctx.sim = await startSimulator({ port: simPort, asyncSignDelayMs: 2500, callbackDelayMs: 5 });
	ctx.files = await startFileServer(filesPort);
	ctx.filesUrl = `http://${n8n.HOST}:${filesPort}`;

	const owner = {
		email: 'e2e-owner@example.com',
		firstName: 'E2E',
		lastName: 'Owner',
		password: 'E2e-Passw0rd',
	};
	ctx.logFiles = [path.join(ctx.dir, 'n8n.log'), path.join(ctx.dir, 'n8n-file.log')];
	log(
		`Starting n8n on ${n8n.HOST}:${n8nPort} (task broker ${brokerPort}, simulator ${simPort}, files ${filesPort}); folder ${path.relative(n8n.REPO_ROOT, ctx.dir)} ...`,
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
	ctx.secrets = [
		['billing password', ctx.sim.billing.password],
		['billing password (Base64)', Buffer.from(ctx.sim.billing.password, 'utf8').toString('base64')],
		['RAO token', ctx.sim.sandboxToken],
		['RAO password', ctx.sim.rao.password],
		['RAO PIN', ctx.sim.rao.pin],
	];
	ctx.workflowIds = [];
	ctx.executionIds = [];
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
	if (ctx.sim) await ctx.sim.close().catch((error) => problems.push(`simulator: ${error.message}`));
	if (ctx.files) await new Promise((resolve) => ctx.files.close(() => resolve()));
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
	const selected = ONLY ? tests.filter((t) => t.name.includes(ONLY)) : tests;
	if (selected.length === 0) {
		console.error(`No test matches --only ${JSON.stringify(ONLY)}.`);
		process.exit(2);
	}
	const ctx = {};
	let passed = 0;
	let failed = 0;
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
		} catch (error) {
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
	await teardown(ctx, failed > 0);
	log(`e2e took ${Math.round((Date.now() - t0) / 1000)} s`);
	console.log(`e2e: ${passed} passed, ${failed} failed`);
	process.exit(failed > 0 ? 1 : 0);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
