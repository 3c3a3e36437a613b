'use strict';
/**
 * A real n8n 2.41.1 (from the provisioned cache, see provision.js) with this package installed as
 * a community package, and helpers to drive it: owner from env, API key, public API.
 * Shared by `npm start` (scripts/n8n/start.js) and the end-to-end tests (test/e2e/).
 *
 * Loopback only; every wait is bounded; `stop()` ends n8n (and its task runner) cleanly.
 */
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const path = require('path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_NAME = require(path.join(REPO_ROOT, 'package.json')).name;
const HOST = '127.0.0.1';
/** n8n's task broker default port: never used for anything here. */
const FORBIDDEN_PORT = 5679;

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A free loopback port (never 5679 nor one of `avoid`). */
async function freePort(avoid = []) {
	for (let attempt = 0; attempt < 50; attempt++) {
		const port = await new Promise((resolve, reject) => {
			const server = net.createServer();
			server.unref();
			server.on('error', reject);
			server.listen(0, HOST, () => {
				const { port: p } = server.address();
				server.close(() => resolve(p));
			});
		});
		if (port !== FORBIDDEN_PORT && !avoid.includes(port)) return port;
	}
	throw new Error('No free loopback port found');
}

/** Whether something already listens on HOST:port. */
function portInUse(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: HOST, port });
		socket.setTimeout(1000);
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('timeout', () => {
			socket.destroy();
			resolve(false);
		});
		socket.once('error', () => resolve(false));
	});
}

function assertPort(port, what) {
	if (!Number.isInteger(port) || port <= 0 || port > 65535)
		throw new Error(`${what}: invalid port ${port}`);
	if (port === FORBIDDEN_PORT) {
		throw new Error(
			`${what}: port ${FORBIDDEN_PORT} is n8n's task-broker port and is never used here; pick another.`,
		);
	}
}

function run(command, args, options = {}) {
	const r = spawnSync(command, args, {
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
		timeout: 10 * 60_000,
		...options,
	});
	if (r.status !== 0) {
		throw new Error(
			`${command} ${args.join(' ')} failed (${r.signal || r.status}):\n${(r.stderr || '') + (r.stdout || '')}`.trim(),
		);
	}
	return r.stdout;
}

/**
 * `npm run build` (unless `build: false`) and `npm pack` into `destDir`; returns the tarball path.
 */
function buildAndPack(destDir, { build = true, log = () => {} } = {}) {
	fs.mkdirSync(destDir, { recursive: true });
	if (build) {
		log('Building the package (npm run build) ...');
		run('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT });
	}
	log('Packing it (npm pack) ...');
	for (const old of fs.readdirSync(destDir))
		if (old.endsWith('.tgz')) fs.rmSync(path.join(destDir, old));
	const out = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', destDir], {
		cwd: REPO_ROOT,
	});
	const [info] = JSON.parse(out);
	// Every node and credential the manifest declares must be in the tarball (an empty dist/ would
	// otherwise only show up as "unknown node type" inside n8n).
	const manifest =
		JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).n8n || {};
	const packed = new Set(info.files.map((f) => f.path));
	const missing = [...(manifest.nodes || []), ...(manifest.credentials || [])].filter(
		(f) => !packed.has(f),
	);
	if (missing.length > 0) {
		throw new Error(
			`The packed package lacks ${missing.join(', ')}: the build did not produce them (check \`npm run build\`).`,
		);
	}
	return path.join(destDir, info.filename);
}

/**
 * Installs the packed tarball as a community package of the n8n user folder `home`:
 * `<home>/.n8n/nodes/node_modules/<name>` (node types `<name>.<node>`). Replaces an older copy.
 */
