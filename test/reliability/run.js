'use strict';
/**
 * Reliability tests against a real n8n 2.41.1: `node test/reliability/run.js [--keep] [--only <text>]
 * [--no-build]`.
 *
 * One n8n (fresh temporary user folder, SQLite, filesystem binary mode, random free loopback ports)
 * with this package installed as a community package, the One-Shot simulator on a fixed free port
 * (so that it can be "restarted": closed and started again on the same port) and a small file
 * server. Suites, in this order:
 *
 *   faults.js     5xx bursts, dropped connections, slow answers, duplicate and out-of-order
 *                 callbacks, an Optimizer restart mid-flow
 *   load.js       1,000 callbacks for 200 requests at concurrency 50 into a published trigger
 *   bad-input.js  a generated corpus of malformed callbacks and request parameters
 *   hostile.js    the public URLs faced as an attacker would: unprotected trigger, forged callbacks,
 *                 echoed short and padded secrets (issue 13)
 *   secrets.js    no secret in any execution data, error or n8n log of the whole run (last)
 *
 * Ends with `reliability: N passed, N failed` and exit code 1 when anything failed. Everything it
 * starts is stopped, also on failure or Ctrl-C. The temporary folder (.reliability/run-*) is removed
 * after a green run and kept after a red one or with --keep.
 */
const fs = require('fs');
const http = require('http');
const path = require('path');

const session = require('./lib/session');
const { n8n } = session;

const argv = process.argv.slice(2);
const KEEP = argv.includes('--keep');
const BUILD = !argv.includes('--no-build');
const ONLY = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
const ROOT = path.join(n8n.REPO_ROOT, '.reliability');

const SUITES = ['faults', 'load', 'bad-input', 'hostile', 'secrets'];

function log(line) {
	console.log(line);
}

// ---------------------------------------------------------------------------------------------
// Fixtures

function pdf(label, padding = 0) {
	const text =
		'%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n' +
		`3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n% ${label}\n${'%'.repeat(padding)}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`;
	return Buffer.from(text, 'latin1');
}

