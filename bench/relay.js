'use strict';
/**
 * Benchmark: notices lost between the Optimizer and a parked Sign (docs/relay.md). N complete
 * asynchronous signing flows at once in a real n8n 2.41.1, the simulator signing
 * `--sign-delay-ms` after the sign call and never retrying a callback (callbackRetries 0), three
 * ways the notice can reach the parked execution:
 *
 *   resume URL    Create's Callback URL = {{ $execution.resumeUrl }} (per-request callback
 *                 straight to the execution: refused with 409 while n8n still stores it)
 *   trigger URL   Create's Callback URL = the production URL of a Uanataca One-Shot Trigger with
 *                 Resume Waiting Executions (per-request callback through the relay)
 *   RA webhook    no per-request callback: the registration authority's webhook (the simulator's
 *                 raWebhookUrl) is that trigger, as in production
 *
 * Sign: Wait for Completion, Callback to This Execution, Time Limit `--limit-minutes`. Counts how
 * the flows end (Sign's status: signed, or timedOut although the Optimizer signed) and how the
 * ISSUED notices were answered. Figures, never assertions.
 *
 *   node bench/relay.js [--flows 50] [--concurrency 50] [--sign-delay-ms 500] [--limit-minutes 1]
 *                       [--variant resume|trigger|ra] [--no-build] [--keep]
 */
const { randomUUID } = require('crypto');

const c = require('./lib/common');
const wf = require('../test/reliability/lib/workflows');

const { n8n } = c;

const FLOWS = c.arg('flows', 50);
const CONCURRENCY = c.arg('concurrency', 50);
const SIGN_DELAY_MS = c.arg('sign-delay-ms', 500);
const LIMIT_MINUTES = c.arg('limit-minutes', 1);
const ONLY = process.argv.includes('--variant')
	? process.argv[process.argv.indexOf('--variant') + 1]
	: '';
// a flow that timed out is resumed by n8n's wait tracker (every 60 s) after its limit
const FLOW_TIMEOUT_MS = LIMIT_MINUTES * 60_000 + 150_000;
const PDF = c.pdfOf('Relay benchmark contract', 20_000);

function log(line) {
	console.log(line);
}

/** The signing flow: Create's callback `callbackUrl` ('' = none), Sign parked, then "Done". */
function signingFlow(name, webhookPath, credential, files, sim, collector, callbackUrl) {
	const nodes = wf.parkedSigningNodes(webhookPath, credential, files.url, sim.url);
	const create = nodes.find((n) => n.name === 'Create');
	create.parameters.callbackUrl = callbackUrl;
	if (!callbackUrl) delete create.parameters.callbackUrl;
	const sign = nodes.find((n) => n.name === 'Sign');
	sign.parameters.options.waitTimeoutMinutes = LIMIT_MINUTES;
	return wf.chainWorkflow(name, [
		...nodes,
		wf.httpRequest('Done', {
			method: 'POST',
			url: `=${collector.url}/done/{{ $('Webhook').first().json.body.flow }}`,
		}),
	]);
}

/** The relay: credentials, and a published trigger (version 2) with Resume Waiting Executions. */
async function deployRelayTrigger(instance) {
	const token = `bench${randomUUID().replace(/-/g, '')}`;
	const apiKey = await n8n.createApiKey(instance.baseUrl, instance.cookie, 'relay');
	const auth = await instance.api.post('/credentials', {
		name: 'Relay callback token',
		type: 'uanatacaOneShotCallbackAuthApi',
		data: { method: 'token', token },
	});
	const api = await instance.api.post('/credentials', {
		name: 'This n8n (relay)',
		type: 'uanatacaOneShotN8nApi',
		data: { baseUrl: instance.baseUrl, apiKey },
	});
	const webhookId = randomUUID();
	const trigger = wf.node(
		'One-Shot notices',
		wf.TRIGGER,
		2,
		{ callbackAuthentication: 'credential', resumeWaitingExecutions: true, options: {} },
		{
			webhookId,
			credentials: {
				uanatacaOneShotCallbackAuthApi: { id: auth.id, name: auth.name },
				uanatacaOneShotN8nApi: { id: api.id, name: api.name },
			},
		},
	);
	const id = await instance.deploy(wf.chainWorkflow('Bench: relay trigger', [trigger]), {
		probePath: `${webhookId}/oneshot`,
	});
	return { id, url: `${instance.webhookBaseUrl}/webhook/${webhookId}/oneshot?token=${token}` };
}

