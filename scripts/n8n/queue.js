'use strict';
/**
 * n8n in queue mode on this machine, with this package installed in every process, and the checks
 * of docs/queue-mode.md: `node scripts/n8n/queue.js [--keep] [--no-build] [--flows 6] [--requests 200]`.
 *
 * Topology (loopback only, random free ports, never 5679, temporary folder .queue/run-*):
 *   PostgreSQL (Debian's postgresql; initdb into the temporary folder, run as the `postgres` user
 *   when this runs as root) · Redis (Debian's redis-server, no persistence) · n8n main (editor,
 *   public API; N8N_DISABLE_PRODUCTION_MAIN_PROCESS=true) · one `n8n webhook` process (production
 *   and waiting webhooks) · two `n8n worker` processes (run the executions). EXECUTIONS_MODE=queue,
 *   binary data mode `database`, one N8N_ENCRYPTION_KEY, a task-broker port per process.
 *
 * Checks: (1) parked asynchronous signing flows (Sign waits for the callback to
 * {{ $execution.resumeUrl }}, served by the webhook process) all finish signed, and the log lines
 * "Worker started execution" show which worker ran each part; (2) the callback load of the
 * reliability suite (1,000 callbacks for 200 requests at concurrency 50) into the published
 * trigger: nothing lost, and how many duplicates started; (3) the relay; (4) a signing page
 * (node version 3, progress in a data table) used on the webhook process and then on a second
 * webhook process started for it. Prints `queue: N passed, N failed`.
 * Installs postgresql and redis-server with apt-get when they are missing and this runs as root.
 */
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const n8n = require('./instance');
const session = require('../../test/reliability/lib/session');
const wf = require('../../test/reliability/lib/workflows');
const load = require('../../test/reliability/load');
const bench = require('../../bench/lib/common');

const argv = process.argv.slice(2);
const KEEP = argv.includes('--keep');
const BUILD = !argv.includes('--no-build');
const FLOWS = argv.includes('--flows') ? Number(argv[argv.indexOf('--flows') + 1]) : 20;
const REQUESTS = argv.includes('--requests') ? Number(argv[argv.indexOf('--requests') + 1]) : 200;
const ROOT = path.join(n8n.REPO_ROOT, '.queue');
const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
const DB_PASSWORD = 'n8n-queue-db-password';
const ENCRYPTION_KEY = 'queue-mode-shared-encryption-key-0123456789';

function log(line) {
	console.log(line);
}

