'use strict';
/**
 * Benchmark 2, large documents: upload and signed download of 10, 100 and 300 MB PDFs through a
 * real n8n 2.41.1 in filesystem binary mode, with our node and with n8n's HTTP Request node.
 * Reports the peak RSS growth of the n8n process during each node (sampled every 20 ms from
 * /proc/<pid>/status), and during the whole execution. Figures, never assertions.
 *
 * The PDF enters n8n through the Read/Write Files from Disk node (streamed into the binary store),
 * so that what is measured is the upload and the download.
 *
 *   node bench/large-documents.js [--sizes 10,100,300] [--no-build] [--keep]
 */
const fs = require('fs');
const path = require('path');

const c = require('./lib/common');
const { startLargeOptimizer, SIGNATURE } = require('./lib/large-optimizer');
const wf = require('../test/reliability/lib/workflows');

const { n8n, session } = c;
const SIZES = String(c.arg('sizes', '10,100,300')).split(',').map(Number).filter((n) => n > 0);
const MiB = 2 ** 20;

function log(line) {
	console.log(line);
}

async function writePdf(file, megabytes) {
	const head = c.pdfOf(`Large document ${megabytes} MB`, 400).subarray(0, 300);
	const out = fs.createWriteStream(file);
	const chunk = Buffer.alloc(MiB, 0x25); // '%': a PDF comment
	out.write(head);
	for (let i = 0; i < megabytes; i++) {
		if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
	}
	await new Promise((r) => out.end('\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', r));
	return fs.statSync(file).size;
}

function ourWorkflow(credential) {
	return wf.chainWorkflow('Bench: large documents, our node', [
		wf.webhook('bench-large-ours'),
		wf.readFile('Read file', '={{ $json.body.file }}'),
		wf.oneShot('Create', wf.createParameters(), credential),
		wf.oneShot('Upload', { resource: 'document', operation: 'upload', binaryPropertyName: 'data' }, credential),
		wf.oneShot('Sign', { resource: 'request', operation: 'sign', requestPk: "={{ $('Create').first().json.requestPk }}", secret: '123456', waitForCompletion: false }, credential),
		wf.oneShot(
			'Download',
			{
				resource: 'document',
				operation: 'download',
				requestPk: "={{ $('Create').first().json.requestPk }}",
				documentUid: "={{ $('Upload').first().json.documents[0].uid }}",
				documentType: 'signed',
				binaryPropertyName: 'signed',
			},
			credential,
		),
	]);
}

function httpWorkflow(api) {
	const pk = "$('Create').first().json.details.pk";
	return wf.chainWorkflow('Bench: large documents, HTTP Request node', [
		wf.webhook('bench-large-http'),
		wf.httpRequest('Create', {
			method: 'POST',
			url: `${api}/create`,
			body: { sendBody: true, contentType: 'form-urlencoded', bodyParameters: { parameters: [{ name: 'given_name', value: 'María' }, { name: 'surname_1', value: 'García' }] } },
		}),
		wf.readFile('Read file', "={{ $('Webhook').first().json.body.file }}"),
		wf.httpRequest('Upload', {
			method: 'POST',
			url: `={{ '${api}/document/' + ${pk} }}`,
			body: { sendBody: true, contentType: 'multipart-form-data', bodyParameters: { parameters: [{ parameterType: 'formBinaryData', name: 'file', inputDataFieldName: 'data' }] } },
		}),
		wf.httpRequest('Sign', {
			method: 'POST',
			url: `={{ '${api}/sign/' + ${pk} }}`,
			body: { sendBody: true, contentType: 'json', specifyBody: 'json', jsonBody: '{"secret":"123456"}' },
		}),
		wf.httpRequest('Download', { url: `={{ '${api}/document/' + ${pk} + '/' + $('Upload').first().json.detail.uid + '?document_type=signed' }}`, file: true }),
	]);
}

