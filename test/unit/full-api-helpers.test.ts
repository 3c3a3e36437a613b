/**
 * The pure helpers behind the full API: the visible-signature builder, the parsers of the new
 * answers, file checks, the generation table and the hints of the new error messages.
 */
import { UanatacaOneShot } from '../../nodes/UanatacaOneShot/UanatacaOneShot.node';
import { hashFileFromDigest } from '../../nodes/UanatacaOneShot/actions/document/upload.operation';
import { findOperation } from '../../nodes/UanatacaOneShot/actions/router';
import {
	apiPage,
	currentSignature,
	legacySignFields,
	normalizeDateFormat,
	parseCoordinates,
	parseTextLines,
	positionFor,
	resolveAppearance,
	signBody,
} from '../../nodes/UanatacaOneShot/helpers/signatureAppearance';
import type { Appearance } from '../../nodes/UanatacaOneShot/helpers/signatureAppearance';
import { raoFields } from '../../nodes/UanatacaOneShot/helpers/accountFields';
import { locatorValue } from '../../nodes/UanatacaOneShot/helpers/locators';
import { sniffFileType, withExtension } from '../../nodes/shared/files/download';
import {
	parseAsyncStatus,
	parseImageUid,
	parseRequestInfo,
	parseStoredFileList,
	parseVersion,
	parseVideoIdCreated,
} from '../../nodes/shared/responses';
import {
	ValidationError,
	isJpeg,
	isMp4,
	isPng,
	normalizeDigest,
	normalizePositiveInt,
	normalizeTimeZone,
	parseHashFile,
} from '../../nodes/shared/validation';
import type { OneShotCredentials } from '../../nodes/shared/transport';
import {
	MissingPathParameter,
	hasEndpoint,
	resolveRoute,
	unavailableMessage,
} from '../../nodes/shared/transport/endpoints';
import { hintFor } from '../../nodes/shared/transport/errors';