function sh(command, args, options = {}) {
	const r = spawnSync(command, args, { encoding: 'utf8', timeout: 600_000, ...options });
	if (r.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${(r.stderr || '') + (r.stdout || '')}`.trim());
	return r.stdout;
}

/** As the `postgres` user when root (PostgreSQL refuses to run as root), else as oneself. */
function asPostgres(command, args, options) {
	return IS_ROOT ? sh('runuser', ['-u', 'postgres', '--', command, ...args], options) : sh(command, args, options);
}

function findPgBin() {
	const base = '/usr/lib/postgresql';
	if (!fs.existsSync(base)) return undefined;
	const versions = fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(base, versions[0], 'bin') : undefined;
}

function which(binary) {
	return spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' }).stdout.trim() || undefined;
}

function ensurePackages() {
	let pgBin = findPgBin();
	let redis = which('redis-server');
	if (pgBin && redis) return { pgBin, redis };
	if (!IS_ROOT) throw new Error('PostgreSQL and Redis are needed: sudo apt-get install -y postgresql redis-server');
	log('Installing postgresql and redis-server (apt-get) ...');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	sh('apt-get', ['update', '-qq'], { env });
	sh('apt-get', ['install', '-y', '-qq', 'postgresql', 'redis-server'], { env });
	pgBin = findPgBin();
	redis = which('redis-server');
	if (!pgBin || !redis) throw new Error('postgresql or redis-server still missing after apt-get install');
	return { pgBin, redis };
}

async function startPostgres(pgBin, port) {
	// its own temporary folder: the postgres user must be able to reach it
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-pg-'));
	const data = path.join(dir, 'pgdata');
	const sockets = path.join(dir, 'pgsock');
	fs.mkdirSync(data, { recursive: true });
	fs.mkdirSync(sockets, { recursive: true });
	if (IS_ROOT) {
		fs.chmodSync(dir, 0o755);
		sh('chown', ['-R', 'postgres:postgres', data, sockets]);
	}
	asPostgres(path.join(pgBin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-instructions']);
	asPostgres(path.join(pgBin, 'pg_ctl'), ['-D', data, '-l', path.join(sockets, 'postgres.log'), '-w', '-t', '60', '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${sockets} -c fsync=off -c max_connections=200`, 'start']);
	const psql = (sql) => sh('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', sql]);
	psql(`CREATE ROLE n8n LOGIN PASSWORD '${DB_PASSWORD}'`);
	psql('CREATE DATABASE n8n OWNER n8n');
	return {
		port,
		stop: () => {
			try {
				asPostgres(path.join(pgBin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
			} catch (error) {
				log(`postgres stop: ${error.message}`);
			}
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

async function startRedis(redisBin, dir, port) {
	const child = spawn(redisBin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'], {
		stdio: ['ignore', fs.openSync(path.join(dir, 'redis.log'), 'a'), fs.openSync(path.join(dir, 'redis.log'), 'a')],
	});
	const deadline = Date.now() + 20_000;
	while (!(await n8n.portInUse(port))) {
		if (Date.now() > deadline || child.exitCode !== null) throw new Error(`redis-server did not start (see ${dir}/redis.log)`);
		await n8n.sleep(200);
	}
	return {
		port,
		stop: async () => {
			if (child.exitCode !== null) return;
			child.kill('SIGTERM');
			await Promise.race([new Promise((r) => child.once('exit', r)), n8n.sleep(10_000)]);
			if (child.exitCode === null) child.kill('SIGKILL');
		},
	};
}

/** Which worker ran which execution: "Worker started execution <id>" in each worker's log. */
function workerRuns(workers) {
	const runs = new Map(); // execution id → [worker names in order]
	for (const w of workers) {
		const text = fs.existsSync(w.logFile) ? fs.readFileSync(w.logFile, 'utf8') : '';
		for (const m of text.matchAll(/Worker started execution (\d+) \(job (\d+)\)/g)) {
			const list = runs.get(m[1]) || [];
			list.push(w.name);
			runs.set(m[1], list);
		}
	}
	return runs;
}

function signingFlow(credential, files, sim) {
	return wf.chainWorkflow('Queue mode: parked signing', wf.parkedSigningNodes('queue-signing', credential, files.url, sim.url));
}

const stops = [];
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, async () => {
		if (stopping) return;
		stopping = true;
		log(`\n${signal}: stopping every process of the topology ...`);
		for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => undefined);
		process.exit(130);
	});
}

/** Webhook → Get PDF → Create (asynchronous) → Upload → Sign via Signing Page (version 3). */
function pageFlow(credential, n8nApiCredential, fileUrl) {
	const page = wf.oneShot('Sign via page', { resource: 'request', operation: 'signViaPage', requestPk: "={{ $('Create').item.json.requestPk }}", options: { maxAttempts: 3, waitTimeoutMinutes: 30 } }, credential);
	page.typeVersion = 3;
	page.credentials.uanatacaOneShotN8nApi = n8nApiCredential;
	return wf.chainWorkflow('Queue mode: signing page', [
		wf.webhook('queue-page'),
		wf.httpRequest('Get PDF', { url: fileUrl, file: true }),
		wf.oneShot('Create', wf.createParameters({ asyncMode: true, callbackUrl: '={{ $execution.resumeUrl }}' }), credential),
		wf.oneShot('Upload', { resource: 'document', operation: 'upload', binaryPropertyName: 'data', requestPk: "={{ $('Create').item.json.requestPk }}" }, credential),
		page,
	]);
}