function installPackage(home, tarball) {
	const nodesDir = path.join(home, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	run('tar', ['xzf', tarball, '-C', target, '--strip-components=1']);
	const pkgJson = path.join(nodesDir, 'package.json');
	let manifest = { name: 'installed-nodes', private: true, dependencies: {} };
	try {
		manifest = JSON.parse(fs.readFileSync(pkgJson, 'utf8'));
	} catch {
		/* first install */
	}
	const { version } = JSON.parse(fs.readFileSync(path.join(target, 'package.json'), 'utf8'));
	manifest.dependencies = { ...(manifest.dependencies || {}), [PACKAGE_NAME]: version };
	fs.writeFileSync(pkgJson, JSON.stringify(manifest, null, 2) + '\n');
	return { target, version };
}

/** bcrypt hash of the owner's password, made with the bcryptjs that n8n itself uses. */
function ownerPasswordHash(provisioned, password) {
	const bcrypt = require(provisioned.bcryptjs);
	return bcrypt.hashSync(password, 10);
}

function n8nEnv({ provisioned, home, port, brokerPort, owner, logLevel = 'info', extra = {} }) {
	// The caller's environment (so N8N_* settings of a developer apply) without npm's own variables.
	const base = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!/^npm_/i.test(key) && key !== 'NODE_OPTIONS' && key !== 'INIT_CWD') base[key] = value;
	}
	// N8N_NODE_OPTIONS: Node options for n8n only (e.g. --cpu-prof to profile a benchmark)
	if (process.env.N8N_NODE_OPTIONS) base.NODE_OPTIONS = process.env.N8N_NODE_OPTIONS;
	return {
		...base,
		PATH: `${provisioned.nodeBinDir}${path.delimiter}${process.env.PATH}`,
		NODE_ENV: 'production',
		N8N_USER_FOLDER: home,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: HOST,
		N8N_HOST: HOST,
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://${HOST}:${port}/`,
		N8N_WEBHOOK_URL: `http://${HOST}:${port}/`,
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: HOST,
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
		N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: owner.email,
		N8N_INSTANCE_OWNER_FIRST_NAME: owner.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: owner.lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: owner.passwordHash,
		// the MCP-registry module only fetches api.n8n.io (unreachable offline: an error in the log)
		// (n8n 1.x has no such module and refuses to start when it is named)
		N8N_DISABLED_MODULES:
			process.env.N8N_DISABLED_MODULES ??
			(String(provisioned.n8nVersion).startsWith('1.') ? '' : 'mcp-registry'),
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_LOG_LEVEL: logLevel,
		N8N_LOG_OUTPUT: 'console',
		...(provisioned.env || {}),
		...extra,
	};
}

/**
 * Starts n8n in its own process group; output goes to `logFile`. Resolves once the editor and the
 * REST API answer (bounded by `timeoutMs`); rejects with the log's tail if n8n exits or times out.
 */
async function startN8n(options) {
	const {
		provisioned,
		home,
		port,
		brokerPort,
		logFile,
		timeoutMs = 300_000,
		log = () => {},
		// `n8n <command> [...args]`: 'start' (default), or 'worker' / 'webhook' for queue mode
		command = 'start',
		args = [],
		// (handle) => Promise<boolean>: when the process counts as ready (default: the editor's
		// readiness endpoint and the REST settings answer on `port`)
		ready,
	} = options;
	assertPort(port, 'n8n');
	assertPort(brokerPort, 'n8n task broker');
	if (port === brokerPort) throw new Error('n8n and its task broker need two different ports');
	for (const [p, what] of [
		[port, 'n8n'],
		[brokerPort, 'the n8n task broker'],
	]) {
		if (await portInUse(p))
			throw new Error(`Port ${p} (for ${what}) is already in use on ${HOST}.`);
	}
	fs.mkdirSync(home, { recursive: true });
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	const out = fs.openSync(logFile, 'a');
	const child = spawn(provisioned.nodeBin, [provisioned.n8nBin, command, ...args], {
		cwd: home,
		env: n8nEnv(options),
		stdio: ['ignore', out, out],
		detached: true,
	});
	fs.closeSync(out);
	let exited = null;
	const exitPromise = new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			exited = { code, signal };
			resolve(exited);
		});
		child.on('error', (error) => {
			exited = { code: null, signal: null, error };
			resolve(exited);
		});
	});
	// If this process ends without stopping n8n (a crash, process.exit), n8n must not outlive it.
	const onExit = () => {
		if (exited) return;
		try {
			process.kill(-child.pid, 'SIGTERM');
		} catch {
			/* gone */
		}
	};
	process.once('exit', onExit);
	exitPromise.then(() => process.removeListener('exit', onExit));
	const baseUrl = `http://${HOST}:${port}`;
	const handle = {
		child,
		pid: child.pid,
		baseUrl,
		port,
		brokerPort,
		home,
		logFile,
		exited: () => exited,
		exitPromise,
		stop: (graceMs) => stopProcessGroup(child, exitPromise, () => exited, graceMs),
		logTail: (lines = 40) => tail(logFile, lines),
	};
	const deadline = Date.now() + timeoutMs;
	const started = Date.now();
	let lastNote = Date.now();
	for (;;) {
		if (exited) {
			throw new Error(
				`n8n exited while starting (${exited.signal || `exit code ${exited.code}`}). Last lines of ${logFile}:\n${handle.logTail()}`,
			);
		}
		if (Date.now() > deadline) {
			await handle.stop();
			throw new Error(
				`n8n did not become ready within ${Math.round(timeoutMs / 1000)} s. Last lines of ${logFile}:\n${handle.logTail()}`,
			);
		}
		try {
			if (ready) {
				if (await ready(handle)) break;
			} else {
				const res = await fetch(`${baseUrl}/healthz/readiness`, {
					signal: AbortSignal.timeout(3000),
				});
				if (res.ok) {
					const settings = await fetch(`${baseUrl}/rest/settings`, {
						signal: AbortSignal.timeout(5000),
					});
					if (settings.ok) break;
				}
			}
		} catch {
			/* not listening yet */
		}
		if (Date.now() - lastNote > 30_000) {
			log(`  ... n8n starting: ${Math.round((Date.now() - started) / 1000)} s`);
			lastNote = Date.now();
		}
		await sleep(1000);
	}
	return handle;
}

