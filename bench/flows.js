'use strict';
/**
 * Benchmark 1, flow throughput: N complete asynchronous signing flows against the One-Shot
 * simulator, at a concurrency you choose, three ways:
 *
 *   floor      the same HTTP calls made by a plain undici client (no n8n)
 *   our node   a real n8n 2.41.1 running Webhook → Get PDF → Create (async, Callback URL =
 *              {{ $execution.resumeUrl }}) → Upload → Generate OTP → read the OTP → Sign (Wait for
 *              Completion: the execution parks and the ISSUED callback resumes it; Return Signed
 *              Documents) → report done
 *   HTTP node  the same flow built from n8n's HTTP Request node and a Wait node resumed by the
 *              callback, then an HTTP Request that downloads the signed PDF
 *
 * Prints flows/s, per-flow latency and the ratios. Figures, never assertions.
 *
 *   node bench/flows.js [--flows 200] [--concurrency 10] [--sign-delay-ms 500] [--no-build] [--keep]
 */
const http = require('http');
const { request, FormData } = require('undici');

const c = require('./lib/common');
const wf = require('../test/reliability/lib/workflows');

const { n8n } = c;

const FLOWS = c.arg('flows', 200);
const CONCURRENCY = c.arg('concurrency', 10);
const SIGN_DELAY_MS = c.arg('sign-delay-ms', 500);
const WARMUP = Math.min(10, FLOWS);
const FLOW_TIMEOUT_MS = 180_000;
const PDF = c.pdfOf('Benchmark contract', 20_000);

function log(line) {
	console.log(line);
}

// ---------------------------------------------------------------------------------------------
// The floor: the same calls with undici

async function startFloorReceiver() {
	const waiting = new Map();
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (d) => chunks.push(d));
		req.on('end', () => {
			res.writeHead(200).end();
			try {
				const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
				if (body.status === 'ISSUED') waiting.get(Number(body.request))?.();
			} catch {
				/* not ours */
			}
		});
	});
	const port = await n8n.freePort();
	await new Promise((resolve) => server.listen(port, n8n.HOST, resolve));
	return {
		url: `http://${n8n.HOST}:${port}/cb`,
		issued(pk, timeoutMs) {
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`no ISSUED callback for ${pk}`)), timeoutMs);
				waiting.set(pk, () => {
					clearTimeout(timer);
					waiting.delete(pk);
					resolve();
				});
			});
		},
		close: () => new Promise((r) => server.close(() => r())),
	};
}

async function json(res) {
	const text = await res.body.text();
	if (res.statusCode >= 300) throw new Error(`${res.statusCode} ${text.slice(0, 200)}`);
	return text ? JSON.parse(text) : {};
}