const FILES = {
	'/contract.pdf': { body: pdf('Reliability contract', 2000), type: 'application/pdf', name: 'contract.pdf' },
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
// Set-up and tear-down

const SIM_OPTIONS = { asyncSignDelayMs: 300, callbackDelayMs: 5 };

async function startSim(ctx) {
	const { startSimulator } = require('../simulator');
	const sim = await startSimulator({ port: ctx.simPort, ...SIM_OPTIONS });
	ctx.sims.push(sim);
	ctx.sim = sim;
	return sim;
}

async function setup(ctx) {
	const started = Date.now();
	const prepared = await session.prepare({ root: ROOT, name: 'run', build: BUILD, log });
	Object.assign(ctx, prepared);
	const ports = [];
	for (let i = 0; i < 2; i++) ports.push(await n8n.freePort(ports));
	[ctx.simPort, ctx.filesPort] = ports;
	ctx.sims = [];
	await startSim(ctx);
	ctx.files = await startFileServer(ctx.filesPort);
	ctx.filesUrl = `http://${n8n.HOST}:${ctx.filesPort}`;
	log(`Starting n8n (simulator ${ctx.simPort}, files ${ctx.filesPort}); folder ${path.relative(n8n.REPO_ROOT, ctx.dir)} ...`);
	ctx.n8n = await session.startInstance({ ...prepared, label: 'n8n', log });
	ctx.logFiles = ctx.n8n.logFiles;
	ctx.credential = await ctx.n8n.createCredential('One-Shot simulator', n8n.simulatorCredentialData(ctx.sim));
	ctx.raoCredential = await ctx.n8n.createCredential(
		'One-Shot simulator (RAO user)',
		n8n.simulatorCredentialData(ctx.sim, {
			token: '',
			username: ctx.sim.rao.username,
			password: ctx.sim.rao.password,
			pin: ctx.sim.rao.pin,
		}),
	);
	// this n8n's own API, for the signing page's data table (Sign via Signing Page version 3)
	const n8nApiKey = await n8n.createApiKey(ctx.n8n.baseUrl, ctx.n8n.cookie, 'signing pages');
	const n8nApi = await ctx.n8n.api.post('/credentials', {
		name: 'This n8n',
		type: 'uanatacaOneShotN8nApi',
		data: { baseUrl: ctx.n8n.baseUrl, apiKey: n8nApiKey },
	});
	ctx.n8nApiCredential = { id: n8nApi.id, name: n8nApi.name };
	// every secret the suite uses; secrets.js checks that none of them leaks
	ctx.secrets = [
		['billing password', ctx.sim.billing.password],
		['billing password (Base64)', Buffer.from(ctx.sim.billing.password, 'utf8').toString('base64')],
		['RAO token', ctx.sim.sandboxToken],
		['RAO password', ctx.sim.rao.password],
		['RAO PIN', ctx.sim.rao.pin],
		['n8n API key', n8nApiKey],
	];
	/** Restarts the Optimizer: close (connections in flight break), down for `downMs`, start again on the same port (state lost). */
	ctx.restartSimulator = async ({ downMs = 1000, beforeStart } = {}) => {
		const old = ctx.sim;
		await old.close();
		await n8n.sleep(downMs);
		if (beforeStart) await beforeStart();
		return await startSim(ctx);
	};
	/** Every API call seen by every simulator of the run (a restart starts a new log). */
	ctx.allCalls = () => ctx.sims.flatMap((s) => s.requestLog);
	ctx.timings = {};
	log(`n8n ready in ${Math.round((Date.now() - started) / 1000)} s (provisioning and build included).`);
}

async function teardown(ctx, failed) {
	const problems = [];
	if (ctx.n8n?.handle) {
		const exit = await ctx.n8n.handle.stop(30_000).catch((error) => problems.push(`n8n: ${error.message}`));
		if (exit && exit.signal === 'SIGKILL') problems.push('n8n had to be killed (did not stop within 30 s)');
	}
	for (const sim of ctx.sims || []) await sim.close().catch(() => undefined);
	if (ctx.files) await new Promise((resolve) => ctx.files.close(() => resolve()));
	if (ctx.dir) {
		if (failed || KEEP) log(`Kept ${path.relative(n8n.REPO_ROOT, ctx.dir)} (n8n user folder, logs) for inspection.`);
		else fs.rmSync(ctx.dir, { recursive: true, force: true });
	}
	for (const p of problems) log(`teardown: ${p}`);
}

// ---------------------------------------------------------------------------------------------

async function main() {
	const tests = [];
	for (const suite of SUITES) {
		require(`./${suite}`).register((name, fn) => tests.push({ suite, name: `${suite}: ${name}`, fn }));
	}
	const selected = ONLY ? tests.filter((t) => t.name.includes(ONLY)) : tests;
	if (!selected.length) {
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
			console.log(`reliability: ${passed} passed, ${selected.length - passed} failed`);
			process.exit(130);
		});
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);

	const t0 = Date.now();
	try {
		await setup(ctx);
	} catch (error) {
		console.error(`\nSet-up failed: ${error instanceof Error ? error.stack || error.message : error}`);
		if (ctx.n8n?.handle) console.error(`Last lines of the n8n log:\n${ctx.n8n.handle.logTail(40)}`);
		await teardown(ctx, true);
		console.log(`reliability: 0 passed, ${selected.length} failed`);
		process.exit(1);
	}
	const suiteTimes = {};
	for (const t of selected) {
		if (interrupted) return;
		const started = Date.now();
		try {
			// the simulator as the suite expects it: defaults, no faults left over from a failed test
			ctx.sim.clearFaults();
			Object.assign(ctx.sim.options, { duplicateCallbacks: false, outOfOrderCallbacks: false, callbackRetries: 0, ...SIM_OPTIONS });
			await t.fn(ctx);
			passed++;
			log(`  ok   ${t.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
		} catch (error) {
			failed++;
			log(`  FAIL ${t.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
			log(`       ${String(error && error.stack ? error.stack : error).split('\n').slice(0, 12).join('\n       ')}`);
		}
		suiteTimes[t.suite] = (suiteTimes[t.suite] || 0) + (Date.now() - started);
	}
	if (failed > 0 && ctx.n8n?.handle) log(`Last lines of the n8n log:\n${ctx.n8n.handle.logTail(20)}`);
	await teardown(ctx, failed > 0);
	log(
		`reliability took ${Math.round((Date.now() - t0) / 1000)} s (${Object.entries(suiteTimes)
			.map(([s, ms]) => `${s} ${Math.round(ms / 1000)} s`)
			.join(', ')}; the rest is set-up)`,
	);
	console.log(`reliability: ${passed} passed, ${failed} failed`);
	process.exit(failed > 0 ? 1 : 0);
}

module.exports = { pdf, FILES };

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
