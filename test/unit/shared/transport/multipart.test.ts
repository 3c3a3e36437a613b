import { buildMultipart } from '../../../../nodes/shared/transport/multipart';
import {
	batches,
	fieldName,
} from '../../../../nodes/UanatacaOneShot/actions/document/upload.operation';

describe('multipart and batching', () => {
	test('the body has each field and file, with the boundary in the content type', () => {
		const { contentType, data } = buildMultipart(
			{
				fields: [['given_name', 'María']],
				files: [
					{
						name: 'file',
						fileName: 'a "b".pdf',
						contentType: 'application/pdf',
						data: Buffer.from('%PDF-1.4 x'),
					},
				],
			},
			'BOUNDARY',
		);
		expect(contentType).toBe('multipart/form-data; boundary=BOUNDARY');
		expect(data.toString('utf8')).toBe(
			'--BOUNDARY\r\nContent-Disposition: form-data; name="given_name"\r\n\r\nMaría\r\n' +
				'--BOUNDARY\r\nContent-Disposition: form-data; name="file"; filename="a %22b%22.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 x\r\n' +
				'--BOUNDARY--\r\n',
		);
	});

	test('binary bytes pass unchanged', () => {
		const bytes = Buffer.from([0, 255, 13, 10, 45, 45]);
		const { data } = buildMultipart(
			{ fields: [], files: [{ name: 'f', fileName: 'x', contentType: 'a/b', data: bytes }] },
			'B',
		);
		expect(data.includes(bytes)).toBe(true);
	});

	test('documents go at most 10 per call, named file, file2, …', () => {
		expect(batches([...Array(23).keys()]).map((b) => b.length)).toEqual([10, 10, 3]);
		expect(batches([])).toEqual([]);
		expect([0, 1, 9].map(fieldName)).toEqual(['file', 'file2', 'file10']);
	});
});
