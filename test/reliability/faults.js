'use strict';
/**
 * Faults: the simulator injects 5xx bursts, 429s, dropped connections and slow answers, sends
 * callbacks twice and out of order, and is restarted mid-flow. Checked in a real n8n:
 * - reads (GET) recover within the transport's 4 attempts, and fail clearly after them;
 * - create, upload, OTP and sign reach the Optimizer exactly once (counted in the simulator's
 *   request log), also when they fail or their connection breaks;
 * - every failure is a clear error on the item it belongs to (Settings → On Error → Continue),
 *   the other items go on;
 * - nothing runs past the limits the user set (Sign's Time Limit, the workflow's timeout).
 *
 * What an Optimizer restart means here: a real Optimizer keeps its requests and documents in its
 * database, so a restart loses no state; what it does to a flow in flight is break the calls that
 * are running and refuse connections while it is down. The simulator keeps its state in memory
 * and loses it on restart, so these tests use reads whose answer does not depend on that state
 * (the token list) and writes whose breaking is the point; see docs/benchmarks.md.
 */
const assert = require('assert/strict');

const session = require('./lib/session');
const wf = require('./lib/workflows');

const { n8n, outputOf, errorOf } = session;
const API = '/oneshot/api/v1';
/** The simulator's first request pk (test/simulator/state.js). */
const FIRST_PK = 388141;

/** The next pk the simulator will give (they are sequential). */
async function nextPk(sim) {
	const res = await n8n.http('GET', `${sim.url}/__simulator/requests`);
	const pks = (res.json || []).map((r) => Number(r.pk)).filter(Number.isFinite);
	return pks.length ? Math.max(...pks) + 1 : FIRST_PK;
}

/** Calls of `method` whose path matches `re`, across every simulator of the run since `from`. */
function calls(ctx, method, re, from = 0) {
	return ctx.allCalls().filter((c) => c.at >= from && c.method === method && re.test(c.path));
}

/** An error text a user can act on: a real sentence, no programming residue. */
function assertClear(text, what) {
	assert.equal(typeof text, 'string', `${what}: no error text`);
	assert.ok(text.trim().length >= 8, `${what}: error text too short: ${JSON.stringify(text)}`);
	assert.doesNotMatch(
		text,
		/undefined|\[object Object\]|Cannot read prop|is not a function|TypeError|ReferenceError|Unexpected token/,
		`${what}: unclear error text: ${text}`,
	);
}

/**
 * Webhook (body.items) → Split Out → Get PDF → Create → Upload → OTP → Signer reads the SMS →
 * Sign, every One-Shot node with On Error → Continue. `stopAfter` cuts the chain.
 */
function batchFlow(ctx, webhookPath, { asyncMode = false, callbackUrl = '', sign = {}, stopAfter, settings } = {}) {
	const c = ctx.credential;
	const nodes = [
		wf.webhook(webhookPath),
		wf.splitOut('Items', 'body.items'),
		wf.httpRequest('Get PDF', { url: `${ctx.filesUrl}/contract.pdf`, file: true }),
		wf.oneShot('Create', wf.createParameters({ asyncMode, callbackUrl }), c, { continueOnFail: true }),
		wf.oneShot('Upload', { resource: 'document', operation: 'upload', binaryPropertyName: 'data' }, c, {
			continueOnFail: true,
		}),
		wf.oneShot('OTP', { resource: 'request', operation: 'generateOtp' }, c, { continueOnFail: true }),
		wf.httpRequest('Signer reads the SMS', {
			url: `={{ '${ctx.sim.url}/__simulator/otp/' + $('Create').item.json.requestPk }}`,
			continueOnFail: true,
		}),
		wf.oneShot(
			'Sign',
			{
				resource: 'request',
				operation: 'sign',
				requestPk: "={{ $('Create').item.json.requestPk }}",
				secret: '={{ $json.otp }}',
				waitForCompletion: asyncMode,
				documentUids: "={{ ($('Upload').item.json.documents || []).map(d => d.uid).join(',') }}",
				options: { returnSignedDocuments: false, ...sign },
			},
			c,
			{ continueOnFail: true },
		),
	];
	if (stopAfter) nodes.splice(nodes.findIndex((n) => n.name === stopAfter) + 1);
	return wf.chainWorkflow(`Reliability ${webhookPath}`, nodes, settings);
}