/** Runs the workflow once for `file`; returns RSS growth per node and for the whole run. */
async function measure(instance, workflowId, webhookPath, file) {
	await n8n.sleep(3000); // let the previous run's garbage be collected
	const after = await instance.lastExecutionId();
	const sampler = c.sampleRss(instance.handle.pid, 20);
	const t0 = Date.now();
	const res = await instance.trigger(webhookPath, { file });
	if (res.status !== 200) throw new Error(`webhook ${res.status} ${res.text}`);
	const execution = await instance.waitForExecution(workflowId, { after, timeoutMs: 600_000 });
	await n8n.sleep(200);
	const samples = sampler.stop();
	const data = session.runData(execution);
	if (execution.status !== 'success') throw new Error(`execution ${execution.status}: ${JSON.stringify(data.error || {}).slice(0, 300)}`);
	const nodes = {};
	for (const [name, runs] of Object.entries(data.runData)) {
		const r = runs[runs.length - 1];
		const w = c.window(samples, r.startTime, r.startTime + r.executionTime);
		nodes[name] = { ms: r.executionTime, growth: w.growth, peak: w.peak };
	}
	const whole = c.window(samples, t0, Date.now());
	const out = data.runData.Download[0].data.main[0][0];
	const binary = out.binary?.signed ?? out.binary?.data;
	return { nodes, whole, signedSize: binary?.fileSize, samples: samples.length };
}

async function main() {
	const cleanup = [];
	try {
		const run = await c.startBenchN8n('large', {
			log,
			env: { N8N_RESTRICT_FILE_ACCESS_TO: path.join(c.ROOT, 'large-files') },
		});
		cleanup.push(() => c.stopBenchN8n(run));
		const filesDir = path.join(c.ROOT, 'large-files');
		fs.mkdirSync(filesDir, { recursive: true });
		cleanup.push(async () => fs.rmSync(filesDir, { recursive: true, force: true }));
		const optimizer = await startLargeOptimizer(path.join(run.prepared.dir, 'optimizer'));
		cleanup.push(() => optimizer.close());
		const { instance } = run;
		const credential = await instance.createCredential('Large-document Optimizer', n8n.simulatorCredentialData({ currentBaseUrl: optimizer.currentBaseUrl, sandboxToken: 'bench-token', billing: { username: 'bench', password: 'bench' } }));
		const ours = await instance.deploy(ourWorkflow(credential));
		const httpNode = await instance.deploy(httpWorkflow(optimizer.currentBaseUrl));
		const machine = c.machine(run.prepared.provisioned);
		log(`Large documents through a real n8n (filesystem binary mode): sizes ${SIZES.join(', ')} MB; n8n pid ${instance.handle.pid}, RSS at rest ${c.mb(c.rssOf(instance.handle.pid))} MB`);
		const results = [];
		for (const size of SIZES) {
			const file = path.join(filesDir, `document-${size}mb.pdf`);
			const bytes = await writePdf(file, size);
			for (const [variant, id, webhookPath] of [
				['our node', ours, 'bench-large-ours'],
				['HTTP Request node', httpNode, 'bench-large-http'],
			]) {
				const r = await measure(instance, id, webhookPath, file);
				const ok = r.signedSize === undefined || Number(String(r.signedSize).replace(/[^0-9.]/g, '')) > 0;
				results.push({ size, variant, ...r });
				log(
					`  ${String(size).padStart(4)} MB  ${variant.padEnd(18)} upload +${c.mb(r.nodes.Upload.growth)} MB (${r.nodes.Upload.ms} ms)   download +${c.mb(r.nodes.Download.growth)} MB (${r.nodes.Download.ms} ms)   whole execution +${c.mb(r.whole.growth)} MB (peak RSS ${c.mb(r.whole.peak)} MB)${ok ? '' : ' (no signed file!)'}`,
				);
			}
			fs.rmSync(file, { force: true });
			void bytes;
		}
		log(`  signed copy = original + ${SIGNATURE.length} bytes; machine: ${c.describeMachine(machine)}`);
		log(`  after the run: load average ${c.machine(run.prepared.provisioned).loadAverage.join(' / ')}`);
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

module.exports = { main };