/**
 * The signer's progress is shared by the webhook processes: a code and a wrong code on one, then
 * the link, the first page token and another wrong code on a second one that never saw the page.
 */
async function checkPageAcrossProcesses({ main, start, port, credential, files, sim, check }) {
	const { openPage, submit } = require('../../test/support/page-client');
	const apiKey = await n8n.createApiKey(main.baseUrl, main.cookie, 'signing pages');
	const api = await main.api.post('/credentials', { name: 'This n8n', type: 'uanatacaOneShotN8nApi', data: { baseUrl: main.baseUrl, apiKey } });
	const id = await main.deploy(pageFlow(credential, { id: api.id, name: api.name }, files.url));
	const after = await main.lastExecutionId();
	await main.trigger('queue-page', {});
	const parked = await main.waitForExecution(id, { after, statuses: ['waiting', 'error', 'success'], timeoutMs: 120_000 });
	const link = session.outputOf(parked, 'Create')[0]?.json?.signingPageUrl;
	check('signing page: a worker parked the execution at the page (table and row made through the API of main)', parked.status === 'waiting' && !!link, `${parked.status} ${JSON.stringify(session.runData(parked).error?.message ?? '')}`);
	if (!link) return;
	const pk = session.outputOf(parked, 'Create')[0].json.requestPk;
	const otpCalls = () => sim.requestLog.filter((r) => r.method === 'POST' && r.path === `/oneshot/api/v1/otp/${pk}`).length;
	const review = await openPage(link);
	let page = (await submit(link, { token: review.page.token, action: 'send', read: '1' })).page;
	page = (await submit(link, { token: page.token, action: 'sign', code: '9999999' })).page;
	const first = page.notice;
	const [p, broker] = [await port(), await port()];
	await start('webhook-2', 'webhook', p, broker, {}, [], async () => (await fetch(`http://${n8n.HOST}:${p}/healthz`, { signal: AbortSignal.timeout(3000) })).ok);
	const other = link.replace(/^http:\/\/[^/]+/, `http://${n8n.HOST}:${p}`);
	// its health check answers before its webhook routes exist: wait (bounded) for the page
	let reopened = await openPage(other);
	for (let tries = 0; reopened.status === 404 && tries < 60; tries++) {
		await n8n.sleep(1000);
		reopened = await openPage(other);
	}
	const replay = await submit(other, { token: review.page.token, action: 'send', read: '1' });
	page = (await submit(other, { token: reopened.page.token, action: 'sign', code: '9999998' })).page;
	check(
		'signing page: on a second webhook process the link shows the code sent, the first token sends no new code, the attempts go on',
		/Attempts left: 2\./.test(String(first)) && reopened.page.state === 'codeSent' && otpCalls() === 1 && /Attempts left: 1\./.test(String(page.notice)),
		`first process: ${first}; second: ${reopened.page.state}, replay ${replay.status} ${replay.page.state}, ${otpCalls()} code(s) sent, then ${page.state} ${page.notice}`,
	);
	const tables = await main.api.get('/data-tables');
	const table = tables.data.find((t) => t.name === 'Uanataca One-Shot Signing Pages');
	const rows = table ? (await main.api.get(`/data-tables/${table.id}/rows?limit=250`)).data : [];
	const row = rows.find((r) => String(r.page).startsWith(`${parked.id}.`));
	check('signing page: the row in PostgreSQL holds 1 code and 2 attempts', row?.sends === 1 && row?.attempts === 2, JSON.stringify(row ?? rows));
	await main.api.post(`/executions/${parked.id}/stop`, {}, { expect: [200, 404, 409] }).catch(() => undefined);
}

