/**
 * Document → Upload from n8n's filesystem binary store: the files are streamed (never read whole
 * into memory) in a multipart body with an exact Content-Length, and arrive byte for byte.
 */
import { randomBytes } from 'crypto';

import * as multipart from '../../nodes/shared/transport/multipart';
import { startSimulator } from '../simulator';
import type { Simulator } from '../simulator';
import { chain, cleanupN8nCore, outputOf } from '../support/harness';
import { binaryEntry, fixture, oneShot, pdf, trigger } from '../support/nodes';
import { startRecordingProxy } from '../support/recording-proxy';
import { SIGNER, makeRunner } from './common';

let sim: Simulator;
let runner: ReturnType<typeof makeRunner>;
let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
let baseUrl: string;

beforeAll(async () => {
	sim = await startSimulator({ callbackDelayMs: 5 });
	runner = makeRunner(sim);
	const simUrl = new URL(sim.currentBaseUrl);
	proxy = await startRecordingProxy(simUrl.origin);
	baseUrl = `${proxy.url}${simUrl.pathname}`;
});
afterAll(async () => {
	await proxy.close();
	await sim.close();
	await cleanupN8nCore();
});
beforeEach(() => {
	sim.reset();
	proxy.requests.length = 0;
});
afterEach(() => jest.restoreAllMocks());

/** A PDF of about `bytes` bytes whose body is random (so a shifted or dropped chunk shows). */
function bigPdf(label: string, bytes: number) {
	const head = pdf(label);
	const tail = Buffer.from('\n%%EOF\n', 'latin1');
	return Buffer.concat([
		head,
		Buffer.from('%', 'latin1'),
		randomBytes(bytes - head.length - tail.length - 1),
		tail,
	]);
}

function uploadsSeen() {
	return proxy.requests.filter((r) => r.method === 'POST' && r.path.includes('/document/'));
}

function expectExactLength(upload: ReturnType<typeof uploadsSeen>[number]) {
	expect(upload.headers['transfer-encoding']).toBeUndefined();
	expect(Number(upload.headers['content-length'])).toBe(upload.bodyBytes);
	expect(String(upload.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
}

test('a multi-MB PDF from the binary store arrives byte for byte, with an exact Content-Length', async () => {
	const streamed = jest.spyOn(multipart, 'buildMultipartStream');
	const inMemory = jest.spyOn(multipart, 'buildMultipart');
	const big = bigPdf('Large contract', 6 * 1024 * 1024 + 12_345);
	const small = pdf('Annex');
	const nodes = [
		trigger,
		fixture('Documents', [
			{
				json: {},
				binary: { data: binaryEntry(big, 'large.pdf'), annex: binaryEntry(small, 'annex.pdf') },
			},
		]),
		oneShot('Create', { resource: 'request', operation: 'create', ...SIGNER }),
		oneShot('Upload', {
			resource: 'document',
			operation: 'upload',
			binaryPropertyName: 'data, annex',
		}),
	];
	// several files in one call: the legacy Optimizer (the current one gets one file per call)
	const { run } = await runner.run(nodes, chain('Start', 'Documents', 'Create', 'Upload'), {
		baseUrl: `${proxy.url}/api/v1`,
		apiGeneration: 'legacy',
	});
	expect(run.data.resultData.error?.message).toBeUndefined();
	expect(run.status).toBe('success');
	const [documentsItem] = outputOf(run, 'Documents');
	// the input lives in the filesystem store (has an id): the streamed path is the one taken
	expect(documentsItem.binary!.data.id).toMatch(/^filesystem-v2:/);

	const [item] = outputOf(run, 'Upload');
	const request = sim.getRequest(item.json.requestPk as number)!;
	expect(request.documents.map((d) => d.field)).toEqual(['file', 'file2']);
	expect(request.documents.map((d) => d.filename)).toEqual(['large.pdf', 'annex.pdf']);
	expect(request.documents[0].original.length).toBe(big.length);
	expect(request.documents[0].original.equals(big)).toBe(true);
	expect(request.documents[1].original.equals(small)).toBe(true);

	// sent as a stream of parts, never as one buffer
	expect(streamed).toHaveBeenCalledTimes(1);
	// (Create sends its text fields in memory; no file went that way)
	expect(inMemory.mock.calls.flatMap(([body]) => body.files)).toEqual([]);
	const uploads = uploadsSeen();
	expect(uploads).toHaveLength(1);
	expectExactLength(uploads[0]);
	expect(uploads[0].bodyBytes).toBeGreaterThan(big.length + small.length);
});

test('11 PDFs from the binary store go in two calls (10 + 1), each byte for byte', async () => {
	const binary: Record<string, ReturnType<typeof binaryEntry>> = {};
	const files: Buffer[] = [];
	const names: string[] = [];
	for (let n = 1; n <= 11; n++) {
		const file = bigPdf(`Document ${n}`, 50_000 + n * 1_000);
		files.push(file);
		binary[`doc${n}`] = binaryEntry(file, `doc-${n}.pdf`);
		names.push(`doc${n}`);
	}
	const nodes = [
		trigger,
		fixture('Documents', [{ json: {}, binary }]),
		oneShot('Create', { resource: 'request', operation: 'create', ...SIGNER }),
		oneShot('Upload', {
			resource: 'document',
			operation: 'upload',
			binaryPropertyName: names.join(', '),
		}),
	];
	// several files in one call: the legacy Optimizer (the current one gets one file per call)
	const { run } = await runner.run(nodes, chain('Start', 'Documents', 'Create', 'Upload'), {
		baseUrl: `${proxy.url}/api/v1`,
		apiGeneration: 'legacy',
	});
	expect(run.data.resultData.error?.message).toBeUndefined();
	expect(run.status).toBe('success');
	const [item] = outputOf(run, 'Upload');
	const documents = item.json.documents as Array<Record<string, string>>;
	expect(documents).toHaveLength(11);
	expect(documents.map((d) => d.fileName)).toEqual(names.map((_n, i) => `doc-${i + 1}.pdf`));

	const uploads = uploadsSeen();
	expect(uploads).toHaveLength(2);
	uploads.forEach(expectExactLength);

	const request = sim.getRequest(item.json.requestPk as number)!;
	expect(request.documents).toHaveLength(11);
	expect(request.documents.map((d) => d.field)).toEqual([
		'file',
		...Array.from({ length: 9 }, (_v, i) => `file${i + 2}`),
		'file',
	]);
	request.documents.forEach((doc, index) => {
		expect(doc.filename).toBe(`doc-${index + 1}.pdf`);
		expect(doc.original.equals(files[index])).toBe(true);
	});
	// the response maps each UID to its binary field
	expect(documents.map((d) => d.uid)).toEqual(request.documents.map((d) => d.uid));
});

test('a non-PDF in the binary store is refused before any upload (only its first bytes are read)', async () => {
	const notPdf = Buffer.concat([Buffer.from('PK\u0003\u0004'), randomBytes(200_000)]);
	const nodes = [
		trigger,
		fixture('Documents', [{ json: {}, binary: { data: binaryEntry(notPdf, 'contract.zip') } }]),
		oneShot('Create', { resource: 'request', operation: 'create', ...SIGNER }),
		oneShot('Upload', { resource: 'document', operation: 'upload', binaryPropertyName: 'data' }),
	];
	const { run } = await runner.run(nodes, chain('Start', 'Documents', 'Create', 'Upload'), {
		baseUrl,
	});
	expect(run.status).toBe('error');
	expect(run.data.resultData.error?.message).toContain(
		'"contract.zip" (binary field "data") is not a PDF',
	);
	expect(uploadsSeen()).toHaveLength(0);
});