async function runFlows(instance, collector, webhookPath, prefix) {
	const t0 = Date.now();
	const errors = [];
	await c.pool(
		Array.from({ length: FLOWS }, (_, i) => async () => {
			const flow = `${prefix}-${i}`;
			const done = collector.wait(flow, FLOW_TIMEOUT_MS);
			done.catch(() => undefined);
			const res = await instance.trigger(webhookPath, { flow }, { timeoutMs: 60_000 });
			if (res.status !== 200) errors.push(`webhook ${res.status}`);
			else await done.catch((error) => errors.push(error.message));
		}),
		CONCURRENCY,
	);
	return { wallMs: Date.now() - t0, errors };
}

/** How the flows of a workflow ended: Sign's status per execution, and the executions' status. */
async function outcomes(instance, workflowId) {
	await instance.settle(workflowId, { count: FLOWS, timeoutMs: 60_000 }).catch(() => undefined);
	const list = await instance.executions({ workflowId, includeData: true });
	const sign = {};
	const execution = {};
	for (const e of list) {
		execution[e.status] = (execution[e.status] || 0) + 1;
		const out = e.data?.resultData?.runData?.Sign?.[0]?.data?.main?.[0]?.[0]?.json;
		const key = out?.status ?? 'no output';
		sign[key] = (sign[key] || 0) + 1;
	}
	return { sign, execution };
}

/** How the ISSUED notices of `since` on were answered (status code → count). */
function issuedAnswers(sim, since) {
	const answers = {};
	for (const cb of sim.callbacks) {
		if (cb.at < since || cb.requestStatus !== 'ISSUED') continue;
		const key = String(cb.statusCode ?? cb.error ?? 'none');
		answers[key] = (answers[key] || 0) + 1;
	}
	return answers;
}

async function main() {
	const { startSimulator } = require('../test/simulator');
	const cleanup = [];
	try {
		const sim = await startSimulator({
			asyncSignDelayMs: SIGN_DELAY_MS,
			callbackDelayMs: 5,
			callbackRetries: 0,
		});
		cleanup.push(() => sim.close());
		const files = await c.startFileServer(PDF);
		cleanup.push(() => files.close());
		const collector = await c.startCollector();
		cleanup.push(() => collector.close());

		log(
			`Relay: ${FLOWS} flows at concurrency ${CONCURRENCY}, signed ${SIGN_DELAY_MS} ms after the sign call, no callback retries, Time Limit ${LIMIT_MINUTES} min`,
		);
		const run = await c.startBenchN8n('relay', { log });
		cleanup.push(() => c.stopBenchN8n(run));
		const { instance } = run;
		const credential = await instance.createCredential(
			'One-Shot simulator',
			n8n.simulatorCredentialData(sim),
		);
		const relay = await deployRelayTrigger(instance);
		const variants = [
			['resume', 'resume URL', '={{ $execution.resumeUrl }}', ''],
			['trigger', 'trigger URL', relay.url, ''],
			['ra', 'RA webhook', '', relay.url],
		].filter(([key]) => !ONLY || ONLY === key);
		const results = {};
		for (const [key, name, callbackUrl, raWebhookUrl] of variants) {
			const path = `bench-relay-${key}`;
			const id = await instance.deploy(
				signingFlow(`Bench relay: ${name}`, path, credential, files, sim, collector, callbackUrl),
			);
			sim.options.raWebhookUrl = raWebhookUrl;
			const since = Date.now();
			const flows = await runFlows(instance, collector, path, key);
			const ended = await outcomes(instance, id);
			const answers = issuedAnswers(sim, since);
			results[name] = { ...flows, ...ended, issuedAnswers: answers };
			log(
				`  ${name.padEnd(12)} Sign: ${JSON.stringify(ended.sign)}; executions: ${JSON.stringify(ended.execution)}; ISSUED notices answered: ${JSON.stringify(answers)}; ${(flows.wallMs / 1000).toFixed(1)} s${flows.errors.length ? `; ${flows.errors.length} flows not done, e.g. ${flows.errors[0]}` : ''}`,
			);
		}
		sim.options.raWebhookUrl = '';
		const started = await instance.executions({ workflowId: relay.id });
		log(`  relay trigger workflow started ${started.length} times (notices nobody waited for)`);
		const machine = c.machine(run.prepared.provisioned);
		log(`  machine: ${c.describeMachine(machine)}`);
		return { machine, results };
	} finally {
		for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
	}
}

if (require.main === module) {
	main()
		.then(() => process.exit(0))
		.catch((error) => {
			console.error(error);
			process.exit(1);
		});
}

module.exports = { main, deployRelayTrigger };