/** The last `lines` lines of a log, without n8n's debug lines. */
function tail(file, lines) {
	try {
		return fs
			.readFileSync(file, 'utf8')
			.split('\n')
			.filter((line) => !line.includes('| debug |'))
			.slice(-lines)
			.join('\n');
	} catch {
		return '(no log)';
	}
}

/** SIGTERM to the process group, then SIGKILL after `graceMs`. */
async function stopProcessGroup(child, exitPromise, exited, graceMs = 40_000) {
	if (exited() || child.pid === undefined) return exited();
	const signalGroup = (signal) => {
		try {
			process.kill(-child.pid, signal);
		} catch {
			try {
				child.kill(signal);
			} catch {
				/* gone */
			}
		}
	};
	signalGroup('SIGTERM');
	let timeout;
	const timer = new Promise((resolve) => {
		timeout = setTimeout(() => resolve('timeout'), graceMs);
	});
	const first = await Promise.race([exitPromise, timer]);
	clearTimeout(timeout);
	if (first === 'timeout') {
		signalGroup('SIGKILL');
		await Promise.race([exitPromise, sleep(5000)]);
	}
	// n8n's task runner lives in the same group: make sure nothing of it is left.
	try {
		process.kill(-child.pid, 0);
		await sleep(1000);
		process.kill(-child.pid, 'SIGKILL');
	} catch {
		/* group already empty */
	}
	return exited();
}

/** Minimal JSON HTTP client with a timeout. */
async function http(method, url, { headers = {}, body, timeoutMs = 30_000 } = {}) {
	const init = {
		method,
		headers: { ...headers },
		signal: AbortSignal.timeout(timeoutMs),
		redirect: 'manual',
	};
	if (body !== undefined) {
		if (Buffer.isBuffer(body) || typeof body === 'string') init.body = body;
		else {
			init.body = JSON.stringify(body);
			init.headers['content-type'] = 'application/json';
		}
	}
	const res = await fetch(url, init);
	const text = await res.text();
	let json;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: res.status, json, text, headers: res.headers };
}

/** Logs in with the owner's e-mail and password; returns the auth cookie. */
async function login(baseUrl, email, password, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	let last;
	while (Date.now() < deadline) {
		const res = await http('POST', `${baseUrl}/rest/login`, {
			body: { emailOrLdapLoginId: email, password },
		});
		if (res.status === 200) {
			const cookie = (
				res.headers.getSetCookie ? res.headers.getSetCookie() : [res.headers.get('set-cookie')]
			)
				.filter(Boolean)
				.map((c) => c.split(';')[0])
				.join('; ');
			return cookie;
		}
		last = `${res.status} ${res.text.slice(0, 300)}`;
		await sleep(1000);
	}
	throw new Error(`Could not log in to n8n as ${email}: ${last}`);
}

/** Creates a public-API key with every scope the owner may have; returns the raw key. */
async function createApiKey(baseUrl, cookie, label) {
	const scopes = await http('GET', `${baseUrl}/rest/api-keys/scopes`, { headers: { cookie } });
	if (scopes.status !== 200)
		throw new Error(`GET /rest/api-keys/scopes: ${scopes.status} ${scopes.text}`);
	const res = await http('POST', `${baseUrl}/rest/api-keys`, {
		headers: { cookie },
		body: { label, scopes: scopes.json.data, expiresAt: null },
	});
	if (res.status !== 200 || !res.json?.data?.rawApiKey)
		throw new Error(`POST /rest/api-keys: ${res.status} ${res.text}`);
	return res.json.data.rawApiKey;
}

