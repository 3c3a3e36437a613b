/**
 * Contract tests: the node checked against the vendor's own API descriptions, not only against
 * our simulator.
 * - Every operation the node has on a generation runs through n8n-core's real engine, over real
 *   HTTP, through a proxy that validates each request against the vendor's OpenAPI document
 *   (docs/vendor/: the legacy one is the vendor's, the current one written from its pages) before
 *   the (strict) simulator answers. Findings the vendor's document itself contradicts are excused
 *   only by the exceptions listed, with their justification, in ./vendor-spec.js.
 * - Every documented success example parses into the node's output.
 */
import { startSimulator } from '../simulator';
import type { Simulator } from '../simulator';
import { chain, cleanupN8nCore, errorOf, outputOf } from '../support/harness';
import {
	binaryEntry,
	fixture,
	mp4,
	oneShot,
	pdf,
	png,
	signerInbox,
	trigger,
} from '../support/nodes';
import { SIGNER, makeRunner } from '../integration/common';
import {
	messageOf,
	parseAsyncStatus,
	parseImageUid,
	parseRequestInfo,
	parseRequestPk,
	parseStoredFileList,
	parseTokenInfo,
	parseTokenList,
	parseTokenUid,
	parseUploadResult,
	parseVersion,
	parseVideoIdCreated,
} from '../../nodes/shared/responses';

import { startValidatingProxy } from './validating-proxy';
import { EXCEPTIONS, loadVendorApi, successExamples } from './vendor-spec';

type Generation = 'legacy' | 'current';
interface Checked {
	method: string;
	path: string;
	operationId?: string;
	errors: string[];
	excused: string[];
	status: number;
}
interface Proxy {
	url: string;
	checked: Checked[];
	close: () => Promise<void>;
}

const PREFIX: Record<Generation, string> = { legacy: '/api/v1', current: '/oneshot/api/v1' };

/**
 * Operations of the vendor's documents the node does not offer, and why. Anything else in the
 * document must be exercised by the workflows below.
 */
const NOT_OFFERED: Record<Generation, Record<string, string>> = {
	legacy: {
		get_settings: 'server configuration, an administrator task (removed in the current Optimizer)',
		update_settings:
			'server configuration, an administrator task (removed in the current Optimizer)',
		list_metadata: 'PDF metadata upload is not part of the node',
		upload_metadata: 'PDF metadata upload is not part of the node',
		delete_all_metadata: 'PDF metadata upload is not part of the node',
		get_metadata: 'PDF metadata upload is not part of the node',
		delete_metadata: 'PDF metadata upload is not part of the node',
		update_request: 'the 2-step Video ID review of 2021 Optimizers; not in the current Optimizer',
	},
	current: {},
};

const FRONT = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 5)]);
const FILES = {
	data: binaryEntry(pdf('Contract', 300), 'contract.pdf'),
	annex: binaryEntry(pdf('Annex'), 'annex.pdf'),
	sig: binaryEntry(png(300, 100), 'signature.png', 'image/png'),
	front: binaryEntry(FRONT, 'front.jpg', 'image/jpeg'),
	selfie: binaryEntry(png(120, 160), 'selfie.png', 'image/png'),
	video: binaryEntry(mp4(4096), 'session.mp4', 'video/mp4'),
};
const PK = "={{ $('Create').item.json.requestPk }}";

