'use strict';
/**
 * Shared by the benchmarks: the machine, statistics, a concurrency pool, an RSS sampler for a
 * process (Linux /proc), a collector that flows report to when they finish, and the real-n8n
 * session of the reliability suite (test/reliability/lib/session.js).
 */
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const session = require('../../test/reliability/lib/session');

const { n8n } = session;
const ROOT = path.join(n8n.REPO_ROOT, '.bench');

function arg(name, fallback) {
	const argv = process.argv.slice(2);
	const i = argv.indexOf(`--${name}`);
	if (i < 0) return fallback;
	const value = argv[i + 1];
	return typeof fallback === 'number' ? Number(value) : value;
}

function flag(name) {
	return process.argv.slice(2).includes(`--${name}`);
}

/** What the figures were measured on. */
function machine(provisioned) {
	let n8nNode = '';
	try {
		n8nNode = execFileSync(provisioned.nodeBin, ['--version'], { encoding: 'utf8' }).trim();
	} catch {
		n8nNode = '?';
	}
	const [l1, l5, l15] = os.loadavg();
	return {
		date: new Date().toISOString(),
		cpus: os.cpus().length,
		cpuModel: os.cpus()[0]?.model ?? '?',
		memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
		benchNode: process.version,
		n8nNode,
		n8n: provisioned.n8nVersion,
		loadAverage: [l1, l5, l15].map((v) => Math.round(v * 100) / 100),
	};
}

function describeMachine(m) {
	return `${m.date} · ${m.cpus} × ${m.cpuModel} · ${m.memoryGiB} GiB · n8n ${m.n8n} on Node ${m.n8nNode} · bench client Node ${m.benchNode} · load average ${m.loadAverage.join(' / ')} (1/5/15 min)`;
}

function percentile(sorted, p) {
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function summary(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const mean = sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1);
	return { n: sorted.length, mean, p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] };
}

async function pool(tasks, limit) {
	const results = new Array(tasks.length);
	let next = 0;
	async function worker() {
		while (next < tasks.length) {
			const i = next++;
			results[i] = await tasks[i]();
		}
	}
	await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
	return results;
}

/** RSS of a process in bytes (0 when it is gone). */
function rssOf(pid) {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const m = /VmRSS:\s+(\d+) kB/.exec(status);
		return m ? Number(m[1]) * 1024 : 0;
	} catch {
		return 0;
	}
}

/** Samples the RSS of `pid` every `everyMs`; `stop()` returns the samples [{t, rss}]. */
function sampleRss(pid, everyMs = 20) {
	const samples = [];
	const take = () => samples.push({ t: Date.now(), rss: rssOf(pid) });
	take();
	const timer = setInterval(take, everyMs);
	return {
		samples,
		stop() {
			clearInterval(timer);
			take();
			return samples;
		},
	};
}

/** The n8n process's peak RSS between t0 and t1, and its RSS at t0. */
function window(samples, t0, t1) {
	const before = [...samples].reverse().find((s) => s.t <= t0) ?? samples[0];
	const inside = samples.filter((s) => s.t >= t0 && s.t <= t1);
	const peak = Math.max(before.rss, ...inside.map((s) => s.rss));
	return { start: before.rss, peak, growth: peak - before.rss };
}

/**
 * A loopback HTTP server flows report to (`POST /done/<flow>`): `wait(flow, ms)` resolves when
 * that flow reported (or rejects after `ms`).
 */
async function startCollector() {
	const waiting = new Map();
	const done = new Map();
	const server = http.createServer((req, res) => {
		const m = /^\/done\/([^/?]+)/.exec(req.url || '');
		req.resume();
		req.on('end', () => {
			if (m) {
				const flow = decodeURIComponent(m[1]);
				done.set(flow, Date.now());
				waiting.get(flow)?.resolve(Date.now());
				waiting.delete(flow);
			}
			res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
		});
	});
	const port = await n8n.freePort();
	await new Promise((resolve) => server.listen(port, n8n.HOST, resolve));
	return {
		url: `http://${n8n.HOST}:${port}`,
		wait(flow, timeoutMs) {
			if (done.has(flow)) return Promise.resolve(done.get(flow));
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => {
					waiting.delete(flow);
					reject(new Error(`flow ${flow} did not finish within ${timeoutMs} ms`));
				}, timeoutMs);
				waiting.set(flow, { resolve: (t) => (clearTimeout(timer), resolve(t)) });
			});
		},
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

/** A minimal PDF of about `bytes` bytes (the padding is a PDF comment). */
function pdfOf(label, bytes = 3000) {
	const head = `%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n% ${label}\n`;
	const tail = '\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n';
	const pad = Math.max(0, bytes - head.length - tail.length);
	return Buffer.concat([Buffer.from(head, 'latin1'), Buffer.alloc(pad, 0x25), Buffer.from(tail, 'latin1')]);
}

/** A loopback server that answers every GET with `pdf` as contract.pdf (the "Get PDF" step). */
async function startFileServer(pdf) {
	const server = http.createServer((req, res) => {
		res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length, 'content-disposition': 'attachment; filename="contract.pdf"' });
		res.end(pdf);
	});
	const port = await n8n.freePort();
	await new Promise((resolve) => server.listen(port, n8n.HOST, resolve));
	return { url: `http://${n8n.HOST}:${port}/contract.pdf`, close: () => new Promise((r) => server.close(() => r())) };
}

function mb(bytes) {
	return Math.round((bytes / 2 ** 20) * 10) / 10;
}

/** Starts the real n8n used by a benchmark (log level `info`: what production runs with). */
async function startBenchN8n(name, { env = {}, log = () => {} } = {}) {
	const prepared = await session.prepare({ root: ROOT, name, build: !flag('no-build'), log });
	const instance = await session.startInstance({ ...prepared, label: 'n8n', env, logLevel: 'info', log });
	return { prepared, instance };
}

async function stopBenchN8n(run) {
	if (run?.instance?.handle) await run.instance.handle.stop(30_000);
	if (run?.prepared?.dir && !flag('keep')) fs.rmSync(run.prepared.dir, { recursive: true, force: true });
}

module.exports = {
	ROOT,
	arg,
	flag,
	machine,
	describeMachine,
	summary,
	percentile,
	pool,
	rssOf,
	sampleRss,
	window,
	startCollector,
	pdfOf,
	startFileServer,
	mb,
	startBenchN8n,
	stopBenchN8n,
	session,
	n8n,
};
