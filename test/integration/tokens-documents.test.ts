/**
 * Tokens, document batches and deletion through the real engine, on an Optimizer that answers as
 * documented and on one that answers with the plausible variants the documents leave open.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { startSimulator } from '../simulator';
import type { Simulator } from '../simulator';
import { chain, cleanupN8nCore, errorOf, outputOf, readBinaryFile } from '../support/harness';
import { binaryEntry, fixture, oneShot, pdf, trigger } from '../support/nodes';
import { SIGNER, makeRunner } from './common';

let sim: Simulator;
let runner: ReturnType<typeof makeRunner>;

beforeAll(async () => {
	sim = await startSimulator({ callbackDelayMs: 5 });
	runner = makeRunner(sim);
});
afterAll(async () => {
	await sim.close();
	await cleanupN8nCore();
});
beforeEach(() => {
	sim.reset();
	sim.options.responseStyle = 'documented';
	sim.options.errorStyle = 'fastapi';
});

describe.each(['documented', 'variant'] as const)('Optimizer answering the %s way', (style) => {
	beforeEach(() => {
		sim.options.responseStyle = style;
	});

	test('tokens: create, get, list, delete', async () => {
		const nodes = [
			trigger,
			oneShot('Create Token', {
				resource: 'token',
				operation: 'create',
				username: sim.rao.username,
				password: sim.rao.password,
				pin: sim.rao.pin,
			}),
			oneShot('Get Token', {
				resource: 'token',
				operation: 'get',
				tokenUid: '={{ $json.tokenUid }}',
			}),
			oneShot('List Tokens', { resource: 'token', operation: 'getMany' }),
			oneShot(
				'Delete Token',
				{
					resource: 'token',
					operation: 'delete',
					tokenUid: "={{ $('Create Token').first().json.tokenUid }}",
				},
				{ executeOnce: true },
			),
		];
		const { run } = await runner.run(
			nodes,
			chain('Start', 'Create Token', 'Get Token', 'List Tokens', 'Delete Token'),
		);
		expect(run.data.resultData.error?.message).toBeUndefined();
		expect(run.status).toBe('success');
		const [created] = outputOf(run, 'Create Token');
		expect(created.json).toMatchObject({
			username: sim.rao.username,
			passwordStored: true,
			pinStored: true,
		});
		const tokenUid = created.json.tokenUid as string;
		expect(tokenUid).toMatch(/^[\w-]{8,}$/);
		expect(outputOf(run, 'Get Token')[0].json).toMatchObject({
			tokenUid,
			username: sim.rao.username,
		});
		const listed = outputOf(run, 'List Tokens').map((i: INodeExecutionData) => i.json.tokenUid);
		expect(listed).toEqual(expect.arrayContaining([tokenUid, sim.sandboxToken]));
		expect(outputOf(run, 'Delete Token')[0].json.deleted).toBe(true);
		// the output never carries the RAO password or PIN
		expect(JSON.stringify(run.data.resultData)).not.toContain(sim.rao.password);
	});

	test('create returns the request number as a number', async () => {
		const nodes = [
			trigger,
			oneShot('Create', { resource: 'request', operation: 'create', ...SIGNER }),
		];
		const { run } = await runner.run(nodes, chain('Start', 'Create'));
		expect(run.status).toBe('success');
		const pk = outputOf(run, 'Create')[0].json.requestPk;
		expect(typeof pk).toBe('number');
		expect(sim.getRequest(pk as number)).toBeDefined();
	});

	test('legacy: 12 documents in one item are uploaded in two calls (10 + 2), each with its UID', async () => {
		const binary: Record<string, ReturnType<typeof binaryEntry>> = {};
		const names: string[] = [];
		for (let n = 1; n <= 12; n++) {
			binary[`doc${n}`] = binaryEntry(pdf(`Document ${n}`), `doc-${n}.pdf`);
			names.push(`doc${n}`);
		}
		const nodes = [
			trigger,
			fixture('Documents', [{ json: {}, binary }]),
			oneShot('Create', { resource: 'request', operation: 'create', ...SIGNER }),
			oneShot('Upload', {
				resource: 'document',
				operation: 'upload',
				binaryPropertyName: names.join(','),
			}),
		];
		// several files in one call: the legacy Optimizer (the current one gets one file per call)
		const { run } = await runner.run(nodes, chain('Start', 'Documents', 'Create', 'Upload'), {
			baseUrl: sim.legacyBaseUrl,
			apiGeneration: 'legacy',
		});
		expect(run.status).toBe('success');
		const [item] = outputOf(run, 'Upload');
		const documents = item.json.documents as Array<Record<string, string>>;
		expect(documents).toHaveLength(12);
		expect(documents.map((d) => d.fileName)).toEqual(names.map((_n, i) => `doc-${i + 1}.pdf`));
		expect(new Set(documents.map((d) => d.uid)).size).toBe(12);
		const uploads = sim.requestLog.filter(
			(r) => r.method === 'POST' && r.path.includes('/document/'),
		);
		expect(uploads).toHaveLength(2);
		const request = sim.getRequest(item.json.requestPk as number)!;
		expect(request.documents.length ?? Object.keys(request.documents).length).toBe(12);
		// output json holds references, not file contents
		expect(JSON.stringify(item.json).length).toBeLessThan(3000);
	});
});

test('download of the original, delete one, delete all', async () => {
	const original = pdf('Original bytes', 5000);
	const nodes = [
		trigger,
		fixture('Documents', [
			{
				json: {},
				binary: { data: binaryEntry(original, 'offer.pdf'), extra: binaryEntry(pdf('x'), 'x.pdf') },
			},
		]),
		oneShot('Create', { resource: 'request', operation: 'create', ...SIGNER }),
		oneShot('Upload', {
			resource: 'document',
			operation: 'upload',
			binaryPropertyName: 'data,extra',
		}),
		oneShot('Download', {
			resource: 'document',
			operation: 'download',
			documentUid: '={{ $json.documents[0].uid }}',
			documentType: 'original',
			binaryPropertyName: 'copy',
		}),
		oneShot('Delete', {
			resource: 'document',
			operation: 'delete',
			documentUid: "={{ $('Upload').item.json.documents[0].uid }}",
		}),
		oneShot('Delete All', { resource: 'document', operation: 'deleteAll' }),
	];
	const { run } = await runner.run(
		nodes,
		chain('Start', 'Documents', 'Create', 'Upload', 'Download', 'Delete', 'Delete All'),
	);
	expect(run.status).toBe('success');
	const [downloaded] = outputOf(run, 'Download');
	expect((await readBinaryFile(downloaded.binary!.copy)).equals(original)).toBe(true);
	expect(downloaded.binary!.copy.fileName).toMatch(/\.pdf$/);
	expect(outputOf(run, 'Delete')[0].json.deleted).toBe(true);
	expect(outputOf(run, 'Delete All')[0].json.deleted).toBe(true);
	const pk = outputOf(run, 'Create')[0].json.requestPk as number;
	const remaining = sim.getRequest(pk)!.documents;
	expect(Array.isArray(remaining) ? remaining.length : Object.keys(remaining).length).toBe(0);
});

test('an error body in another envelope is still read (errorStyle envelope)', async () => {
	sim.options.errorStyle = 'envelope';
	const nodes = [
		trigger,
		oneShot('Get Token', { resource: 'token', operation: 'get', tokenUid: 'no-such-token' }),
	];
	const { run } = await runner.run(nodes, chain('Start', 'Get Token'));
	const error = errorOf(run, 'Get Token') as {
		message: string;
		httpCode: string;
		description: string;
	};
	expect(error.message).toMatch(/Token no-such-token not found/);
	expect(error.httpCode).toBe('404');
	expect(error.description).toMatch(/No RAO token with this ID/);
});

test('a wrong Optimizer URL gives a connection error naming the host', async () => {
	const nodes = [trigger, oneShot('List Tokens', { resource: 'token', operation: 'getMany' })];
	const { run } = await runner.run(nodes, chain('Start', 'List Tokens'), {
		baseUrl: 'http://127.0.0.1:9/oneshot/api/v1',
	});
	const error = errorOf(run, 'List Tokens') as { message: string; description: string };
	expect(error.message).toMatch(/Could not connect to the Optimizer at 127.0.0.1:9/);
	expect(error.description).toMatch(/Optimizer URL/);
});