function thrown(fn: () => unknown): ValidationError {
	let caught: unknown;
	try {
		fn();
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(ValidationError);
	return caught as ValidationError;
}

describe('visible signature: positions a non-developer can choose', () => {
	test.each([
		['bottomLeft', '36,36,236,96'],
		['bottomCenter', '197.5,36,397.5,96'],
		['bottomRight', '359,36,559,96'],
		['topLeft', '36,746,236,806'],
		['topCenter', '197.5,746,397.5,806'],
		['topRight', '359,746,559,806'],
	] as const)('%s of an A4 page with the default box → %s', (corner, expected) => {
		expect(positionFor(corner)).toBe(expected);
	});

	test('page size, box size and margin are taken into account', () => {
		expect(
			positionFor('bottomRight', {
				pageSize: 'letterLandscape',
				width: 100,
				height: 40,
				margin: 0,
			}),
		).toBe('692,0,792,40');
		expect(positionFor('topLeft', { pageSize: 'a4Landscape', margin: 20 })).toBe('20,515,220,575');
	});

	test('a box that does not fit is refused with the page size', () => {
		const error = thrown(() => positionFor('topLeft', { width: 600 }));
		expect(error.message).toMatch(/does not fit/);
		expect(error.hint).toMatch(/595 × 842 points/);
		expect(thrown(() => positionFor('topLeft', { width: -5 })).message).toMatch(/above 0/);
	});

	test('coordinates: commas, spaces or semicolons; four numbers, second corner up and right', () => {
		expect(parseCoordinates('300, 100, 500, 150')).toBe('300,100,500,150');
		expect(parseCoordinates('10 20;30.5 40')).toBe('10,20,30.5,40');
		expect(thrown(() => parseCoordinates('1,2,3')).message).toMatch(/not four coordinates/);
		expect(thrown(() => parseCoordinates('a,b,c,d')).hint).toMatch(/bottom-left corner/);
		expect(thrown(() => parseCoordinates('500,100,300,150')).message).toMatch(/second corner/);
		expect(thrown(() => parseCoordinates('')).message).toMatch(/"Coordinates" is empty/);
	});

	test('pages are numbered from 1 in the node and from 0 for the API', () => {
		expect(apiPage(1)).toBe(0);
		expect(apiPage('3')).toBe(2);
		expect(apiPage(undefined)).toBe(0);
		expect(thrown(() => apiPage(0)).hint).toMatch(/numbered from 1/);
		expect(thrown(() => apiPage('2.5')).message).toMatch(/not a page number/);
	});
});

describe('visible signature: text and date', () => {
	test('one line per line; "%(CN)" is completed; "%%" is a percent sign', () => {
		expect(parseTextLines('Signed by %(CN)\n\n  Date: %(DATE)s  \r\n100%% sure')).toEqual([
			'Signed by %(CN)s',
			'Date: %(DATE)s',
			'100%% sure',
		]);
		expect(parseTextLines(['a', ' b '])).toEqual(['a', 'b']);
		expect(parseTextLines('')).toEqual([]);
	});

	test('a lone "%" is refused, naming the variables', () => {
		const error = thrown(() => parseTextLines('Paid 100% by %(CN)s'));
		expect(error.message).toMatch(/"%" that is not a variable/);
		expect(error.hint).toMatch(/%\(CN\)s = the signer's full name/);
	});

	test('date formats need % codes', () => {
		expect(normalizeDateFormat('%d/%m/%Y')).toBe('%d/%m/%Y');
		expect(thrown(() => normalizeDateFormat('dd/mm/yyyy')).hint).toMatch(/%d day, %m month/);
	});

	test('time zones are checked', () => {
		expect(normalizeTimeZone('Europe/Madrid')).toBe('Europe/Madrid');
		expect(thrown(() => normalizeTimeZone('Madrid')).hint).toMatch(/Europe\/Madrid/);
	});
});

describe('visible signature: the body of each generation', () => {
	const appearance: Appearance = resolveAppearance({
		placement: 'bottomLeft',
		page: 2,
		text: 'By %(CN)s',
		dateFormat: '%d/%m/%Y',
		timeZone: 'Europe/Madrid',
		imageUid: ' img-1 ',
	});

	test('the settings in the API units', () => {
		expect(appearance).toEqual({
			position: '36,36,236,96',
			page: 1,
			text: ['By %(CN)s'],
			showText: true,
			dateFormat: '%d/%m/%Y',
			timeZone: 'Europe/Madrid',
			image: 'img-1',
		});
	});

	test('nothing to show is refused', () => {
		expect(
			thrown(() => resolveAppearance({ placement: 'topLeft', page: 1, showText: false })).message,
		).toMatch(/would be empty/);
		expect(
			resolveAppearance({ placement: 'topLeft', page: 1, showText: false, imageUid: 'x' }).text,
		).toEqual([]);
	});

	test('current: one appearance', () => {
		expect(currentSignature(appearance)).toEqual({
			appearance: {
				text: ['By %(CN)s'],
				position: '36,36,236,96',
				page: 1,
				date: '%d/%m/%Y',
				timezone: 'Europe/Madrid',
				image: 'img-1',
			},
		});
	});

	test('legacy: options per document, overrides per document, signature_format', () => {
		expect(
			legacySignFields(
				appearance,
				['d1', 'd2'],
				[
					{
						documentUid: 'd2',
						placement: 'coordinates',
						coordinates: '1,2,3,4',
						page: 5,
						imageUid: 'img-2',
					},
					{ documentUid: 'd3', placement: 'topRight', page: 1 },
				],
			),
		).toEqual({
			options: {
				d1: { position: '36,36,236,96', page: 1, image: 'img-1' },
				d2: { position: '1,2,3,4', page: 4, image: 'img-2' },
				d3: { position: '359,746,559,806', page: 0, image: 'img-1' },
			},
			use_signature_text: true,
			signature_format: {
				text_format: ['By %(CN)s'],
				date_format: '%d/%m/%Y',
				timezone: 'Europe/Madrid',
			},
		});
		expect(thrown(() => legacySignFields(appearance, [])).hint).toMatch(/Document UIDs/);
	});

	test('the whole sign body: secret, external authentication, appearance', () => {
		const auth = { secret: '123456', extUnlockType: 'biometric', extUnlockValue: 'x-1' };
		expect(signBody('current', { secret: '123456' })).toEqual({ secret: '123456' });
		expect(signBody('legacy', auth)).toEqual({
			secret: '123456',
			ext_unlock_type: 'biometric',
			ext_unlock_value: 'x-1',
		});
		expect(signBody('current', { secret: '1' }, appearance, ['d1']).signature).toEqual(
			currentSignature(appearance),
		);
		expect(signBody('legacy', { secret: '1' }, appearance, ['d1']).options).toEqual({
			d1: { position: '36,36,236,96', page: 1, image: 'img-1' },
		});
		const placement = { documentUid: 'd1', placement: 'topLeft' as const, page: 1 };
		expect(
			thrown(() => signBody('current', { secret: '1' }, appearance, [], [placement])).message,
		).toMatch(/works only with a legacy Optimizer/);
		expect(
			thrown(() => signBody('legacy', { secret: '1' }, undefined, [], [placement])).message,
		).toMatch(/needs "Visible Signature"/);
	});
});

describe('parsers of the new answers', () => {
	test('image uid: current details.image_uid, legacy bare uid, message', () => {
		const uid = '463156ce-2b1d-4a8e-9f3c-7d6e5f4a3b2c';
		expect(
			parseImageUid({
				status: 'success',
				message: `Image uploaded with uid '${uid}'`,
				details: { image_uid: uid },
			}),
		).toBe(uid);
		expect(parseImageUid({ status: '200 OK', details: uid })).toBe(uid);
		expect(parseImageUid({ status: 'success', message: `Image uploaded with uid '${uid}'` })).toBe(
			uid,
		);
		expect(parseImageUid({ status: 'success' })).toBeUndefined();
	});

	test('stored file lists: uid map (documents, images with [w, h]), arrays', () => {
		expect(
			parseStoredFileList({
				status: '200 OK',
				details: {
					'5f04778a-54f6': {
						upload_date: '11/11/2019 18:03:07',
						ext: '.pdf',
						size: 128012,
						mime: 'application/pdf',
						filename: 'test.pdf',
					},
				},
			}),
		).toEqual([
			{
				uid: '5f04778a-54f6',
				fileName: 'test.pdf',
				mimeType: 'application/pdf',
				extension: '.pdf',
				uploadDate: '11/11/2019 18:03:07',
				fileSize: 128012,
				width: null,
				height: null,
			},
		]);
		const [image] = parseStoredFileList({
			details: { img: { size: [1920, 1080], mime: 'image/png' } },
		})!;
		expect([image.width, image.height, image.fileSize]).toEqual([1920, 1080, null]);
		expect(parseStoredFileList({ detail: [{ uid: 'a1' }, 'b2'] })!.map((f) => f.uid)).toEqual([
			'a1',
			'b2',
		]);
		expect(parseStoredFileList({ details: { documents: [{ document_uid: 'x' }] } })![0].uid).toBe(
			'x',
		);
		expect(parseStoredFileList({ details: 'nothing' })).toBeUndefined();
	});

	test('Video ID created: current example (typo included), legacy, number from the message', () => {
		const link = 'https://link.com/123456789';
		expect(
			parseVideoIdCreated({
				status: 'success',
				messsage: 'VideoID created with pk 16673',
				detail: { videoid_link: link, videoid_pk: 16673, request_pk: 45836 },
			}),
		).toEqual({ videoIdPk: 16673, requestPk: 45836, videoIdLink: link });
		expect(
			parseVideoIdCreated({
				status: '200 OK',
				details: { videoid_pk: '137', videoid_link: link, request_pk: '45836' },
			}),
		).toEqual({ videoIdPk: 137, requestPk: 45836, videoIdLink: link });
		expect(
			parseVideoIdCreated({
				status: 'success',
				message: 'VideoID created with pk 99',
				detail: { videoid_link: link },
			}),
		).toEqual({ videoIdPk: 99, requestPk: null, videoIdLink: link });
		expect(parseVideoIdCreated({ status: 'success', detail: { videoid_pk: 1 } })).toBeUndefined();
	});

	test('Get Request (legacy example)', () => {
		const info = parseRequestInfo(45836, {
			status: '200 OK',
			details: {
				pk: 45836,
				status: 'ENROLLREADY',
				profile: 'PFnubeQAFCiudadano',
				registration_authority: 139,
				scratchcard: '5039078',
				given_name: 'Name',
				surname_1: 'Surname1',
				surname_2: '',
				email: 'name@domain.com',
				mobile_phone_number: 34600123123,
				serial_number: '12345678A',
				id_document_type: 'IDC',
				country_name: 'ES',
				videoid_mode: false,
				certificate_set: [],
			},
		})!;
		expect(info).toEqual({
			requestPk: 45836,
			status: 'ENROLLREADY',
			profile: 'PFnubeQAFCiudadano',
			registrationAuthority: '139',
			scratchcard: '5039078',
			videoIdMode: false,
			signer: {
				givenName: 'Name',
				surname1: 'Surname1',
				surname2: null,
				email: 'name@domain.com',
				mobilePhoneNumber: '+34600123123',
				serialNumber: '12345678A',
				idDocumentType: 'IDC',
				idDocumentCountry: 'ES',
			},
			certificates: [],
		});
		expect(parseRequestInfo(1, { status: 'success', message: 'x' })).toBeUndefined();
	});

	test('async status and version', () => {
		expect(parseAsyncStatus({ status: '200 OK', details: 'approved' })).toBe('approved');
		expect(parseAsyncStatus({ details: { status: 'signed' } })).toBe('signed');
		expect(parseAsyncStatus({ details: {} })).toBeUndefined();
		expect(
			parseVersion({
				status: '200 OK',
				details: {
					info: { machine: 'x86_64', hostname: 'h', system: 'Linux', release: '3.10' },
					version: '1.5.0',
					name: 'OneShot Optimizer',
				},
			}),
		).toEqual({
			name: 'OneShot Optimizer',
			version: '1.5.0',
			hostname: 'h',
			system: 'Linux',
			release: '3.10',
			machine: 'x86_64',
		});
		expect(parseVersion({ details: '2.0.1' })!.version).toBe('2.0.1');
		expect(parseVersion({ details: { other: 1 } })).toBeUndefined();
	});

	test('resource locator values and plain strings of older workflows', () => {
		expect(locatorValue({ __rl: true, mode: 'list', value: ' abc ' })).toBe('abc');
		expect(locatorValue('  abc')).toBe('abc');
		expect(locatorValue(undefined)).toBe('');
		expect(locatorValue(12)).toBe('12');
	});
});

describe('files: what they are before they are sent or named', () => {
	const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
	const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0]);
	const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom0000', 'latin1')]);
	const P7M = Buffer.from([0x30, 0x82, 0x01, 0x00, 0x06, 0x09]);

	test('PNG, JPEG, MP4', () => {
		expect([isPng(PNG), isPng(JPEG), isJpeg(JPEG), isJpeg(PNG), isMp4(MP4), isMp4(PNG)]).toEqual([
			true,
			false,
			true,
			false,
			true,
			false,
		]);
	});

	test('sniffing the first bytes of a download', () => {
		expect(sniffFileType(Buffer.from('%PDF-1.7\n'))).toEqual({
			extension: 'pdf',
			mimeType: 'application/pdf',
		});
		expect(sniffFileType(P7M)).toEqual({ extension: 'p7m', mimeType: 'application/pkcs7-mime' });
		expect(sniffFileType(PNG)!.mimeType).toBe('image/png');
		expect(sniffFileType(JPEG)!.mimeType).toBe('image/jpeg');
		expect(sniffFileType(MP4)!.mimeType).toBe('video/mp4');
		expect(sniffFileType(Buffer.from(' {"a":1}'))!.extension).toBe('json');
		expect(sniffFileType(Buffer.from('hello'))).toBeUndefined();
		expect(sniffFileType(Buffer.alloc(0))).toBeUndefined();
	});

	test('file names follow what the file is', () => {
		expect(withExtension('request_1_ab_signed.pdf', 'p7m', true)).toBe('request_1_ab_signed.p7m');
		expect(withExtension('invoice_signed.pdf', 'p7m', false)).toBe('invoice_signed.pdf.p7m');
		expect(withExtension('x_signed.p7m', 'p7m', false)).toBe('x_signed.p7m');
		expect(withExtension('report.bin', 'pdf', false)).toBe('report.bin');
		expect(withExtension('contract', 'pdf', true)).toBe('contract.pdf');
	});

	test('hash files: JSON with a Base64 messageDigest', () => {
		const ok = Buffer.from(
			'\uFEFF{"messageDigest":"n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=","digestAlgorithm":"sha256"}',
		);
		expect(parseHashFile(ok, 'h.json').digestAlgorithm).toBe('sha256');
		expect(thrown(() => parseHashFile(Buffer.from('%PDF-'), 'a.pdf')).message).toMatch(
			/not a JSON hash file/,
		);
		expect(thrown(() => parseHashFile(Buffer.from('{"digest":"x"}'), 'b.json')).message).toMatch(
			/no Base64 "messageDigest"/,
		);
	});

	test('digests in hexadecimal or Base64 become Base64; other lengths are refused', () => {
		const hex = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
		const b64 = Buffer.from(hex, 'hex').toString('base64');
		expect(normalizeDigest(hex)).toBe(b64);
		expect(normalizeDigest(` ${b64} `)).toBe(b64);
		expect(thrown(() => normalizeDigest('abcd')).hint).toMatch(/Crypto node/);
		expect(thrown(() => normalizeDigest('')).message).toMatch(/is empty/);
	});

	test('the hash file written from a digest names the algorithm each generation documents', () => {
		const hex = 'ab'.repeat(32);
		const legacy = JSON.parse(hashFileFromDigest(hex, 'auto', 'legacy').toString());
		const current = JSON.parse(hashFileFromDigest(hex, 'auto', 'current').toString());
		expect(legacy).toEqual({
			messageDigest: Buffer.from(hex, 'hex').toString('base64'),
			digestAlgorithm: 'sha256',
			addAuthAttribute: 1,
			addSigningTime: 1,
			otherAuthAttributes: [],
		});
		expect(current.digestAlgorithm).toBe('sha256WithRSAEncryption');
		expect(
			JSON.parse(hashFileFromDigest(hex, 'sha256', 'current').toString()).digestAlgorithm,
		).toBe('sha256');
	});

	test('Video ID numbers', () => {
		expect(normalizePositiveInt('16673', 'Video ID Number', 'h')).toBe(16673);
		expect(thrown(() => normalizePositiveInt('x', 'Video ID Number', 'use videoIdPk')).hint).toBe(
			'use videoIdPk',
		);
	});
});