/** The workflows that together call every operation the node has on `generation`. */
function workflows(generation: Generation, simUrl: string) {
	const legacy = generation === 'legacy';
	const only = <T>(cond: boolean, nodes: T[]) => (cond ? nodes : []);
	const tokens = [
		trigger,
		oneShot('Create Token', {
			resource: 'token',
			operation: 'create',
			username: '9001800',
			password: 'Gy6F89xK',
			pin: 'p1n',
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
	const classic = [
		trigger,
		fixture('Files', [{ json: {}, binary: FILES }]),
		oneShot('Image', { resource: 'image', operation: 'upload', binaryPropertyName: 'sig' }),
		oneShot('Create', { resource: 'request', operation: 'create', ...SIGNER }),
		oneShot('Upload', {
			resource: 'document',
			operation: 'upload',
			requestPk: PK,
			binaryPropertyName: 'data, annex',
		}),
		...only(legacy, [
			oneShot('List Documents', { resource: 'document', operation: 'getMany', requestPk: PK }),
		]),
		oneShot('Contract', { resource: 'document', operation: 'getContract', requestPk: PK }),
		oneShot('OTP', { resource: 'request', operation: 'generateOtp', requestPk: PK }),
		signerInbox('Signer', simUrl),
		oneShot('Sign', {
			resource: 'request',
			operation: 'sign',
			requestPk: PK,
			secret: '={{ $json.code }}',
			waitForCompletion: false,
		}),
		oneShot('Download', {
			resource: 'document',
			operation: 'download',
			requestPk: PK,
			documentUid: {
				__rl: true,
				mode: 'id',
				value: "={{ $('Upload').item.json.documents[0].uid }}",
			},
			documentType: 'signed',
			binaryPropertyName: 'copy',
		}),
		...only(legacy, [
			oneShot('Get Request', { resource: 'request', operation: 'get', requestPk: PK }),
			oneShot('Async Status', { resource: 'request', operation: 'getAsyncStatus', requestPk: PK }),
		]),
		oneShot('Delete Document', {
			resource: 'document',
			operation: 'delete',
			requestPk: PK,
			documentUid: "={{ $('Upload').item.json.documents[0].uid }}",
		}),
		oneShot('Delete All', { resource: 'document', operation: 'deleteAll', requestPk: PK }),
		oneShot('Get Image', {
			resource: 'image',
			operation: 'get',
			imageUid: { __rl: true, mode: 'id', value: "={{ $('Image').item.json.imageUid }}" },
			binaryPropertyName: 'imageCopy',
		}),
		...only(legacy, [oneShot('List Images', { resource: 'image', operation: 'getMany' })]),
		oneShot(
			'Delete Image',
			{
				resource: 'image',
				operation: 'delete',
				imageUid: "={{ $('Image').item.json.imageUid }}",
			},
			{ executeOnce: true },
		),
		...only(legacy, [oneShot('Delete Images', { resource: 'image', operation: 'deleteAll' })]),
	];
	const cancel = [
		trigger,
		oneShot('Create', { resource: 'request', operation: 'create', ...SIGNER }),
		oneShot('Cancel', { resource: 'request', operation: 'cancel', requestPk: PK }),
	];
	const videoCreate = (name: string) =>
		oneShot(name, {
			resource: 'videoId',
			operation: 'create',
			mobilePhoneNumber: '+34 600 111 222',
			email: 'signer@example.com',
		});
	const videoId = [
		trigger,
		fixture('Files', [{ json: {}, binary: FILES }]),
		videoCreate('Create Video ID'),
		oneShot('Evidences', {
			resource: 'videoId',
			operation: 'uploadEvidences',
			givenName: 'Ana',
			surname1: 'Pérez',
			serialNumber: 'X1234567Z',
			images: { documentFront: 'front', documentOwner: 'selfie' },
		}),
		oneShot('Video', {
			resource: 'videoId',
			operation: 'uploadVideo',
			binaryPropertyName: 'video',
		}),
		oneShot('Approve', { resource: 'videoId', operation: 'approve' }),
		...only(legacy, [
			oneShot('Download Video', {
				resource: 'videoId',
				operation: 'downloadVideo',
				binaryPropertyName: 'recording',
			}),
		]),
	];
	const refuse = [
		trigger,
		videoCreate('Create Video ID'),
		oneShot('Refuse', { resource: 'videoId', operation: 'refuse', reason: 'Blurred document' }),
	];
	const optimizer = [
		trigger,
		oneShot('Hello', { resource: 'optimizer', operation: 'checkConnection' }),
		oneShot('Version', { resource: 'optimizer', operation: 'getVersion' }),
	];
	// One item from Upload on: it answers one item per document.
	const once = (nodes: Array<{ name: string }>) =>
		nodes.map((n, i) =>
			i > nodes.findIndex((m) => m.name === 'Upload') ? { ...n, executeOnce: true } : n,
		);
	return [tokens, once(classic), videoId, refuse, ...(legacy ? [cancel, optimizer] : [])];
}

describe.each(['legacy', 'current'] as Generation[])(
	'%s generation: every request validates against the vendor description',
	(generation) => {
		let sim: Simulator;
		let proxy: Proxy;
		let runner: ReturnType<typeof makeRunner>;

		beforeAll(async () => {
			sim = await startSimulator({ signDelayMs: 5, callbackDelayMs: 5 });
			proxy = await startValidatingProxy(sim.url, generation);
			runner = makeRunner(sim);
		});
		afterAll(async () => {
			await proxy.close();
			await sim.close();
			await cleanupN8nCore();
		});

		test('every operation the node offers sends what the document describes', async () => {
			const credentials = {
				baseUrl: `${proxy.url}${PREFIX[generation]}`,
				apiGeneration: generation,
				registrationAuthority: '1000',
				profile: 'PFnubeQAFCiudadano',
			};
			for (const nodes of workflows(generation, sim.url)) {
				const names = nodes.map((n) => n.name);
				const { run } = await runner.run(nodes, chain(...names), credentials);
				const failed = names.find((n) => errorOf(run, n));
				const error = failed
					? (errorOf(run, failed) as { message?: string; description?: string })
					: undefined;
				expect({ failed, message: error?.message, description: error?.description }).toEqual({
					failed: undefined,
					message: undefined,
					description: undefined,
				});
				expect(run.status).toBe('success');
			}
			expect(outputOf).toBeDefined();
			const invalid = proxy.checked
				.filter((c) => c.errors.length > 0)
				.map(
					(c) =>
						`${c.method} ${c.path} (${c.operationId ?? 'no operation'}): ${c.errors.join('; ')}`,
				);
			expect(invalid).toEqual([]);
			expect(proxy.checked.every((c) => c.status >= 200 && c.status < 300)).toBe(true);

			const vendor = await loadVendorApi(generation);
			const all = vendor.operations().map((o) => String(o.operationId));
			const called = new Set(proxy.checked.map((c) => c.operationId));
			const notCalled = all.filter((id) => !called.has(id)).sort();
			expect(notCalled).toEqual(Object.keys(NOT_OFFERED[generation]).sort());
		});

		test('only the documented exceptions excuse a finding', () => {
			const used = new Set(proxy.checked.flatMap((c) => c.excused));
			const known = new Set(EXCEPTIONS.map((e: { id: string }) => e.id));
			for (const id of used) expect(known.has(id)).toBe(true);
		});
	},
);

/** The node's reading of each documented success answer, by vendor operation. */
const READERS: Record<string, (body: unknown) => unknown> = {
	hello: messageOf,
	version: parseVersion,
	create_token: parseTokenUid,
	get_token: (b) => parseTokenInfo('a44765ab8ca04e429a565f02d22179a0', b),
	list_tokens: parseTokenList,
	delete_token: messageOf,
	create_request: parseRequestPk,
	get_request: (b) => parseRequestInfo(45836, b),
	cancel_request: messageOf,
	async_status: parseAsyncStatus,
	generate_otp: messageOf,
	sign: messageOf,
	upload_document: parseUploadResult,
	list_documents: parseStoredFileList,
	delete_document: messageOf,
	delete_all_documents: messageOf,
	upload_image: parseImageUid,
	list_images: parseStoredFileList,
	delete_image: messageOf,
	delete_all_images: messageOf,
	create_videoid: parseVideoIdCreated,
	upload_data: messageOf,
	upload_video: messageOf,
	approve_request: messageOf,
	refuse_request: messageOf,
	call_list_tokens: parseTokenList,
	call_create_token: parseTokenUid,
	call_get_token: (b) => parseTokenInfo('14185cd9-c6ec-30f4-9f59-a844a77bc234', b),
	call_delete_token: messageOf,
	call_create_api_v1_create_post: parseRequestPk,
	call_upload_document_api_v1_document__request_pk__post: parseUploadResult,
	call_delete_documents: messageOf,
	call_delete_document: messageOf,
	call_generate_otp_api_v1_otp__request_pk__post: messageOf,
	call_sign: messageOf,
	call_upload_image: parseImageUid,
	call_create_videoid: parseVideoIdCreated,
};

describe.each(['legacy', 'current'] as Generation[])(
	'%s generation: documented success examples parse into the node output',
	(generation) => {
		test('every example of an operation the node offers is understood', async () => {
			const vendor = await loadVendorApi(generation);
			const examples = successExamples(vendor.document).filter(
				(e: { operationId: string }) => !(e.operationId in NOT_OFFERED[generation]),
			);
			expect(examples.length).toBeGreaterThan(10);
			const notUnderstood = examples
				.filter((e: { operationId: string; value: unknown }) => {
					const read = READERS[e.operationId];
					if (!read) return true;
					const out = read(e.value);
					return out === undefined || out === null || (Array.isArray(out) && out.length === 0);
				})
				.map((e: { operationId: string; name: string }) => `${e.operationId} (${e.name})`);
			expect(notUnderstood).toEqual([]);
		});

		test('key values are read as documented', async () => {
			const vendor = await loadVendorApi(generation);
			const byOp = (id: string) =>
				successExamples(vendor.document).find((e: { operationId: string }) => e.operationId === id)
					?.value;
			if (generation === 'legacy') {
				expect(parseRequestPk(byOp('create_request'))).toBe(29571);
				expect(parseTokenUid(byOp('create_token'))).toBe('a44765ab8ca04e429a565f02d22179a0');
				expect(parseAsyncStatus(byOp('async_status'))).toBe('approved');
			} else {
				expect(parseRequestPk(byOp('call_create_api_v1_create_post'))).toBe(388141);
				expect(parseVideoIdCreated(byOp('call_create_videoid'))).toMatchObject({
					videoIdPk: 16673,
					requestPk: 1012632,
				});
				expect(parseTokenInfo('x', byOp('call_get_token'))).toMatchObject({
					passwordStored: true,
					pinStored: false,
				});
			}
		});
	},
);