/** A client of n8n's public API (`/api/v1`, header X-N8N-API-KEY). */
function publicApi(baseUrl, apiKey) {
	const call = async (method, route, body, { expect = [200], timeoutMs } = {}) => {
		const res = await http(method, `${baseUrl}/api/v1${route}`, {
			headers: { 'X-N8N-API-KEY': apiKey },
			body,
			timeoutMs,
		});
		if (expect && !expect.includes(res.status)) {
			const error = new Error(
				`${method} /api/v1${route} → ${res.status} ${res.text.slice(0, 1000)}`,
			);
			error.status = res.status;
			error.body = res.json ?? res.text;
			throw error;
		}
		return res.json;
	};
	return {
		call,
		get: (route, opts) => call('GET', route, undefined, opts),
		post: (route, body, opts) => call('POST', route, body ?? {}, opts),
		patch: (route, body, opts) => call('PATCH', route, body, opts),
		put: (route, body, opts) => call('PUT', route, body, opts),
		delete: (route, opts) => call('DELETE', route, undefined, opts),
	};
}

/** Credential data of type uanatacaOneShotApi pointing at a running simulator. */
function simulatorCredentialData(sim, extra = {}) {
	return {
		baseUrl: sim.currentBaseUrl,
		apiGeneration: 'current',
		environment: 'sandbox',
		// Required by the current Optimizer (its pages list both; the simulator is strict).
		registrationAuthority: '1000',
		profile: 'PFnubeQAFCiudadano',
		token: sim.sandboxToken,
		username: '',
		password: '',
		pin: '',
		billingUsername: sim.billing.username,
		billingPassword: sim.billing.password,
		allowUnauthorizedCerts: false,
		...extra,
	};
}

/** Whether a workflow can be published: it has a trigger node other than the manual one. */
function startsWithTrigger(workflow) {
	return (workflow.nodes || []).some((node) => {
		const type = String(node.type || '');
		if (/\.manualTrigger$/.test(type) || /\.executeWorkflowTrigger$/.test(type)) return false;
		return /trigger$/i.test(type) || /\.webhook$/.test(type) || /\.formTrigger$/.test(type);
	});
}

/** The fields `POST /api/v1/workflows` accepts, from a workflow export. */
function workflowForImport(workflow) {
	const settings = { executionOrder: 'v1', ...(workflow.settings || {}) };
	return {
		name: workflow.name,
		nodes: workflow.nodes,
		connections: workflow.connections || {},
		settings,
		...(workflow.staticData ? { staticData: workflow.staticData } : {}),
	};
}

/**
 * Publishes a workflow (`POST /workflows/{id}/publish`; n8n 1.x only has `/activate`). Its
 * production webhooks may answer 404 for a moment afterwards: callers retry (bounded).
 */
async function publishWorkflow(api, id) {
	const res = await api.post(`/workflows/${id}/publish`, {}, { expect: [200, 404, 405] });
	if (res && res.id !== undefined) return res;
	return api.post(`/workflows/${id}/activate`, {});
}

/**
 * Sets up the owner on a fresh n8n 1.x (which has no owner-from-environment):
 * `POST /rest/owner/setup`. A no-op when the owner exists already.
 */
async function setupOwner(baseUrl, owner) {
	const res = await http('POST', `${baseUrl}/rest/owner/setup`, {
		body: {
			email: owner.email,
			firstName: owner.firstName,
			lastName: owner.lastName,
			password: owner.password,
		},
	});
	if (res.status === 200) return true;
	if (res.status === 400 && /already/i.test(res.text)) return false;
	throw new Error(`POST /rest/owner/setup: ${res.status} ${res.text.slice(0, 300)}`);
}

module.exports = {
	REPO_ROOT,
	PACKAGE_NAME,
	HOST,
	FORBIDDEN_PORT,
	sleep,
	freePort,
	portInUse,
	assertPort,
	buildAndPack,
	installPackage,
	ownerPasswordHash,
	n8nEnv,
	startN8n,
	stopProcessGroup,
	http,
	login,
	createApiKey,
	publicApi,
	simulatorCredentialData,
	startsWithTrigger,
	workflowForImport,
	publishWorkflow,
	setupOwner,
};
