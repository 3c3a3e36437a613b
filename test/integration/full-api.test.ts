/**
 * Every operation of the full API on both Optimizer generations, through n8n-core's real engine
 * and real HTTP against the simulator: where a generation has the call, the same normalised
 * output; where it has not, a plain message and no HTTP call at all.
 */
import { createHash } from 'crypto';
import type { IDataObject, INodeExecutionData, IRun } from 'n8n-workflow';

import { startSimulator } from '../simulator';
import type { Simulator } from '../simulator';
import { chain, cleanupN8nCore, errorOf, outputOf, readBinaryFile } from '../support/harness';
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
import { SIGNER, makeRunner } from './common';

let sim: Simulator;
let runner: ReturnType<typeof makeRunner>;

beforeAll(async () => {
	sim = await startSimulator({ signDelayMs: 5, asyncSignDelayMs: 50, callbackDelayMs: 5 });
	runner = makeRunner(sim);
});
afterAll(async () => {
	await sim.close();
	await cleanupN8nCore();
});
beforeEach(() => {
	sim.reset({ options: true });
});

type Generation = 'current' | 'legacy';
const GENERATIONS: Generation[] = ['current', 'legacy'];

interface NodeErrorShape {
	message: string;
	description?: string;
	httpCode?: string | null;
}

const credentialsFor = (generation: Generation) =>
	generation === 'legacy' ? { baseUrl: sim.legacyBaseUrl, apiGeneration: 'legacy' } : {};
const prefixOf = (generation: Generation) =>
	generation === 'legacy' ? '/api/v1' : '/oneshot/api/v1';

async function run(generation: Generation, nodes: unknown[], names: string[]) {
	const { run: result } = await runner.run(nodes, chain(...names), credentialsFor(generation));
	return result;
}

function failure(result: IRun, node: string): NodeErrorShape {
	expect(result.status).toBe('error');
	const error = errorOf(result, node) as NodeErrorShape | undefined;
	if (!error) throw new Error(`node ${node} did not fail`);
	return error;
}

const calls = () => sim.requestLog.map((entry) => `${entry.method} ${entry.path}`);

/** Start → Files (binaries) → Create → Upload of `data` (and `annex` when given). */
function prepared(binaries: Record<string, unknown>, upload = 'data', create: IDataObject = {}) {
	return {
		nodes: [
			trigger,
			fixture('Files', [{ json: {}, binary: binaries }]),
			oneShot('Create', { resource: 'request', operation: 'create', ...SIGNER, ...create }),
			oneShot('Upload', {
				resource: 'document',
				operation: 'upload',
				binaryPropertyName: upload,
			}),
		],
		names: ['Start', 'Files', 'Create', 'Upload'],
	};
}

const DOCS = {
	data: binaryEntry(pdf('Contract', 300), 'contract.pdf'),
	annex: binaryEntry(pdf('Annex'), 'annex.pdf'),
	sig: binaryEntry(png(300, 100), 'signature.png', 'image/png'),
};

/** The plain-words answer where a generation lacks an operation, without any HTTP call. */
function expectUnavailable(result: IRun, node: string, what: RegExp, instead: RegExp) {
	const error = failure(result, node);
	expect(error.message).toMatch(what);
	expect(error.message).toMatch(/is not possible on the current Optimizer \(\/oneshot\/api\/v1\)/);
	expect(error.description).toMatch(instead);
	expect(error.description).toMatch(/set "API Generation" in the credential/);
}