async function floorFlow(sim, files, receiver) {
	const api = sim.currentBaseUrl;
	const pdf = Buffer.from(await (await request(files.url)).body.arrayBuffer());
	const form = new URLSearchParams({
		given_name: 'María',
		surname_1: 'García',
		id_document_type: 'IDC',
		id_document_country: 'ES',
		serial_number: '12345678Z',
		email: 'maria@example.com',
		mobile_phone_number: '+34600123123',
		registration_authority: '1000',
		profile: 'PFnubeQAFCiudadano',
		env: 'sandbox',
		token: sim.sandboxToken,
		billing_username: sim.billing.username,
		billing_password: Buffer.from(sim.billing.password).toString('base64'),
		useasync: 'true',
		callback: receiver.url,
	});
	const created = await json(await request(`${api}/create`, { method: 'POST', body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
	const pk = created.details.pk;
	const issued = receiver.issued(pk, FLOW_TIMEOUT_MS);
	issued.catch(() => undefined);
	const upload = new FormData();
	upload.append('file', new Blob([pdf], { type: 'application/pdf' }), 'contract.pdf');
	const uploaded = await json(await request(`${api}/document/${pk}`, { method: 'POST', body: upload }));
	const uid = uploaded.detail.uid;
	await json(await request(`${api}/otp/${pk}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }));
	const { otp } = await json(await request(`${sim.url}/__simulator/otp/${pk}`));
	await json(await request(`${api}/sign/${pk}`, { method: 'POST', body: JSON.stringify({ secret: otp }), headers: { 'content-type': 'application/json' } }));
	await issued;
	const signed = await request(`${api}/document/${pk}/${uid}?document_type=signed`);
	const bytes = Buffer.from(await signed.body.arrayBuffer());
	if (signed.statusCode !== 200 || bytes.length <= pdf.length) throw new Error(`signed download ${signed.statusCode}`);
}

// ---------------------------------------------------------------------------------------------
// The two n8n builds

function ourFlow(credential, files, sim, collector) {
	return wf.chainWorkflow('Bench: our node', [
		...wf.parkedSigningNodes('bench-ours', credential, files.url, sim.url),
		wf.httpRequest('Done', { method: 'POST', url: `=${collector.url}/done/{{ $('Webhook').first().json.body.flow }}` }),
	]);
}

function form(parameters) {
	return { sendBody: true, contentType: 'form-urlencoded', bodyParameters: { parameters } };
}

function httpFlow(files, sim, collector) {
	const api = sim.currentBaseUrl;
	const pk = "$('Create').first().json.details.pk";
	return wf.chainWorkflow('Bench: HTTP Request node', [
		wf.webhook('bench-http'),
		wf.httpRequest('Create', {
			method: 'POST',
			url: `${api}/create`,
			body: form([
				['given_name', 'María'],
				['surname_1', 'García'],
				['id_document_type', 'IDC'],
				['id_document_country', 'ES'],
				['serial_number', '12345678Z'],
				['email', 'maria@example.com'],
				['mobile_phone_number', '+34600123123'],
				['registration_authority', '1000'],
				['profile', 'PFnubeQAFCiudadano'],
				['env', 'sandbox'],
				['token', sim.sandboxToken],
				['billing_username', sim.billing.username],
				['billing_password', Buffer.from(sim.billing.password).toString('base64')],
				['useasync', 'true'],
				['callback', '={{ $execution.resumeUrl }}'],
			].map(([name, value]) => ({ name, value }))),
		}),
		wf.httpRequest('Get PDF', { url: files.url, file: true }),
		wf.httpRequest('Upload', {
			method: 'POST',
			url: `={{ '${api}/document/' + ${pk} }}`,
			body: { sendBody: true, contentType: 'multipart-form-data', bodyParameters: { parameters: [{ parameterType: 'formBinaryData', name: 'file', inputDataFieldName: 'data' }] } },
		}),
		wf.httpRequest('OTP', {
			method: 'POST',
			url: `={{ '${api}/otp/' + ${pk} }}`,
			body: { sendBody: true, contentType: 'json', specifyBody: 'json', jsonBody: '{}' },
		}),
		wf.httpRequest('Signer reads the SMS', { url: `={{ '${sim.url}/__simulator/otp/' + ${pk} }}` }),
		wf.httpRequest('Sign', {
			method: 'POST',
			url: `={{ '${api}/sign/' + ${pk} }}`,
			body: { sendBody: true, contentType: 'json', specifyBody: 'json', jsonBody: '={{ JSON.stringify({ secret: $json.otp }) }}' },
		}),
		wf.waitForWebhook('Wait for callback', 3),
		wf.httpRequest('Download signed', { url: `={{ '${api}/document/' + ${pk} + '/' + $('Upload').first().json.detail.uid + '?document_type=signed' }}`, file: true }),
		wf.httpRequest('Done', { method: 'POST', url: `=${collector.url}/done/{{ $('Webhook').first().json.body.flow }}` }),
	]);
}

// ---------------------------------------------------------------------------------------------

/** Runs `count` flows with `concurrency` at once; `one(i)` runs flow i. Returns timings. */
async function measure(count, concurrency, one) {
	const latencies = [];
	const errors = [];
	const t0 = Date.now();
	await c.pool(
		Array.from({ length: count }, (_, i) => async () => {
			const t = Date.now();
			try {
				await one(i);
				latencies.push(Date.now() - t);
			} catch (error) {
				errors.push(error.message);
			}
		}),
		concurrency,
	);
	const wallMs = Date.now() - t0;
	return { count, ok: latencies.length, errors, wallMs, flowsPerSecond: latencies.length / (wallMs / 1000), latency: c.summary(latencies) };
}

async function n8nFlow(instance, collector, webhookPath, flowId) {
	const done = collector.wait(flowId, FLOW_TIMEOUT_MS);
	done.catch(() => undefined);
	const res = await n8n.http('POST', `${instance.webhookBaseUrl}/webhook/${webhookPath}`, { body: { flow: flowId }, timeoutMs: 60_000 });
	if (res.status !== 200) throw new Error(`webhook ${res.status} ${res.text.slice(0, 200)}`);
	await done;
}

async function main() {
	const { startSimulator } = require('../test/simulator');
	const cleanup = [];
	try {
		const sim = await startSimulator({ asyncSignDelayMs: SIGN_DELAY_MS, callbackDelayMs: 5 });
		cleanup.push(() => sim.close());
		const files = await c.startFileServer(PDF);
		cleanup.push(() => files.close());
		const receiver = await startFloorReceiver();
		cleanup.push(() => receiver.close());
		const collector = await c.startCollector();
		cleanup.push(() => collector.close());

		log(`Flow throughput: ${FLOWS} flows at concurrency ${CONCURRENCY}, simulator signs ${SIGN_DELAY_MS} ms after the sign call`);
		const run = await c.startBenchN8n('flows', { log });
		cleanup.push(() => c.stopBenchN8n(run));
		const { instance } = run;
		const credential = await instance.createCredential('One-Shot simulator', n8n.simulatorCredentialData(sim));
		const oursId = await instance.deploy(ourFlow(credential, files, sim, collector));
		const httpId = await instance.deploy(httpFlow(files, sim, collector));
		const machine = c.machine(run.prepared.provisioned);

		const variants = [
			['floor (undici)', (i) => floorFlow(sim, files, receiver, i)],
			['our node', (i) => n8nFlow(instance, collector, 'bench-ours', `ours-${i}`)],
			['HTTP Request node', (i) => n8nFlow(instance, collector, 'bench-http', `http-${i}`)],
		];
		const results = {};
		for (const [name, one] of variants) {
			const warm = await measure(WARMUP, Math.min(CONCURRENCY, WARMUP), (i) => one(`warm-${i}`));
			if (warm.errors.length) log(`  warm-up of ${name}: ${warm.errors.length} errors, e.g. ${warm.errors[0]}`);
			results[name] = await measure(FLOWS, CONCURRENCY, one);
			const r = results[name];
			log(
				`  ${name.padEnd(18)} ${r.flowsPerSecond.toFixed(2)} flows/s   latency p50 ${Math.round(r.latency.p50)} ms, p99 ${Math.round(r.latency.p99)} ms   ${r.ok}/${r.count} ok${r.errors.length ? `, e.g. ${r.errors[0]}` : ''}`,
			);
		}
		// what n8n recorded: every flow of both builds ended in success; where the time went
		const breakdown = {};
		for (const [name, id] of [['our node', oursId], ['HTTP Request node', httpId]]) {
			const list = await instance.settle(id, { count: FLOWS + WARMUP, timeoutMs: 60_000 }).catch((e) => e.executions || []);
			const bad = list.filter((e) => e.status !== 'success');
			const sample = (await instance.executions({ workflowId: id, includeData: true, max: 50 })).slice(0, 50);
			const perNode = {};
			for (const e of sample) {
				for (const [node, runs] of Object.entries(e.data?.resultData?.runData || {})) {
					for (const r of runs) (perNode[node] ||= []).push(r.executionTime || 0);
				}
			}
			breakdown[name] = Object.fromEntries(Object.entries(perNode).map(([node, t]) => [node, Math.round(c.summary(t).mean)]));
			log(`  n8n executions of ${name}: ${list.length} (${bad.length} not successful); mean ms per node run: ${JSON.stringify(breakdown[name])}`);
		}
		const floor = results['floor (undici)'];
		const ours = results['our node'];
		const httpNode = results['HTTP Request node'];
		log('');
		log(`  our node / floor:             ${(ours.flowsPerSecond / floor.flowsPerSecond).toFixed(2)} × the floor's flows/s; +${Math.round(ours.latency.p50 - floor.latency.p50)} ms per flow (p50)`);
		log(`  our node / HTTP Request node: ${(ours.flowsPerSecond / httpNode.flowsPerSecond).toFixed(2)} × the HTTP Request build's flows/s`);
		log(`  machine: ${c.describeMachine(machine)}`);
		log(`  after the run: load average ${c.machine(run.prepared.provisioned).loadAverage.join(' / ')}`);
		return { machine, results, breakdown };
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

module.exports = { main };
