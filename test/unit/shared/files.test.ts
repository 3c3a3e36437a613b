import { hashFileFromDigest } from '../../../nodes/UanatacaOneShot/actions/document/upload.operation';
import { sniffFileType, withExtension } from '../../../nodes/shared/files/download';
import {
	ValidationError,
	isJpeg,
	isMp4,
	isPng,
	normalizeDigest,
	normalizePositiveInt,
	parseHashFile,
} from '../../../nodes/shared/validation';

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
