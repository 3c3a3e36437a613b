/**
 * "From List" of the resource locators (tokens, a request's documents, signature images), run in
 * n8n-core's real LoadOptionsContext against the simulator, as the editor runs them.
 */
import { startSimulator } from '../simulator';
import type { Simulator } from '../simulator';
import { chain, cleanupN8nCore, outputOf } from '../support/harness';
import { listSearch } from '../support/load-options';
import { binaryEntry, fixture, oneShot, pdf, png, trigger } from '../support/nodes';
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
beforeEach(() => sim.reset());

const legacyCredentials = () =>
	runner.credentialData({ baseUrl: sim.legacyBaseUrl, apiGeneration: 'legacy' });

interface SearchResult {
	results: Array<{ name: string; value: string; description?: string }>;
}

describe.each(['current', 'legacy'] as const)('tokens on the %s Optimizer', (generation) => {
	const credentials = () =>
		generation === 'legacy' ? legacyCredentials() : runner.credentialData();

	test('every token is listed with its RAO; the search box filters', async () => {
		const parameters = { resource: 'token', operation: 'get' };
		const all = (await listSearch({
			method: 'searchTokens',
			parameters,
			credentials: credentials(),
		})) as SearchResult;
		expect(all.results).toContainEqual({
			name: 'RAO 1125824 (3bf8d8eb…)',
			value: sim.sandboxToken,
		});
		const some = (await listSearch({
			method: 'searchTokens',
			parameters,
			credentials: credentials(),
			filter: '1125824',
		})) as SearchResult;
		expect(some.results.map((r) => r.value)).toEqual([sim.sandboxToken]);
		const none = (await listSearch({
			method: 'searchTokens',
			parameters,
			credentials: credentials(),
			filter: 'nobody',
		})) as SearchResult;
		expect(none.results).toEqual([]);
	});
});

test('documents of a request: listed on a legacy Optimizer for a typed Request ID', async () => {
	const { run } = await runner.run(
		[
			trigger,
			fixture('Files', [
				{
					json: {},
					binary: {
						data: binaryEntry(pdf('A'), 'offer.pdf'),
						annex: binaryEntry(pdf('B'), 'terms.pdf'),
					},
				},
			]),
			oneShot('Create', { resource: 'request', operation: 'create', ...SIGNER }),
			oneShot('Upload', {
				resource: 'document',
				operation: 'upload',
				binaryPropertyName: 'data, annex',
			}),
		],
		chain('Start', 'Files', 'Create', 'Upload'),
	);
	const pk = outputOf(run, 'Create')[0].json.requestPk as number;
	const uploaded = outputOf(run, 'Upload')[0].json.documents as Array<{
		uid: string;
		fileName: string;
	}>;
	const parameters = { resource: 'document', operation: 'download', requestPk: String(pk) };
	const found = (await listSearch({
		method: 'searchDocuments',
		parameters,
		credentials: legacyCredentials(),
	})) as SearchResult;
	expect(found.results.map((r) => r.value).sort()).toEqual(uploaded.map((d) => d.uid).sort());
	const offer = found.results.find((r) => r.name.startsWith('offer.pdf'))!;
	expect(offer.value).toBe(uploaded.find((d) => d.fileName === 'offer.pdf')!.uid);
	expect(offer.description).toMatch(/^Uploaded \d{2}\/\d{2}\/\d{4}/);

	const filtered = (await listSearch({
		method: 'searchDocuments',
		parameters,
		credentials: legacyCredentials(),
		filter: 'terms',
	})) as SearchResult;
	expect(filtered.results.map((r) => r.name)).toEqual([expect.stringMatching(/^terms\.pdf \(/)]);

	// an expression is only known when the workflow runs
	await expect(
		listSearch({
			method: 'searchDocuments',
			parameters: { ...parameters, requestPk: '={{ $json.requestPk }}' },
			credentials: legacyCredentials(),
		}),
	).rejects.toThrow(/only for a fixed Request ID/);
	// the current Optimizer cannot list documents
	await expect(
		listSearch({ method: 'searchDocuments', parameters, credentials: runner.credentialData() }),
	).rejects.toThrow(/Listing the documents of a request is not possible on the current Optimizer/);
});

test('signature images: listed with their size on a legacy Optimizer; not on the current one', async () => {
	const { run } = await runner.run(
		[
			trigger,
			fixture('Files', [
				{ json: {}, binary: { data: binaryEntry(png(640, 200), 'seal.png', 'image/png') } },
			]),
			oneShot('Image', { resource: 'image', operation: 'upload' }),
		],
		chain('Start', 'Files', 'Image'),
	);
	const imageUid = outputOf(run, 'Image')[0].json.imageUid as string;
	const parameters = { resource: 'image', operation: 'get' };
	const found = (await listSearch({
		method: 'searchImages',
		parameters,
		credentials: legacyCredentials(),
	})) as SearchResult;
	expect(found.results).toEqual([
		{
			name: `seal.png 640×200 (${imageUid.slice(0, 8)}…)`,
			value: imageUid,
			description: expect.stringMatching(/^Uploaded /),
		},
	]);
	await expect(
		listSearch({ method: 'searchImages', parameters, credentials: runner.credentialData() }),
	).rejects.toThrow(/Listing signature images is not possible on the current Optimizer/);
});