async function main() {
	const t0 = Date.now();
	const results = [];
	const check = (name, ok, detail = '') => {
		results.push(ok);
		log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
	};
	let failedSetup = false;
	let dir;
	try {
		const { pgBin, redis } = ensurePackages();
		const prepared = await session.prepare({ root: ROOT, name: 'run', build: BUILD, log });
		dir = prepared.dir;
		const ports = [];
		const port = async () => {
			const p = await n8n.freePort(ports);
			ports.push(p);
			return p;
		};
		const [pgPort, redisPort, mainPort, mainBroker, webhookPort, webhookBroker] = [await port(), await port(), await port(), await port(), await port(), await port()];
		const workerPorts = [[await port(), await port()], [await port(), await port()]];
		log(`Queue mode in ${path.relative(n8n.REPO_ROOT, dir)}: PostgreSQL ${pgPort}, Redis ${redisPort}, main ${mainPort}, webhook ${webhookPort}, workers ${workerPorts.map((p) => p[0]).join(', ')} (health)`);

		const pg = await startPostgres(pgBin, pgPort);
		stops.push(async () => pg.stop());
		const rd = await startRedis(redis, dir, redisPort);
		stops.push(() => rd.stop());

		const webhookUrl = `http://${n8n.HOST}:${webhookPort}`;
		const shared = {
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(pgPort),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: DB_PASSWORD,
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redisPort),
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			N8N_DEFAULT_BINARY_DATA_MODE: 'database',
			N8N_WEBHOOK_URL: `${webhookUrl}/`,
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		};
		log('Starting n8n main (migrations on PostgreSQL) ...');
		const main = await session.startInstance({ ...prepared, label: 'main', port: mainPort, brokerPort: mainBroker, env: shared, logLevel: 'info', log });
		stops.push(() => main.handle.stop(30_000));
		const owner = { ...session.OWNER, passwordHash: n8n.ownerPasswordHash(prepared.provisioned, session.OWNER.password) };
		const start = async (name, command, p, broker, extra = {}, args = [], ready) => {
			const home = path.join(dir, name);
			n8n.installPackage(home, prepared.tarball);
			const logFile = path.join(dir, `${name}.log`);
			const handle = await n8n.startN8n({ provisioned: prepared.provisioned, home, port: p, brokerPort: broker, logFile, owner, logLevel: 'info', extra: { ...shared, ...extra }, command, args, ready, log });
			stops.push(() => handle.stop(30_000));
			return { name, handle, logFile };
		};
		log('Starting the webhook process and two workers ...');
		const ok = (url) => async () => (await fetch(url, { signal: AbortSignal.timeout(3000) })).ok;
		const [webhook, ...workers] = await Promise.all([
			start('webhook', 'webhook', webhookPort, webhookBroker, {}, [], ok(`${webhookUrl}/healthz`)),
			...workerPorts.map(([health, broker], i) =>
				start(`worker-${i + 1}`, 'worker', health, broker, { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(health), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' }, ['--concurrency=10'], ok(`http://127.0.0.1:${health}/healthz/readiness`)),
			),
		]);
		void webhook;
		main.webhookBaseUrl = webhookUrl;
		log(`Ready in ${Math.round((Date.now() - t0) / 1000)} s.`);

		const { startSimulator } = require('../../test/simulator');
		// a sender that retries like webhook senders do: a completion notice that arrives while the
		// worker is still finishing the run that parks the execution is answered 409 by n8n
		const sim = await startSimulator({ asyncSignDelayMs: 1500, callbackDelayMs: 1000, callbackRetries: 5 });
		stops.push(() => sim.close());
		const files = await bench.startFileServer(bench.pdfOf('queue mode', 3000));
		stops.push(() => files.close());
		const credential = await main.createCredential('One-Shot simulator', n8n.simulatorCredentialData(sim));

		// (1) parked signing flows
		const flowId = await main.deploy(signingFlow(credential, files, sim));
		const answers = [];
		for (let i = 0; i < FLOWS; i++) answers.push(main.trigger('queue-signing', { flow: i }));
		const statuses = (await Promise.all(answers)).map((r) => r.status);
		check(`${FLOWS} signing flows started through the webhook process`, statuses.every((s) => s === 200), JSON.stringify(statuses));
		const flows = await main.settle(flowId, { count: FLOWS, timeoutMs: 240_000 }).catch((error) => {
			log(`    ISSUED deliveries: ${JSON.stringify(sim.callbacks.filter((cb) => cb.requestStatus === 'ISSUED').map((cb) => [cb.pk, cb.attempt, cb.statusCode ?? cb.error]))}`);
			throw error;
		});
		const completions = sim.callbacks.filter((cb) => cb.requestStatus === 'ISSUED');
		const slowest = completions.reduce((m, cb) => Math.max(m, cb.durationMs), 0);
		log(`    completion notices: ${completions.length}, answered ${JSON.stringify(completions.reduce((m, cb) => ({ ...m, [cb.statusCode ?? cb.error]: (m[cb.statusCode ?? cb.error] || 0) + 1 }), {}))}, slowest answer ${slowest} ms`);
		const refused = sim.callbacks.filter((cb) => cb.requestStatus === 'ISSUED' && cb.statusCode === 409).length;
		log(`    completion notices answered 409 (execution still running, the sender retried): ${refused}`);
		const full = await Promise.all(flows.map((e) => main.execution(e.id)));
		const signed = full.filter((e) => e.status === 'success' && session.outputOf(e, 'Sign')[0]?.json?.signed === true && session.outputOf(e, 'Sign')[0]?.binary?.signed_0);
		check('every parked Sign was resumed by its callback and returned the signed PDF (binary data in the database)', signed.length === FLOWS, `${signed.length}/${FLOWS} signed; statuses ${JSON.stringify(full.map((e) => e.status))}`);
		// nothing duplicated: one execution per flow, one request each, created and signed once
		const pks = full.map((e) => session.outputOf(e, 'Create')[0]?.json?.requestPk);
		const calls = (what) => sim.requestLog.filter((r) => r.method === 'POST' && (what === 'create' ? r.path.endsWith('/create') : r.path.startsWith(`/oneshot/api/v1/${what}/`)));
		const signCalls = pks.map((pk) => calls('sign').filter((r) => r.path.endsWith(`/${pk}`)).length);
		check('nothing ran twice: one execution, one request, one create and one sign call per flow', full.length === FLOWS && new Set(pks).size === FLOWS && calls('create').length === FLOWS && signCalls.every((n) => n === 1), `${full.length} executions, ${new Set(pks).size} requests, ${calls('create').length} create calls, sign calls per request ${JSON.stringify([...new Set(signCalls)])}`);
		const runs = workerRuns(workers);
		const table = full.map((e) => `#${e.id}: ${(runs.get(String(e.id)) || []).join(' → ') || '?'}`);
		log(`    execution: worker of the first part → worker of the resumed part\n    ${table.join('\n    ')}`);
		const twoParts = full.filter((e) => (runs.get(String(e.id)) || []).length === 2).length;
		check('each flow ran in two parts on the workers (before parking, after the callback)', twoParts === FLOWS, `${twoParts}/${FLOWS}`);
		const crossed = full.filter((e) => new Set(runs.get(String(e.id)) || []).size === 2).length;
		const used = new Set([...runs.values()].flat());
		check('both workers ran executions', used.size === 2, `${[...used].join(', ')}; ${crossed} flow(s) resumed on the other worker than the one that parked them`);

		// (2) the callback load into the published trigger, on the webhook process
		const trigger = await load.deployTrigger({ n8n: main }, 'Queue mode: notifications');
		const result = await load.runLoad(main, trigger, { requests: REQUESTS, log });
		const analysis = load.analyse(result);
		const byWorker = {};
		const runs2 = workerRuns(workers);
		for (const e of result.executions) for (const w of runs2.get(String(e.id)) || ['?']) byWorker[w] = (byWorker[w] || 0) + 1;
		check(`${result.total} callbacks answered 200`, result.answers.every((a) => a.status === 200), JSON.stringify(result.answers.reduce((m, a) => ({ ...m, [a.status]: (m[a.status] || 0) + 1 }), {})));
		check('no notification lost (every distinct one started an execution, all succeeded)', analysis.lost.length === 0 && analysis.foreign.length === 0 && result.failed === 0, `${analysis.lost.length} lost, ${result.failed} not successful`);
		check('executions == distinct notifications (re-deliveries started nothing)', result.executions.length === result.distinct.size, `${result.executions.length} executions for ${result.distinct.size} distinct; ${analysis.duplicated.length} started twice`);
		log(`    executions per worker: ${JSON.stringify(byWorker)}; answers p50 ${result.p50} ms, p99 ${result.p99} ms; all finished ${(result.settleMs / 1000).toFixed(1)} s after the first callback`);

		// (3) the relay (docs/relay.md): notices to a trigger with Resume Waiting Executions on the
		// webhook process, the API of the main instance, parked flows on either worker; no retries
		sim.options.callbackRetries = 0;
		const relay = await require('../../bench/relay').deployRelayTrigger(main);
		const relayed = wf.parkedSigningNodes('queue-relayed', credential, files.url, sim.url);
		relayed.find((n) => n.name === 'Create').parameters.callbackUrl = relay.url;
		const relayedId = await main.deploy(wf.chainWorkflow('Queue mode: relayed signing', relayed));
		const since = Date.now();
		const starts = await Promise.all(Array.from({ length: FLOWS }, (_, i) => main.trigger('queue-relayed', { flow: i })));
		check(`${FLOWS} relayed signing flows started`, starts.every((r) => r.status === 200), JSON.stringify(starts.map((r) => r.status)));
		const relayedRuns = await main.settle(relayedId, { count: FLOWS, timeoutMs: 240_000 });
		const relayedFull = await Promise.all(relayedRuns.map((e) => main.execution(e.id)));
		const relayedSigned = relayedFull.filter((e) => e.status === 'success' && session.outputOf(e, 'Sign')[0]?.json?.signed === true);
		const issued = sim.callbacks.filter((cb) => cb.at >= since && cb.requestStatus === 'ISSUED');
		check('relay: every parked Sign was resumed through the trigger (webhook process → API of main → resume URL), none lost', relayedSigned.length === FLOWS && issued.every((cb) => cb.statusCode === 200), `${relayedSigned.length}/${FLOWS} signed; ISSUED answered ${JSON.stringify(issued.map((cb) => cb.statusCode ?? cb.error))}`);

		// (4) a signing page (node version 3: progress in a data table, PostgreSQL here) parked by a
		// worker, used on the webhook process, then opened on a second webhook process
		await checkPageAcrossProcesses({ main, start, port, credential, files, sim, check });
	} catch (error) {
		failedSetup = true;
		log(`\n${error instanceof Error ? error.stack : error}`);
	} finally {
		stopping = true;
		for (const stop of stops.reverse()) await Promise.resolve(stop()).catch((e) => log(`stop: ${e.message}`));
		const failed = failedSetup || results.some((r) => !r);
		if (dir) {
			if (failed || KEEP) log(`Kept ${path.relative(n8n.REPO_ROOT, dir)} (logs of every process) for inspection.`);
			else fs.rmSync(dir, { recursive: true, force: true });
		}
		log(`queue mode took ${Math.round((Date.now() - t0) / 1000)} s on ${os.cpus().length} cores`);
		const passed = results.filter(Boolean).length;
		console.log(`queue: ${passed} passed, ${results.length - passed + (failedSetup ? 1 : 0)} failed`);
		process.exit(failed ? 1 : 0);
	}
}

main();
