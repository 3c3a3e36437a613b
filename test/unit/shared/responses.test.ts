import {
	parseAsyncMode,
	parseRequestPk,
	parseTokenList,
	parseTokenUid,
	parseUploadResult,
	parseAsyncStatus,
	parseImageUid,
	parseRequestInfo,
	parseStoredFileList,
	parseVersion,
	parseVideoIdCreated,
} from '../../../nodes/shared/responses';
import { locatorValue } from '../../../nodes/UanatacaOneShot/helpers/locators';

describe('response parsing accepts every plausible shape', () => {
	test.each([
		[
			{
				status: 'success',
				message: 'Request created with pk 388141',
				details: { pk: 388141, asyncmode: true },
			},
			388141,
		],
		[{ status: 'success', details: { request_pk: '388142' } }, 388142],
		[{ status: '201 Created', details: 29571 }, 29571],
		[{ status: 'success', pk: 5 }, 5],
		[{ status: 'success', request_pk: '6' }, 6],
		[{ status: 'success', detail: { pk: 7 } }, 7],
		[{ status: 'success', message: 'Request created with pk 8' }, 8],
		[{ details: { request: { pk: 9 } } }, 9],
	])('request pk in %j', (body, pk) => {
		expect(parseRequestPk(body)).toBe(pk);
	});

	test.each([
		[{ status: 'success' }],
		['created'],
		[null],
		[{ details: { pk: 'abc' } }],
		[{ details: { pk: -1 } }],
	])('no request pk in %j', (body) => {
		expect(parseRequestPk(body)).toBeUndefined();
	});

	test('async mode flag', () => {
		expect(parseAsyncMode({ details: { asyncmode: true } })).toBe(true);
		expect(parseAsyncMode({ details: { asyncmode: 'false' } })).toBe(false);
		expect(parseAsyncMode({ asyncmode: 1 })).toBe(true);
		expect(parseAsyncMode({ details: {} })).toBeUndefined();
	});

	test('token uid: current object, legacy string', () => {
		const uid = ['14185cd9', 'c6ec', '30f4', '9f59', 'a844a77bc234'].join('-');
		expect(parseTokenUid({ details: { token_uid: uid } })).toBe(uid);
		expect(parseTokenUid({ status: '200 OK', details: 'a44765ab8ca04e429a565f02d22179a0' })).toBe(
			'a44765ab8ca04e429a565f02d22179a0',
		);
		expect(parseTokenUid({ details: 'Token created' })).toBeUndefined();
	});

	test('token lists: map (documented, with the demo NOTE), array of objects, array of uids', () => {
		const map = parseTokenList({
			status: '200 OK',
			details: { fd6a21e6: { username: '1125824', password: true, pin: false }, NOTE: 'demo only' },
		});
		expect(map).toEqual([
			{ tokenUid: 'fd6a21e6', username: '1125824', passwordStored: true, pinStored: false },
		]);
		expect(
			parseTokenList({ details: [{ token_uid: 'u1', username: 9001800, password: 'true' }] }),
		).toEqual([{ tokenUid: 'u1', username: '9001800', passwordStored: true, pinStored: null }]);
		expect(parseTokenList({ details: ['u2'] })).toEqual([
			{ tokenUid: 'u2', username: null, passwordStored: null, pinStored: null },
		]);
		expect(parseTokenList({ details: 'nope' })).toBeUndefined();
	});

	test('upload answers: single object, array, legacy list with keys, bare uid, uid map', () => {
		expect(parseUploadResult({ status: 'success', detail: { name: 'file', uid: 'u1' } })).toEqual([
			{ uid: 'u1', field: 'file', fileName: undefined, digest: undefined },
		]);
		expect(
			parseUploadResult({
				status: '200 OK',
				details: [
					{ digest: 'ab', uid: 'u1', key: 'file', filename: 'a.pdf' },
					{ digest: 'cd', uid: 'u2', key: 'file2', filename: 'b.pdf' },
				],
			}),
		).toEqual([
			{ uid: 'u1', field: 'file', fileName: 'a.pdf', digest: 'ab' },
			{ uid: 'u2', field: 'file2', fileName: 'b.pdf', digest: 'cd' },
		]);
		expect(parseUploadResult({ status: '200 OK', details: 'u9' })).toEqual([{ uid: 'u9' }]);
		expect(parseUploadResult({ details: { u3: { filename: 'c.pdf' } } })).toEqual([
			{ uid: 'u3', field: undefined, fileName: 'c.pdf', digest: undefined },
		]);
		expect(parseUploadResult({ details: [{ nothing: 1 }] })).toBeUndefined();
		expect(parseUploadResult({})).toBeUndefined();
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