describe.each(GENERATIONS)('%s Optimizer', (generation) => {
	const legacy = generation === 'legacy';
	const prefix = prefixOf(generation);

	describe('signature requests', () => {
		test('Get: status and signer data (legacy); the current Optimizer says it has no such call', async () => {
			const { nodes, names } = prepared(DOCS);
			const result = await run(
				generation,
				[...nodes, oneShot('Get', { resource: 'request', operation: 'get' })],
				[...names, 'Get'],
			);
			if (!legacy) {
				expectUnavailable(
					result,
					'Get',
					/Getting a signature request/,
					/Uanataca One-Shot Trigger/,
				);
				expect(calls().some((c) => c.startsWith('GET /oneshot/api/v1/request'))).toBe(false);
				return;
			}
			const pk = outputOf(result, 'Create')[0].json.requestPk;
			const [item] = outputOf(result, 'Get');
			expect(item.json).toMatchObject({
				requestPk: pk,
				status: 'ENROLLREADY',
				readyToSign: true,
				signed: false,
				profile: 'PFnubeQAFCiudadano',
				videoIdMode: false,
				signer: {
					givenName: 'María',
					surname1: 'García',
					email: 'maria@example.com',
					mobilePhoneNumber: '+34600123123',
					serialNumber: '12345678Z',
					idDocumentType: 'IDC',
					idDocumentCountry: 'ES',
				},
			});
			expect(item.pairedItem).toEqual({ item: 0 });
		});

		test('Cancel: removes the request (legacy); the current Optimizer says what to do instead', async () => {
			const { nodes, names } = prepared(DOCS);
			const result = await run(
				generation,
				[...nodes, oneShot('Cancel', { resource: 'request', operation: 'cancel' })],
				[...names, 'Cancel'],
			);
			const pk = outputOf(result, 'Create')[0].json.requestPk as number;
			if (!legacy) {
				expectUnavailable(result, 'Cancel', /Cancelling a signature request/, /Delete All/);
				expect(sim.getRequest(pk)).toBeDefined();
				expect(calls().some((c) => c.startsWith('DELETE /oneshot/api/v1/request'))).toBe(false);
				return;
			}
			expect(outputOf(result, 'Cancel')[0].json).toEqual({
				requestPk: pk,
				cancelled: true,
				message: 'Request directory removed successfully',
			});
			expect(sim.getRequest(pk)).toBeUndefined();
			expect(calls()).toContain(`DELETE /api/v1/request/${pk}`);
		});

		test('Get Asynchronous Status (legacy only)', async () => {
			const nodes = [
				trigger,
				oneShot('Create Async', {
					resource: 'request',
					operation: 'create',
					...SIGNER,
					asyncMode: true,
				}),
				oneShot('Status', { resource: 'request', operation: 'getAsyncStatus' }),
				oneShot('Create Sync', { resource: 'request', operation: 'create', ...SIGNER }),
				oneShot('Status Sync', { resource: 'request', operation: 'getAsyncStatus' }),
			];
			const result = await run(generation, nodes, [
				'Start',
				'Create Async',
				'Status',
				'Create Sync',
				'Status Sync',
			]);
			if (!legacy) {
				expectUnavailable(
					result,
					'Status',
					/Getting the asynchronous status/,
					/removed in the current Optimizer/,
				);
				return;
			}
			expect(outputOf(result, 'Status')[0].json).toMatchObject({
				asyncStatus: 'approved',
				asyncMode: true,
				message: null,
			});
			expect(outputOf(result, 'Status Sync')[0].json).toMatchObject({
				asyncStatus: 'Unknown',
				asyncMode: false,
			});
		});

		test('Generate OTP by WhatsApp', async () => {
			const { nodes, names } = prepared(DOCS);
			const result = await run(
				generation,
				[
					...nodes,
					oneShot('OTP', {
						resource: 'request',
						operation: 'generateOtp',
						options: { deliveryMethod: 'whatsapp' },
					}),
				],
				[...names, 'OTP'],
			);
			const [item] = outputOf(result, 'OTP');
			expect(item.json).toMatchObject({ otpSent: true, deliveryMethod: 'whatsapp' });
			expect(sim.getRequest(item.json.requestPk as number)!.otp!.deliveryMethod).toBe('whatsapp');
			expect(calls()).toContain(`POST ${prefix}/otp/${item.json.requestPk}`);
		});
	});

	describe('sign', () => {
		/** Create → Upload (2 PDFs) → Image → OTP → Signer → Sign with the given parameters. */
		function signFlow(sign: IDataObject) {
			const { nodes, names } = prepared(DOCS, 'data, annex');
			return {
				nodes: [
					...nodes,
					oneShot('Image', {
						resource: 'image',
						operation: 'upload',
						binaryPropertyName: 'sig',
					}),
					oneShot('OTP', {
						resource: 'request',
						operation: 'generateOtp',
						requestPk: "={{ $('Create').item.json.requestPk }}",
					}),
					signerInbox('Signer', sim.url),
					oneShot('Sign', {
						resource: 'request',
						operation: 'sign',
						secret: '={{ $json.code }}',
						waitForCompletion: false,
						...sign,
					}),
				],
				names: [...names, 'Image', 'OTP', 'Signer', 'Sign'],
			};
		}

		test('visible signature from a corner preset, text, date format, time zone and image', async () => {
			const { nodes, names } = signFlow({
				visibleSignature: true,
				signaturePosition: 'bottomRight',
				signaturePage: 2,
				signatureText: 'Signed by %(CN)\nOn %(DATE)s',
				signatureImage: {
					__rl: true,
					mode: 'id',
					value: "={{ $('Image').item.json.imageUid }}",
				},
				appearanceOptions: { dateFormat: '%Y-%m-%d', timeZone: 'Europe/Warsaw' },
			});
			const result = await run(generation, nodes, names);
			expect(result.data.resultData.error?.message).toBeUndefined();
			const imageUid = outputOf(result, 'Image')[0].json.imageUid as string;
			const pk = outputOf(result, 'Create')[0].json.requestPk as number;
			const uids = (outputOf(result, 'Upload')[0].json.documents as IDataObject[]).map(
				(d) => d.uid as string,
			);
			expect(outputOf(result, 'Sign')[0].json).toMatchObject({ signed: true, status: 'signed' });
			const body = sim.getRequest(pk)!.signOptions!;
			// "%(CN)" is completed to "%(CN)s"; page 2 for people is page 1 for the API
			const text = ['Signed by %(CN)s', 'On %(DATE)s'];
			const position = '359,36,559,96';
			if (legacy) {
				expect(body).toEqual({
					secret: '***',
					use_signature_text: true,
					signature_format: {
						text_format: text,
						date_format: '%Y-%m-%d',
						timezone: 'Europe/Warsaw',
					},
					options: Object.fromEntries(
						uids.map((uid) => [uid, { position, page: 1, image: imageUid }]),
					),
				});
			} else {
				expect(body).toEqual({
					secret: '***',
					signature: {
						appearance: {
							text,
							position,
							page: 1,
							date: '%Y-%m-%d',
							timezone: 'Europe/Warsaw',
							image: imageUid,
						},
					},
				});
			}
		});

		test('exact coordinates, image only (no text)', async () => {
			const { nodes, names } = signFlow({
				visibleSignature: true,
				signaturePosition: 'coordinates',
				signatureCoordinates: '50, 700 250 780',
				signatureImage: "={{ $('Image').item.json.imageUid }}",
				appearanceOptions: { showText: false },
			});
			const result = await run(generation, nodes, names);
			expect(result.data.resultData.error?.message).toBeUndefined();
			const pk = outputOf(result, 'Create')[0].json.requestPk as number;
			const body = sim.getRequest(pk)!.signOptions!;
			if (legacy) {
				expect(body.use_signature_text).toBe(false);
				expect(Object.values(body.options as IDataObject)[0]).toMatchObject({
					position: '50,700,250,780',
					page: 0,
				});
				expect(body.signature_format).toEqual({
					date_format: '%d/%m/%Y %H:%M:%S',
					timezone: 'Europe/Madrid',
				});
			} else {
				expect((body.signature as IDataObject).appearance).toMatchObject({
					text: [],
					position: '50,700,250,780',
					page: 0,
				});
			}
		});

		test('placement per document: legacy places each document; the current Optimizer refuses before signing', async () => {
			const { nodes, names } = signFlow({
				visibleSignature: true,
				signaturePosition: 'topLeft',
				documentUids: "={{ $('Upload').item.json.documents.map(d => d.uid).join(',') }}",
				documentPlacements: {
					placement: [
						{
							documentUid: "={{ $('Upload').item.json.documents[1].uid }}",
							position: 'coordinates',
							coordinates: '10,10,110,60',
							page: 3,
						},
					],
				},
			});
			const result = await run(generation, nodes, names);
			const pk = outputOf(result, 'Create')[0].json.requestPk as number;
			if (!legacy) {
				const error = failure(result, 'Sign');
				expect(error.message).toMatch(/works only with a legacy Optimizer/);
				expect(calls()).not.toContain(`POST ${prefix}/sign/${pk}`);
				return;
			}
			const [first, second] = (outputOf(result, 'Upload')[0].json.documents as IDataObject[]).map(
				(d) => d.uid as string,
			);
			expect(sim.getRequest(pk)!.signOptions!.options).toEqual({
				[first]: { position: '36,746,236,806', page: 0 },
				[second]: { position: '10,10,110,60', page: 2 },
			});
		});

		test('mistakes in the appearance are explained before calling the Optimizer', async () => {
			for (const [extra, message] of [
				[
					{ signaturePosition: 'coordinates', signatureCoordinates: '300,100,200,50' },
					/second corner/,
				],
				[{ appearanceOptions: { timeZone: 'Mars/Olympus' } }, /not a time zone/],
				[{ signatureText: 'Paid 100% by %(CN)s' }, /"%" that is not a variable/],
				[{ appearanceOptions: { showText: false } }, /would be empty/],
			] as Array<[IDataObject, RegExp]>) {
				sim.reset({ options: true });
				const { nodes, names } = signFlow({ visibleSignature: true, ...extra });
				const result = await run(generation, nodes, names);
				expect(failure(result, 'Sign').message).toMatch(message);
				expect(calls().some((c) => c.includes('/sign/'))).toBe(false);
			}
		});

		test('an image UID the Optimizer does not know: its message and what to do', async () => {
			const { nodes, names } = signFlow({
				visibleSignature: true,
				signatureImage: 'no-such-image-uid',
			});
			const result = await run(generation, nodes, names);
			const error = failure(result, 'Sign');
			expect(error.httpCode).toBe('404');
			expect(error.message).toMatch(/no-such-image-uid cannot be found on disk/);
			expect(error.description).toMatch(/Image → Upload/);
		});

		test('external authentication with the customer code instead of an OTP', async () => {
			const { nodes, names } = prepared(DOCS);
			const sign = (name: string, secret: string) =>
				oneShot(name, {
					resource: 'request',
					operation: 'sign',
					requestPk: "={{ $('Create').item.json.requestPk }}",
					secret,
					signerAuthentication: 'external',
					extUnlockType: 'biometric',
					extUnlockValue: '12345678-12345678',
					waitForCompletion: false,
				});
			const wrong = await run(
				generation,
				[...nodes, sign('Sign', 'WRONG-CODE')],
				[...names, 'Sign'],
			);
			const error = failure(wrong, 'Sign');
			expect(error.httpCode).toBe('403');
			expect(error.description).toMatch(/code is wrong or has expired/);
			expect(`${error.message} ${error.description}`).not.toContain('WRONG-CODE');

			const result = await run(
				generation,
				[...nodes, sign('Sign', sim.options.customerCode)],
				[...names, 'Sign'],
			);
			expect(outputOf(result, 'Sign')[0].json).toMatchObject({ signed: true });
			const pk = outputOf(result, 'Create')[0].json.requestPk as number;
			expect(sim.getRequest(pk)!.signOptions).toEqual({
				secret: '***',
				ext_unlock_type: 'biometric',
				ext_unlock_value: '12345678-12345678',
			});
			// no OTP was needed
			expect(calls().some((c) => c.includes('/otp/'))).toBe(false);
		});
	});

	describe('hash signing', () => {
		const digest = createHash('sha256').update('the data to sign').digest();
		const hashFile = Buffer.from(
			JSON.stringify({ messageDigest: digest.toString('base64'), digestAlgorithm: 'sha256' }),
		);

		test.each(['named', 'bare'] as const)(
			'a hash file and a digest are signed into .p7m files (download headers %s)',
			async (headers) => {
				sim.options.downloadHeaders = headers;
				const nodes = [
					trigger,
					fixture('Files', [
						{
							json: {},
							binary: { hash: binaryEntry(hashFile, 'invoice.json', 'application/json') },
						},
					]),
					oneShot('Create', { resource: 'request', operation: 'create', ...SIGNER }),
					oneShot('Upload File', {
						resource: 'document',
						operation: 'upload',
						uploadMode: 'hash',
						hashSource: 'file',
						binaryPropertyName: 'hash',
					}),
					oneShot('Upload Digest', {
						resource: 'document',
						operation: 'upload',
						uploadMode: 'hash',
						hashSource: 'digest',
						messageDigest: digest.toString('hex'),
					}),
					oneShot('OTP', { resource: 'request', operation: 'generateOtp' }),
					signerInbox('Signer', sim.url),
					oneShot('Sign', {
						resource: 'request',
						operation: 'sign',
						secret: '={{ $json.code }}',
						options: { returnSignedDocuments: true, pollIntervalSeconds: 1 },
					}),
					oneShot('Download', {
						resource: 'document',
						operation: 'download',
						requestPk: "={{ $('Create').item.json.requestPk }}",
						documentUid: {
							__rl: true,
							mode: 'id',
							value: "={{ $('Upload File').item.json.documents[0].uid }}",
						},
						documentType: 'signed',
						binaryPropertyName: 'p7m',
					}),
				];
				const result = await run(generation, nodes, [
					'Start',
					'Files',
					'Create',
					'Upload File',
					'Upload Digest',
					'OTP',
					'Signer',
					'Sign',
					'Download',
				]);
				expect(result.data.resultData.error?.message).toBeUndefined();
				const pk = outputOf(result, 'Create')[0].json.requestPk as number;
				expect(outputOf(result, 'Upload File')[0].json).toMatchObject({
					mode: 'hash',
					count: 1,
					documents: [{ kind: 'hash', field: 'hashfile', fileName: 'invoice.json' }],
				});
				// the digest was given in hexadecimal: the hash file carries it in Base64
				const written = sim.getRequest(pk)!.documents[1];
				expect(JSON.parse(written.original.toString('utf8'))).toEqual({
					messageDigest: digest.toString('base64'),
					digestAlgorithm: legacy ? 'sha256' : 'sha256WithRSAEncryption',
					addAuthAttribute: 1,
					addSigningTime: 1,
					otherAuthAttributes: [],
				});
				const [signed] = outputOf(result, 'Sign');
				for (const key of ['signed_0', 'signed_1']) {
					expect(signed.binary![key].fileName).toMatch(/\.p7m$/);
					expect(signed.binary![key].mimeType).toBe('application/pkcs7-mime');
				}
				const [download] = outputOf(result, 'Download');
				expect(download.json.mimeType).toBe('application/pkcs7-mime');
				expect(download.json.fileName).toMatch(/\.p7m$/);
				const bytes = await readBinaryFile(download.binary!.p7m);
				expect(bytes[0]).toBe(0x30);
				expect(bytes.includes(digest)).toBe(true);
			},
		);

		test('a file that is not a JSON hash file is refused before calling', async () => {
			const { nodes, names } = prepared(DOCS);
			const result = await run(
				generation,
				[
					...nodes,
					oneShot('Hash', {
						resource: 'document',
						operation: 'upload',
						uploadMode: 'hash',
						binaryPropertyName: 'data',
					}),
				],
				[...names, 'Hash'],
			);
			expect(failure(result, 'Hash').message).toMatch(/"contract.pdf" is not a JSON hash file/);
			expect(calls().filter((c) => c.includes('/document/'))).toHaveLength(1);
		});
	});

	describe('documents', () => {
		test('Get Many lists the documents (legacy), none gives no items; the current Optimizer says to keep the UIDs', async () => {
			const { nodes, names } = prepared(DOCS, 'data, annex');
			const result = await run(
				generation,
				[
					...nodes,
					oneShot('List', { resource: 'document', operation: 'getMany' }),
					oneShot(
						'Delete All',
						{
							resource: 'document',
							operation: 'deleteAll',
							requestPk: "={{ $('Create').item.json.requestPk }}",
						},
						{ executeOnce: true },
					),
					oneShot(
						'List Again',
						{
							resource: 'document',
							operation: 'getMany',
							requestPk: "={{ $('Create').item.json.requestPk }}",
						},
						{ alwaysOutputData: false },
					),
				],
				[...names, 'List', 'Delete All', 'List Again'],
			);
			if (!legacy) {
				expectUnavailable(
					result,
					'List',
					/Listing the documents of a request/,
					/documents\[\]\.uid/,
				);
				return;
			}
			const pk = outputOf(result, 'Create')[0].json.requestPk;
			const listed: IDataObject[] = outputOf(result, 'List').map((i: INodeExecutionData) => i.json);
			expect(listed.map((d) => d.fileName).sort()).toEqual(['annex.pdf', 'contract.pdf']);
			expect(listed[0]).toEqual({
				requestPk: pk,
				documentUid: expect.any(String),
				fileName: expect.any(String),
				mimeType: 'application/pdf',
				fileSize: expect.any(Number),
				uploadDate: expect.stringMatching(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/),
			});
			expect(result.data.resultData.runData['List Again'][0].data?.main[0] ?? []).toEqual([]);
		});

		test('a document chosen by ID, from the list, or as a plain string saved by an older version', async () => {
			const { nodes, names } = prepared(DOCS);
			const uid = "={{ $('Upload').item.json.documents[0].uid }}";
			const download = (name: string, documentUid: unknown) =>
				oneShot(name, {
					resource: 'document',
					operation: 'download',
					requestPk: "={{ $('Create').item.json.requestPk }}",
					documentUid,
					documentType: 'original',
				});
			const result = await run(
				generation,
				[
					...nodes,
					download('By ID', { __rl: true, mode: 'id', value: uid }),
					download('From List', { __rl: true, mode: 'list', value: uid }),
					download('Old String', uid),
				],
				[...names, 'By ID', 'From List', 'Old String'],
			);
			expect(result.data.resultData.error?.message).toBeUndefined();
			const expected = outputOf(result, 'Upload')[0].json.documents as IDataObject[];
			for (const node of ['By ID', 'From List', 'Old String']) {
				expect(outputOf(result, node)[0].json.documentUid).toBe(expected[0].uid);
			}
		});
	});

	describe('images', () => {
		test('Upload (PNG), Get (binary), Delete; List and Delete All on a legacy Optimizer only', async () => {
			const image = png(640, 200);
			const nodes = [
				trigger,
				fixture('Files', [
					{ json: {}, binary: { data: binaryEntry(image, 'seal.png', 'image/png') } },
				]),
				oneShot('Upload', { resource: 'image', operation: 'upload' }),
				oneShot('Get', {
					resource: 'image',
					operation: 'get',
					imageUid: { __rl: true, mode: 'id', value: '={{ $json.imageUid }}' },
					binaryPropertyName: 'copy',
				}),
				oneShot('List', { resource: 'image', operation: 'getMany' }),
				oneShot(
					'Delete',
					{
						resource: 'image',
						operation: 'delete',
						imageUid: "={{ $('Upload').item.json.imageUid }}",
					},
					{ executeOnce: true },
				),
				oneShot('Delete All', { resource: 'image', operation: 'deleteAll' }),
			];
			const result = await run(generation, nodes, [
				'Start',
				'Files',
				'Upload',
				'Get',
				'List',
				'Delete',
				'Delete All',
			]);
			const [uploaded] = outputOf(result, 'Upload');
			expect(Object.keys(uploaded.json).sort()).toEqual(['fileName', 'imageUid', 'message']);
			expect(uploaded.json.fileName).toBe('seal.png');
			const imageUid = uploaded.json.imageUid as string;
			const [got] = outputOf(result, 'Get');
			expect(got.json).toMatchObject({ imageUid, mimeType: 'image/png' });
			expect((await readBinaryFile(got.binary!.copy)).equals(image)).toBe(true);
			if (!legacy) {
				expectUnavailable(result, 'List', /Listing signature images/, /imageUid/);
				return;
			}
			expect(outputOf(result, 'List').map((i: INodeExecutionData) => i.json)).toEqual([
				{
					imageUid,
					fileName: 'seal.png',
					mimeType: 'image/png',
					width: 640,
					height: 200,
					fileSize: null,
					uploadDate: expect.any(String),
				},
			]);
			expect(outputOf(result, 'Delete')[0].json).toEqual({
				imageUid,
				deleted: true,
				message: 'Image deleted',
			});
			expect(outputOf(result, 'Delete All')[0].json).toEqual({
				deleted: true,
				message: 'Images deleted successfully',
			});
		});

		test('Delete All on the current Optimizer says to delete one by one', async () => {
			const result = await run(
				generation,
				[trigger, oneShot('Delete All', { resource: 'image', operation: 'deleteAll' })],
				['Start', 'Delete All'],
			);
			if (legacy) {
				expect(outputOf(result, 'Delete All')[0].json.deleted).toBe(true);
				return;
			}
			expectUnavailable(result, 'Delete All', /Deleting all signature images/, /one by one/);
			expect(sim.requestLog).toHaveLength(0);
		});

		test('a file that is not a PNG is refused before calling', async () => {
			const result = await run(
				generation,
				[
					trigger,
					fixture('Files', [{ json: {}, binary: { data: binaryEntry(pdf('x'), 'sig.pdf') } }]),
					oneShot('Upload', { resource: 'image', operation: 'upload' }),
				],
				['Start', 'Files', 'Upload'],
			);
			const error = failure(result, 'Upload');
			expect(error.message).toMatch(/"sig.pdf" \(binary field "data"\) is not a PNG image/);
			expect(error.description).toMatch(/must be PNG/);
			expect(sim.requestLog).toHaveLength(0);
		});
	});

	describe('Video ID', () => {
		const FRONT = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 5)]);
		const SELFIE = png(120, 160);
		const VIDEO = mp4(4096);

		const create = (extra: IDataObject = {}) =>
			oneShot('Create Video ID', {
				resource: 'videoId',
				operation: 'create',
				mobilePhoneNumber: '+34 600 111 222',
				email: 'signer@example.com',
				...extra,
			});

		test('external Video ID: create, evidences, video, approve — then the request signs as usual', async () => {
			const nodes = [
				trigger,
				fixture('Files', [
					{
						json: {},
						binary: {
							front: binaryEntry(FRONT, 'front.jpg', 'image/jpeg'),
							selfie: binaryEntry(SELFIE, 'selfie.png', 'image/png'),
							video: binaryEntry(VIDEO, 'session.mp4', 'video/mp4'),
							data: DOCS.data,
						},
					},
				]),
				create(),
				oneShot('Evidences', {
					resource: 'videoId',
					operation: 'uploadEvidences',
					givenName: 'Ana',
					surname1: 'Pérez',
					serialNumber: 'X1234567Z',
					securityChecks: ['liveliness', 'document_notexpired'],
					identity: { similarityLevel: '93', idDocumentType: 'PAS', idDocumentCountry: 'pt' },
					images: { documentFront: 'front', documentOwner: 'selfie' },
					acceptance: { ip: '186.0.91.53', date: '2025-06-04T16:24:39.708Z' },
					extraEvidence: '{"videoid_data": {"ocr_data": {"birth_date": "01/01/1990"}}}',
				}),
				oneShot('Video', {
					resource: 'videoId',
					operation: 'uploadVideo',
					binaryPropertyName: 'video',
				}),
				oneShot('Approve', { resource: 'videoId', operation: 'approve' }),
				oneShot('Download Video', {
					resource: 'videoId',
					operation: 'downloadVideo',
					binaryPropertyName: 'recording',
				}),
			];
			const names = ['Start', 'Files', 'Create Video ID', 'Evidences', 'Video', 'Approve'];
			const result = await run(generation, nodes, [...names, 'Download Video']);
			const [created] = outputOf(result, 'Create Video ID');
			expect(Object.keys(created.json).sort()).toEqual([
				'message',
				'requestPk',
				'status',
				'videoIdLink',
				'videoIdPk',
			]);
			expect(created.json.videoIdLink).toMatch(/^https:\/\//);
			expect(created.json.status).toBe('VIDEOPENDING');
			const { requestPk, videoIdPk } = created.json as { requestPk: number; videoIdPk: number };
			// the current example's message (spelled "messsage" there); the legacy answer has none
			expect(created.json.message).toBe(legacy ? null : `VideoID created with pk ${videoIdPk}`);
			const request = sim.getRequest(requestPk)!;
			expect(request.videoid!.pk).toBe(videoIdPk);
			expect(request.status).toBe('ENROLLREADY');
			const evidences = request.videoid!.evidences!;
			expect(evidences.ocr_data).toEqual({
				given_name: 'Ana',
				surname_1: 'Pérez',
				serial_number: 'X1234567Z',
				id_document_type: 'PAS',
				id_document_country: 'PT',
				birth_date: '01/01/1990',
			});
			expect(evidences.images).toEqual({
				document_front: FRONT.length,
				document_owner: SELFIE.length,
			});
			expect(evidences.security_checks).toEqual({
				data_integrity: false,
				document_notcopy: false,
				document_notexpired: true,
				documents_match: false,
				liveliness: true,
				otp_validation: false,
				document_notunderage: false,
			});
			expect(evidences.similarity_level).toBe(93);
			expect(evidences.acceptance).toMatchObject({
				ip: '186.0.91.53',
				date: Date.parse('2025-06-04T16:24:39.708Z'),
			});
			for (const node of ['Evidences', 'Video', 'Approve']) {
				expect(outputOf(result, node)[0].json).toMatchObject({ requestPk, videoIdPk });
			}
			expect(outputOf(result, 'Approve')[0].json).toMatchObject({
				approved: true,
				status: 'ENROLLREADY',
			});
			const paths = calls();
			if (legacy) {
				expect(paths).toEqual(
					expect.arrayContaining([
						'POST /api/v1/videoid',
						`POST /api/v1/videoid/${requestPk}/evidences`,
						`POST /api/v1/videoid/${requestPk}/evidences/video`,
						`POST /api/v1/requests/${requestPk}/approve`,
						`GET /api/v1/videoid/${requestPk}/download/video`,
					]),
				);
				const [video] = outputOf(result, 'Download Video');
				expect(video.json.mimeType).toBe('video/mp4');
				expect((await readBinaryFile(video.binary!.recording)).equals(VIDEO)).toBe(true);
			} else {
				expect(paths).toEqual(
					expect.arrayContaining([
						'POST /oneshot/api/v1/videoid',
						`POST /oneshot/api/v1/videoid/${videoIdPk}/evidences`,
						`POST /oneshot/api/v1/videoid/${videoIdPk}/video`,
						`POST /oneshot/api/v1/videoid/${videoIdPk}/approve`,
					]),
				);
				expectUnavailable(
					result,
					'Download Video',
					/Downloading the Video ID video/,
					/does not publish its address/,
				);
			}
			// the approved request goes on like any other: documents, OTP, signature
			const signing = await run(
				generation,
				[
					trigger,
					fixture('Files', [{ json: { requestPk }, binary: { data: DOCS.data } }]),
					oneShot('Upload', { resource: 'document', operation: 'upload' }),
					oneShot('OTP', { resource: 'request', operation: 'generateOtp' }),
					signerInbox('Signer', sim.url),
					oneShot('Sign', { resource: 'request', operation: 'sign', secret: '={{ $json.code }}' }),
				],
				['Start', 'Files', 'Upload', 'OTP', 'Signer', 'Sign'],
			);
			expect(outputOf(signing, 'Sign')[0].json).toMatchObject({ signed: true });
			expect(sim.getRequest(requestPk)!.status).toBe('ISSUED');
		});

		test('eIDAS Video ID: approve only once the signer finished; refuse with a reason', async () => {
			const first = await run(generation, [trigger, create()], ['Start', 'Create Video ID']);
			const { requestPk, videoIdPk } = outputOf(first, 'Create Video ID')[0].json as {
				requestPk: number;
				videoIdPk: number;
			};
			const target = { videoIdPk: String(videoIdPk), requestPk: String(requestPk) };
			const early = await run(
				generation,
				[trigger, oneShot('Approve', { resource: 'videoId', operation: 'approve', ...target })],
				['Start', 'Approve'],
			);
			const error = failure(early, 'Approve');
			expect(error.httpCode).toBe('412');
			expect(error.description).toMatch(/not complete yet/);

			expect(sim.completeVideoId(requestPk)).toBe(true);
			const approved = await run(
				generation,
				[trigger, oneShot('Approve', { resource: 'videoId', operation: 'approve', ...target })],
				['Start', 'Approve'],
			);
			expect(outputOf(approved, 'Approve')[0].json).toMatchObject({
				approved: true,
				requestPk,
				videoIdPk,
			});
			expect(sim.getRequest(requestPk)!.status).toBe('ENROLLREADY');

			// a second Video ID, refused
			const second = await run(
				generation,
				[
					trigger,
					create(),
					oneShot('Refuse Empty', { resource: 'videoId', operation: 'refuse', reason: ' ' }),
				],
				['Start', 'Create Video ID', 'Refuse Empty'],
			);
			expect(failure(second, 'Refuse Empty').message).toMatch(/"Reason" is empty/);
			const refusedPk = outputOf(second, 'Create Video ID')[0].json.requestPk as number;
			const refused = await run(
				generation,
				[
					trigger,
					fixture('Item', [{ json: outputOf(second, 'Create Video ID')[0].json }]),
					oneShot('Refuse', {
						resource: 'videoId',
						operation: 'refuse',
						reason: 'The face does not match the ID document',
					}),
				],
				['Start', 'Item', 'Refuse'],
			);
			expect(outputOf(refused, 'Refuse')[0].json).toMatchObject({
				refused: true,
				status: 'CANCELLED',
				reason: 'The face does not match the ID document',
			});
			expect(sim.getRequest(refusedPk)!.status).toBe('CANCELLED');
			expect(sim.getRequest(refusedPk)!.videoid!.refuseReason).toBe(
				'The face does not match the ID document',
			);
		});

		test('the number each generation needs is asked for by name', async () => {
			const created = await run(generation, [trigger, create()], ['Start', 'Create Video ID']);
			const { requestPk, videoIdPk } = outputOf(created, 'Create Video ID')[0].json as {
				requestPk: number;
				videoIdPk: number;
			};
			sim.requestLog.length = 0;
			// only the number the other generation needs
			const target = legacy
				? { videoIdPk: String(videoIdPk), requestPk: '' }
				: { videoIdPk: '', requestPk: String(requestPk) };
			const result = await run(
				generation,
				[trigger, oneShot('Approve', { resource: 'videoId', operation: 'approve', ...target })],
				['Start', 'Approve'],
			);
			const error = failure(result, 'Approve');
			expect(error.message).toMatch(
				legacy
					? /"Request ID" is needed for this call on the legacy Optimizer/
					: /"Video ID Number" is needed for this call on the current Optimizer/,
			);
			expect(error.description).toMatch(legacy ? /requestPk/ : /videoIdPk/);
			expect(sim.requestLog).toHaveLength(0);
		});

		test('errors: Video ID not enabled, a wrong video file, a webhook URL', async () => {
			sim.options.videoIdEnabled = false;
			const disabled = await run(generation, [trigger, create()], ['Start', 'Create Video ID']);
			const error = failure(disabled, 'Create Video ID');
			expect(error.message).toMatch(/Videoid not enabled for Registration Authority 1000/);
			expect(error.description).toMatch(/not enabled for your registration authority/);
			sim.options.videoIdEnabled = true;

			const notVideo = await run(
				generation,
				[
					trigger,
					fixture('Files', [{ json: { videoIdPk: 1, requestPk: 2 }, binary: { data: DOCS.data } }]),
					oneShot('Video', { resource: 'videoId', operation: 'uploadVideo' }),
				],
				['Start', 'Files', 'Video'],
			);
			expect(failure(notVideo, 'Video').message).toMatch(/is not an MP4 video/);

			const webhook = await run(
				generation,
				[trigger, create({ additionalFields: { webhookUrl: 'http://127.0.0.1:9/videoid' } })],
				['Start', 'Create Video ID'],
			);
			if (!legacy) {
				expect(failure(webhook, 'Create Video ID').message).toMatch(
					/does not take a webhook URL for Video ID/,
				);
				return;
			}
			const pk = outputOf(webhook, 'Create Video ID')[0].json.requestPk as number;
			const [callback] = await sim.waitForCallbacks(1);
			expect(callback).toMatchObject({
				url: 'http://127.0.0.1:9/videoid',
				pk,
				requestStatus: 'VIDEOPENDING',
			});
		});
	});

	describe('Optimizer diagnostics', () => {
		test('Check Connection and Get Version (legacy); the current Optimizer says how to check instead', async () => {
			const nodes = [
				trigger,
				oneShot('Hello', { resource: 'optimizer', operation: 'checkConnection' }),
				oneShot('Version', { resource: 'optimizer', operation: 'getVersion' }),
			];
			const result = await run(generation, nodes, ['Start', 'Hello', 'Version']);
			if (!legacy) {
				expectUnavailable(
					result,
					'Hello',
					/Checking the connection/,
					/"Test" button of the credential/,
				);
				expect(sim.requestLog).toHaveLength(0);
				return;
			}
			expect(outputOf(result, 'Hello')[0].json).toEqual({
				reachable: true,
				baseUrl: sim.legacyBaseUrl,
				apiGeneration: 'legacy',
				message: 'Hello',
			});
			expect(outputOf(result, 'Version')[0].json).toMatchObject({
				name: 'OneShot Optimizer',
				version: '1.5.0',
				hostname: 'oneshot-simulator',
			});
		});
	});

	describe('tokens from a list', () => {
		test('a token chosen from the list, by ID, or saved as a plain string by an older version', async () => {
			const get = (name: string, tokenUid: unknown) =>
				oneShot(name, { resource: 'token', operation: 'get', tokenUid });
			const result = await run(
				generation,
				[
					trigger,
					get('From List', { __rl: true, mode: 'list', value: sim.sandboxToken }),
					get('By ID', { __rl: true, mode: 'id', value: sim.sandboxToken }),
					get('Old String', sim.sandboxToken),
				],
				['Start', 'From List', 'By ID', 'Old String'],
			);
			for (const node of ['From List', 'By ID', 'Old String']) {
				expect(outputOf(result, node)[0].json).toMatchObject({
					tokenUid: sim.sandboxToken,
					username: '1125824',
				});
			}
		});
	});
});