/** Runs a published workflow once through its webhook; returns the finished execution. */
async function runOnce(ctx, id, webhookPath, body, opts = {}) {
	const after = await ctx.n8n.lastExecutionId();
	const res = await ctx.n8n.trigger(webhookPath, body);
	assert.equal(res.status, 200, `POST /webhook/${webhookPath} → ${res.status} ${res.text.slice(0, 200)}`);
	return await ctx.n8n.waitForExecution(id, { after, ...opts });
}

function items(n) {
	return { items: Array.from({ length: n }, (_, i) => ({ n: i })) };
}

function register(test) {
	test('writes are never repeated; each failure is a clear error on its own item, the others go on', async (ctx) => {
		const path = 'rel-writes';
		const id = await ctx.n8n.deploy(batchFlow(ctx, path));
		const from = Date.now();
		const first = await nextPk(ctx.sim);
		const [p0, p1, p2] = [first, first + 1, first + 2];
		// upload of item 1 answers 503; the OTP call of item 2 has its connection dropped; the sign
		// call of item 0 answers 500
		ctx.sim.injectFault({ route: `^POST ${API}/document/${p1}$`, kind: '5xx', times: 1 });
		ctx.sim.injectFault({ route: `^POST ${API}/otp/${p2}$`, kind: 'drop', times: 1 });
		ctx.sim.injectFault({ route: `^POST ${API}/sign/${p0}/?$`, kind: '5xx', status: 500, times: 1 });
		const execution = await runOnce(ctx, id, path, items(3));
		assert.equal(execution.status, 'success', `execution ${execution.status}`);

		const created = outputOf(execution, 'Create');
		assert.deepEqual(
			created.map((i) => i.json.requestPk),
			[p0, p1, p2],
			`Create output: ${JSON.stringify(created.map((i) => i.json))}`,
		);
		const upload = outputOf(execution, 'Upload');
		assert.equal(upload.length, 3);
		assert.ok(upload[0].json.documents?.length === 1 && upload[2].json.documents?.length === 1);
		assertClear(upload[1].json.error, 'Upload item 1');
		assert.match(upload[1].json.error, /Service temporarily unavailable/);
		assert.deepEqual(upload.map((i) => i.pairedItem?.item ?? i.pairedItem), [0, 1, 2]);

		const otp = outputOf(execution, 'OTP');
		assert.equal(otp[0].json.otpSent, true, JSON.stringify(otp[0].json));
		assertClear(otp[2].json.error, 'OTP item 2');
		assert.match(
			`${otp[2].json.error} ${otp[2].json.description}`,
			/may or may not have taken effect/,
			`OTP item 2: ${JSON.stringify(otp[2].json)}`,
		);

		const signed = outputOf(execution, 'Sign');
		assertClear(signed[0].json.error, 'Sign item 0');
		assert.match(signed[0].json.error, /Service temporarily unavailable/);
		for (const i of [1, 2]) assertClear(signed[i].json.error, `Sign item ${i}`); // earlier step failed

		// exactly one call per write, whatever happened to it
		assert.equal(calls(ctx, 'POST', /\/create$/, from).length, 3, 'create calls');
		for (const pk of [p0, p2]) assert.equal(calls(ctx, 'POST', new RegExp(`/document/${pk}$`), from).length, 1, `upload ${pk}`);
		assert.equal(calls(ctx, 'POST', new RegExp(`/document/${p1}$`), from).length, 1, `upload ${p1} (failed) not repeated`);
		assert.equal(calls(ctx, 'POST', new RegExp(`/otp/${p0}$`), from).length, 1, `otp ${p0}`);
		assert.equal(calls(ctx, 'POST', new RegExp(`/otp/${p2}$`), from).length, 1, `otp ${p2} (dropped) not repeated`);
		assert.equal(calls(ctx, 'POST', new RegExp(`/otp/${p1}$`), from).length, 0, `otp ${p1} after a failed upload`);
		assert.equal(calls(ctx, 'POST', new RegExp(`/sign/${p0}/?$`), from).length, 1, `sign ${p0} (failed) not repeated`);
		assert.equal(calls(ctx, 'POST', /\/sign\//, from).length, 1, 'only item 0 reached Sign');
	});

	test('a failed or dropped Create is not retried and fails only its own item', async (ctx) => {
		const path = 'rel-create';
		const id = await ctx.n8n.deploy(batchFlow(ctx, path, { stopAfter: 'Create' }));
		for (const fault of [
			{ kind: '5xx', status: 502, expect: /Service temporarily unavailable/ },
			{ kind: 'drop', expect: /may or may not have taken effect/ },
		]) {
			const from = Date.now();
			ctx.sim.injectFault({ route: `^POST ${API}/create$`, kind: fault.kind, status: fault.status, times: 1 });
			const execution = await runOnce(ctx, id, path, items(2));
			const out = outputOf(execution, 'Create');
			assertClear(out[0].json.error, `Create item 0 (${fault.kind})`);
			assert.match(`${out[0].json.error} ${out[0].json.description}`, fault.expect);
			assert.equal(typeof out[1].json.requestPk, 'number', JSON.stringify(out[1].json));
			assert.equal(calls(ctx, 'POST', /\/create$/, from).length, 2, `create calls (${fault.kind})`);
		}
	});

	test('reads recover from a 5xx, a 429 and a dropped connection in a row (4th attempt)', async (ctx) => {
		// a signed document to read
		const prep = await ctx.n8n.deploy(batchFlow(ctx, 'rel-prep'));
		const done = await runOnce(ctx, prep, 'rel-prep', items(1));
		const pk = outputOf(done, 'Create')[0].json.requestPk;
		const uid = outputOf(done, 'Upload')[0].json.documents[0].uid;
		assert.equal(ctx.sim.getRequest(pk).status, 'ISSUED');
		ctx.signedDocument = { pk, uid };

		const path = 'rel-read';
		const id = await ctx.n8n.deploy(
			wf.chainWorkflow('Reliability read', [
				wf.webhook(path),
				wf.oneShot(
					'Download',
					{
						resource: 'document',
						operation: 'download',
						requestPk: '={{ $json.body.pk }}',
						documentUid: '={{ $json.body.uid }}',
						documentType: 'signed',
						binaryPropertyName: 'data',
					},
					ctx.credential,
					{ continueOnFail: true },
				),
			]),
		);
		const route = `^GET ${API}/document/${pk}/`;
		let from = Date.now();
		ctx.sim.injectFault({ route, kind: '5xx', times: 1 });
		ctx.sim.injectFault({ route, kind: '429', times: 1 });
		ctx.sim.injectFault({ route, kind: 'drop', times: 1 });
		let execution = await runOnce(ctx, id, path, { pk, uid });
		let out = outputOf(execution, 'Download')[0];
		assert.equal(out.json.error, undefined, `Download failed: ${JSON.stringify(out.json)}`);
		assert.equal(out.binary?.data?.mimeType, 'application/pdf');
		const attempts = calls(ctx, 'GET', new RegExp(`/document/${pk}/`), from).map((c) => c.status);
		assert.deepEqual(attempts, [503, 429, 0, 200], `attempts: ${attempts}`);

		// a burst longer than the retries: a clear error after exactly 4 attempts, no hang
		from = Date.now();
		ctx.sim.injectFault({ route, kind: '5xx', times: 10 });
		const t = Date.now();
		execution = await runOnce(ctx, id, path, { pk, uid });
		const elapsed = Date.now() - t;
		out = outputOf(execution, 'Download')[0];
		assertClear(out.json.error, 'Download after a long burst');
		assert.match(out.json.error, /Service temporarily unavailable/);
		assert.equal(calls(ctx, 'GET', new RegExp(`/document/${pk}/`), from).length, 4, 'attempts of a read');
		assert.ok(elapsed < 30_000, `a failing read took ${elapsed} ms`);
		ctx.sim.clearFaults();
	});

	test('slow answers: a slow read still succeeds; a slow Sign is cut by the workflow timeout the user set, and not repeated', async (ctx) => {
		const path = 'rel-slow-read';
		const id = await ctx.n8n.deploy(
			wf.chainWorkflow('Reliability slow read', [
				wf.webhook(path),
				wf.oneShot('Tokens', { resource: 'token', operation: 'getMany', returnAll: true }, ctx.credential),
			]),
		);
		ctx.sim.injectFault({ route: `^GET ${API}/tokens$`, kind: 'slow', delayMs: 2500, times: 1 });
		const execution = await runOnce(ctx, id, path, {});
		assert.equal(execution.status, 'success');
		assert.ok(outputOf(execution, 'Tokens').length >= 1);

		// Settings → Timeout Workflow: 8 s; the sign call takes 30 s
		const slowPath = 'rel-slow-sign';
		const slowId = await ctx.n8n.deploy(batchFlow(ctx, slowPath, { settings: { executionTimeout: 8 } }));
		const pk = await nextPk(ctx.sim);
		const from = Date.now();
		ctx.sim.injectFault({ route: `^POST ${API}/sign/${pk}/?$`, kind: 'slow', delayMs: 30_000, times: 1 });
		const t = Date.now();
		const slow = await runOnce(ctx, slowId, slowPath, items(1), { timeoutMs: 60_000 });
		const elapsed = Date.now() - t;
		ctx.timings.slowSignEndedAfterMs = elapsed;
		assert.notEqual(slow.status, 'success', 'the execution should not succeed');
		assert.ok(elapsed < 25_000, `the execution ended after ${elapsed} ms; its timeout is 8 s`);
		const message = JSON.stringify(session.runData(slow).error || {});
		assertClear(session.runData(slow).error?.message, 'timed-out execution');
		assert.match(message, /timed? ?out|cancel/i, message.slice(0, 300));
		await n8n.sleep(500);
		assert.ok(calls(ctx, 'POST', new RegExp(`/sign/${pk}/?$`), from).length <= 1, 'sign repeated');
		ctx.sim.clearFaults();
	});

	test("Sign's Time Limit (checking the Optimizer) ends with a clear error, also when the Optimizer answers slowly", async (ctx) => {
		const path = 'rel-limit';
		const id = await ctx.n8n.deploy(
			batchFlow(ctx, path, {
				asyncMode: true,
				sign: { completionSignal: 'poll', pollIntervalSeconds: 1, waitTimeoutMinutes: 0.1 },
			}),
		);
		ctx.sim.options.asyncSignDelayMs = 600_000;
		try {
			const pk = await nextPk(ctx.sim);
			// every signed-copy check answers after 4 s
			ctx.sim.injectFault({ route: `^GET ${API}/document/${pk}/`, kind: 'slow', delayMs: 4000, times: 0 });
			const t = Date.now();
			const execution = await runOnce(ctx, id, path, items(1), { timeoutMs: 90_000 });
			const signStarted = Date.now() - t;
			const out = outputOf(execution, 'Sign')[0];
			assertClear(out.json.error, 'Sign after the time limit');
			assert.match(out.json.error, /were not signed within 0\.1 minutes/);
			const runs = session.runData(execution).runData.Sign;
			const signMs = runs[runs.length - 1].executionTime;
			ctx.timings.signLimitMs = signMs;
			// the limit is 6 s; one check in flight when it passes may add up to its own duration
			assert.ok(signMs < 6000 + 4000 + 3000, `Sign ran ${signMs} ms with a 6 s limit (run ${signStarted} ms)`);
		} finally {
			ctx.sim.options.asyncSignDelayMs = 300;
			ctx.sim.clearFaults();
		}
	});

	test('duplicate and out-of-order callbacks: the parked Sign resumes once; every distinct notice reaches the trigger', async (ctx) => {
		const token = 'reliability-trigger-token-0123456789';
		ctx.secrets.push(['trigger secret token', token]);
		const trigger = wf.oneShotTrigger({ secretToken: token, options: { deduplicate: true } });
		const triggerId = await ctx.n8n.deploy(wf.chainWorkflow('Reliability notices', [trigger, wf.noOp()]));
		const triggerUrl = `${ctx.n8n.webhookBaseUrl}/webhook/${trigger.webhookId}/oneshot?token=${token}`;
		await ctx.n8n.waitForRoute(`${trigger.webhookId}/oneshot`);

		// requests whose notices go to the trigger, signed with a poll-mode Sign
		const viaTrigger = await ctx.n8n.deploy(
			batchFlow(ctx, 'rel-dup-flow', {
				asyncMode: true,
				callbackUrl: `=${triggerUrl}&crm={{ $json.n }}`,
				sign: { completionSignal: 'poll', pollIntervalSeconds: 1, waitTimeoutMinutes: 1 },
			}),
		);
		// the parked flow: notices go to the execution itself
		const parked = await ctx.n8n.deploy(
			batchFlow(ctx, 'rel-dup-parked', {
				asyncMode: true,
				callbackUrl: '={{ $execution.resumeUrl }}',
				sign: { completionSignal: 'callback', waitTimeoutMinutes: 1, returnSignedDocuments: true },
			}),
		);
		const pks = [];
		for (const mode of ['duplicateCallbacks', 'outOfOrderCallbacks']) {
			ctx.sim.options.duplicateCallbacks = mode === 'duplicateCallbacks';
			ctx.sim.options.outOfOrderCallbacks = mode === 'outOfOrderCallbacks';
			const execution = await runOnce(ctx, viaTrigger, 'rel-dup-flow', items(2), { timeoutMs: 90_000 });
			const signed = outputOf(execution, 'Sign');
			for (const item of signed) assert.equal(item.json.signed, true, `${mode}: ${JSON.stringify(item.json)}`);
			pks.push(...outputOf(execution, 'Create').map((i) => i.json.requestPk));

			const parkedRun = await runOnce(ctx, parked, 'rel-dup-parked', items(1), { timeoutMs: 90_000 });
			assert.equal(parkedRun.status, 'success', `${mode}: parked flow ${parkedRun.status}`);
			const out = outputOf(parkedRun, 'Sign')[0];
			assert.equal(out.json.signed, true, `${mode}: ${JSON.stringify(out.json)}`);
			const parkedPk = outputOf(parkedRun, 'Create')[0].json.requestPk;
			// all of the parked request's notices delivered, one resumed it (the rest: 409 or ignored)
			await waitUntil(() => ctx.sim.callbacks.filter((c) => c.pk === parkedPk).length >= (mode === 'duplicateCallbacks' ? 6 : 3), 15_000);
			const resumedBy = ctx.sim.callbacks.filter((c) => c.pk === parkedPk && c.statusCode === 200 && c.requestStatus === 'ISSUED');
			assert.ok(resumedBy.length >= 1, `${mode}: no ISSUED notice accepted`);
			const executionsOfParked = await ctx.n8n.executions({ workflowId: parked });
			assert.equal(executionsOfParked.length, pks.length / 2, `${mode}: one execution per parked run`);
		}
		ctx.sim.options.duplicateCallbacks = false;
		ctx.sim.options.outOfOrderCallbacks = false;
		// every notice delivered (6 per request with duplicates, 3 otherwise)
		await waitUntil(() => ctx.sim.callbacks.filter((c) => pks.includes(c.pk)).length >= 2 * 6 + 2 * 3, 20_000);
		const list = await ctx.n8n.settle(triggerId, { timeoutMs: 60_000, settleMs: 3000 });
		const full = await Promise.all(list.map((e) => ctx.n8n.execution(e.id)));
		const seen = full.map((e) => {
			const item = outputOf(e, 'One-Shot Trigger')[0].json;
			return `${item.requestPk}:${item.status}`;
		});
		const expected = pks.flatMap((pk) => ['CREATED', 'ENROLLREADY', 'ISSUED'].map((s) => `${pk}:${s}`));
		// none lost, nothing foreign (the exact count with duplicates is checked by load.js)
		assert.deepEqual([...new Set(seen)].sort(), [...expected].sort(), 'distinct notices that started the trigger');
		ctx.timings.duplicateNoticeExecutions = { distinct: expected.length, executions: seen.length };
		await ctx.n8n.unpublish(triggerId);
	});

	test('Optimizer restart: a read during the outage recovers; a longer outage gives a clear error; a write whose connection the restart broke is not repeated', async (ctx) => {
		const path = 'rel-restart-read';
		const id = await ctx.n8n.deploy(
			wf.chainWorkflow('Reliability restart read', [
				wf.webhook(path),
				wf.oneShot('Tokens', { resource: 'token', operation: 'getMany', returnAll: true }, ctx.credential, {
					continueOnFail: true,
				}),
			]),
		);
		// down for 1.2 s while the read runs: its retries (0.5 s, 1 s, 2 s) reach the new Optimizer
		await ctx.sim.close();
		let after = await ctx.n8n.lastExecutionId();
		let res = await ctx.n8n.trigger(path, {});
		assert.equal(res.status, 200);
		await n8n.sleep(1200);
		await startAgain(ctx);
		let execution = await ctx.n8n.waitForExecution(id, { after });
		let out = outputOf(execution, 'Tokens');
		assert.equal(out[0].json.error, undefined, `read across a restart: ${JSON.stringify(out[0].json)}`);
		assert.ok(out.some((t) => t.json.tokenUid === ctx.sim.sandboxToken), JSON.stringify(out.map((t) => t.json)));

		// down for longer than the retries last (about 3.5 s): a clear error, then nothing more
		await ctx.sim.close();
		after = await ctx.n8n.lastExecutionId();
		const t = Date.now();
		res = await ctx.n8n.trigger(path, {});
		execution = await ctx.n8n.waitForExecution(id, { after, timeoutMs: 30_000 });
		const elapsed = Date.now() - t;
		out = outputOf(execution, 'Tokens');
		assertClear(out[0].json.error, 'read while the Optimizer is down');
		assert.match(out[0].json.error, /Could not connect|connect/i, out[0].json.error);
		assert.ok(elapsed < 20_000, `a read against a stopped Optimizer took ${elapsed} ms`);
		await startAgain(ctx);

		// the restart breaks a Sign call in flight: clear "may or may not" error, never re-sent
		const signPath = 'rel-restart-sign';
		const signId = await ctx.n8n.deploy(batchFlow(ctx, signPath));
		const pk = await nextPk(ctx.sim);
		ctx.sim.injectFault({ route: `^POST ${API}/sign/${pk}/?$`, kind: 'slow', delayMs: 3000, times: 1 });
		after = await ctx.n8n.lastExecutionId();
		const from = Date.now();
		res = await ctx.n8n.trigger(signPath, items(1));
		assert.equal(res.status, 200);
		// wait until the OTP went through (Sign is next), then restart while Sign waits for its answer
		await waitUntil(() => calls(ctx, 'POST', new RegExp(`/otp/${pk}$`), from).length === 1, 30_000);
		await n8n.sleep(1000);
		await ctx.restartSimulator({ downMs: 500 });
		execution = await ctx.n8n.waitForExecution(signId, { after, timeoutMs: 60_000 });
		out = outputOf(execution, 'Sign');
		assertClear(out[0].json.error, 'Sign broken by the restart');
		assert.match(`${out[0].json.error} ${out[0].json.description}`, /may or may not have taken effect/);
		await n8n.sleep(3000); // the old Optimizer finishes the call it had read
		assert.equal(calls(ctx, 'POST', new RegExp(`/sign/${pk}/?$`), from).length, 1, 'sign calls across the restart');
	});
}

async function startAgain(ctx) {
	const { startSimulator } = require('../simulator');
	const sim = await startSimulator({ port: ctx.simPort, asyncSignDelayMs: 300, callbackDelayMs: 5 });
	ctx.sims.push(sim);
	ctx.sim = sim;
}

async function waitUntil(check, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${check}`);
		await n8n.sleep(200);
	}
}

module.exports = { register, batchFlow, runOnce, items, assertClear, calls, nextPk, waitUntil };