describe('the generations: which calls exist, and what the node says where one does not', () => {
	test('legacy-only operations', () => {
		for (const key of [
			'request.get',
			'request.cancel',
			'request.getAsyncStatus',
			'document.getMany',
			'image.getMany',
			'image.deleteAll',
			'videoId.downloadVideo',
			'optimizer.checkConnection',
			'optimizer.getVersion',
		] as const) {
			expect([key, hasEndpoint('current', key), hasEndpoint('legacy', key)]).toEqual([
				key,
				false,
				true,
			]);
			const { message, description } = unavailableMessage('current', key);
			expect(message).toMatch(/is not possible on the current Optimizer \(\/oneshot\/api\/v1\)$/);
			expect(description.length).toBeGreaterThan(40);
			expect(description).toMatch(/set "API Generation" in the credential/);
		}
	});

	test("the trigger's confirmation still tries Get Request on the current Optimizer", () => {
		expect(resolveRoute('current', 'request.tryGet', { requestPk: 5 })!.path).toBe('/request/5');
		expect(resolveRoute('legacy', 'request.tryGet', { requestPk: 5 })!.path).toBe('/request/5');
		expect(resolveRoute('current', 'request.get', { requestPk: 5 })).toBeUndefined();
	});

	test('Video ID: by Video ID number (current), by request number (legacy)', () => {
		const params = { videoIdPk: 16673, requestPk: 45836 };
		expect(resolveRoute('current', 'videoId.approve', params)!.path).toBe('/videoid/16673/approve');
		expect(resolveRoute('legacy', 'videoId.approve', params)!.path).toBe('/requests/45836/approve');
		expect(resolveRoute('current', 'videoId.uploadVideo', params)!.path).toBe(
			'/videoid/16673/video',
		);
		expect(resolveRoute('legacy', 'videoId.uploadVideo', params)!.path).toBe(
			'/videoid/45836/evidences/video',
		);
		expect(resolveRoute('legacy', 'videoId.refuse', params)!.path).toBe('/videoid/45836/refuse');
		expect(resolveRoute('legacy', 'request.getAsyncStatus', params)!.path).toBe(
			'/async/status/45836',
		);
	});

	test('a missing number is named in the words of the node', () => {
		let caught: unknown;
		try {
			resolveRoute('current', 'videoId.approve', { requestPk: 1 });
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(MissingPathParameter);
		expect((caught as MissingPathParameter).label).toBe(
			'"Video ID Number" is needed for this call on the current Optimizer (/oneshot/api/v1)',
		);
		expect((caught as MissingPathParameter).hint).toMatch(/videoIdPk/);
	});
});

describe('hints for the new messages of the spec', () => {
	test.each<[string, number, RegExp]>([
		['Videoid not enabled for Registration Authority 1234', 400, /Video ID is not enabled/],
		['Registration Authority not found', 404, /"Registration Authority"/],
		['No reason specified', 400, /Fill in "Reason"/],
		["Missing required parameters: incomplete RAO's credentials", 400, /RAO token/],
		['Invalid RAO credentials', 403, /RAO token/],
		['Image file type not supported: a.gif', 415, /signature images must be PNG/],
		['Image with uid 13705f52 not found', 404, /Image → Upload/],
		['d1: The image 13705f52 cannot be found on disk', 404, /Image → Upload/],
		["d1: Missing required parameter 'position' for file d1", 400, /position and a page/],
		['No documents found for specified Request', 404, /no documents on the Optimizer/],
		['Request 5 is not ready for approval: status VIDEOPENDING', 412, /not complete yet/],
		["Missing required parameter: 'ext_unlock_value'", 400, /External Authentication/],
		['Unsupported file type: x.mov', 415, /MP4/],
	])('%s (%i)', (message, status, hint) => {
		expect(hintFor(message, status)).toMatch(hint);
	});
});

describe('RAO credentials of approve and refuse', () => {
	const credentials = {
		token: '',
		username: '9001800',
		password: 'pw',
		pin: '1234',
	} as OneShotCredentials;

	test('username, password and PIN without a token, the username as rao; a token with password and PIN', () => {
		expect(raoFields(credentials)).toEqual({
			body: { username: '9001800', password: 'pw', pin: '1234', rao: '9001800' },
			secrets: ['pw', '1234'],
		});
		// A token may store neither password nor PIN: they go with it (docs/optimizer-api.md).
		expect(raoFields({ ...credentials, token: 'tok-123' }, { raoId: '1400' })).toEqual({
			body: { token: 'tok-123', password: 'pw', pin: '1234', rao: '1400' },
			secrets: ['tok-123', 'pw', '1234'],
		});
		expect(
			raoFields({ ...credentials, password: '', pin: '' }, { token: 'override' }).body,
		).toEqual({ token: 'override', rao: '9001800' });
	});
});

describe('the node description', () => {
	const node = new UanatacaOneShot();
	const properties = node.description.properties;
	const resources = (properties.find((p) => p.name === 'resource')!.options ?? []) as Array<{
		value: string;
	}>;

	test('every operation offered has its handler, and every handler is offered', () => {
		const offered: string[] = [];
		for (const { value: resource } of resources) {
			const selector = properties.find(
				(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource),
			)!;
			for (const option of selector.options as Array<{ value: string }>) {
				offered.push(`${resource}.${option.value}`);
				expect([resource, option.value, !!findOperation(resource, option.value)]).toEqual([
					resource,
					option.value,
					true,
				]);
			}
		}
		expect(offered.sort()).toEqual(
			[
				'document.delete',
				'document.deleteAll',
				'document.download',
				'document.getContract',
				'document.getMany',
				'document.upload',
				'image.delete',
				'image.deleteAll',
				'image.get',
				'image.getMany',
				'image.upload',
				'optimizer.checkConnection',
				'optimizer.getVersion',
				'request.cancel',
				'request.create',
				'request.generateOtp',
				'request.get',
				'request.getAsyncStatus',
				'request.sign',
				'request.signViaPage',
				'token.create',
				'token.delete',
				'token.get',
				'token.getMany',
				'videoId.approve',
				'videoId.create',
				'videoId.downloadVideo',
				'videoId.refuse',
				'videoId.uploadEvidences',
				'videoId.uploadVideo',
			].sort(),
		);
	});

	test('token, document and image fields are resource locators with a list and an ID mode', () => {
		for (const name of ['tokenUid', 'documentUid', 'imageUid', 'signatureImage']) {
			const fields = properties.filter((p) => p.name === name);
			expect(fields.length).toBeGreaterThan(0);
			for (const field of fields) {
				expect(field.type).toBe('resourceLocator');
				expect(field.modes!.map((m) => m.name)).toEqual(['list', 'id']);
				const method = (field.modes![0].typeOptions as { searchListMethod: string })
					.searchListMethod;
				expect(Object.keys(node.methods.listSearch)).toContain(method);
			}
		}
	});
});
