/**
 * The streamed multipart body of Document → Upload (JavaScript: it needs Node streams, which the
 * community lint forbids in TypeScript).
 */
const { Readable } = require('node:stream');
const {
	buildMultipart,
	buildMultipartStream,
	isStreamed,
} = require('../../../../nodes/shared/transport/multipart');

/** A source whose stream yields `data` in chunks of `chunk` bytes; counts how often it is opened. */
function source(data, chunk = 7, size = data.length) {
	const opened = [];
	const src = {
		size,
		opened,
		open: async () => {
			opened.push(Date.now());
			const chunks = [];
			for (let at = 0; at < data.length; at += chunk) chunks.push(data.subarray(at, at + chunk));
			return Readable.from(chunks, { objectMode: false });
		},
	};
	return src;
}

async function collect(stream) {
	const chunks = [];
	for await (const chunk of stream) chunks.push(chunk);
	return Buffer.concat(chunks);
}

describe('buildMultipartStream', () => {
	const one = Buffer.from('%PDF-1.4 first document\n%%EOF\n');
	const two = Buffer.from('%PDF-1.7 second, with "quotes"\r\n--boundary-like line\r\n%%EOF');

	test('streams the same bytes as the in-memory body, with the exact length', async () => {
		const files = (a, b) => ({
			fields: [['name', 'value']],
			files: [
				{ name: 'file', fileName: 'a.pdf', contentType: 'application/pdf', data: a },
				{ name: 'file2', fileName: 'b "x".pdf', contentType: 'application/pdf', data: b },
			],
		});
		const expected = buildMultipart(files(one, two), 'BOUNDARY');
		const body = files(source(one), source(two, 3));
		expect(isStreamed(body)).toBe(true);
		expect(isStreamed(files(one, two))).toBe(false);
		const built = await buildMultipartStream(body, 'BOUNDARY');
		expect(built.contentType).toBe(expected.contentType);
		expect(built.length).toBe(expected.data.length);
		const sent = await collect(built.stream);
		expect(sent.equals(expected.data)).toBe(true);
	});

	test('opens the second file only when its turn comes', async () => {
		const first = source(one);
		const second = source(two);
		const built = await buildMultipartStream({
			fields: [],
			files: [
				{ name: 'file', fileName: 'a.pdf', contentType: 'application/pdf', data: first },
				{ name: 'file2', fileName: 'b.pdf', contentType: 'application/pdf', data: second },
			],
		});
		expect(first.opened).toHaveLength(1);
		expect(second.opened).toHaveLength(0);
		await collect(built.stream);
		expect(second.opened).toHaveLength(1);
	});

	test.each([
		['fewer', one.length + 5],
		['more', one.length - 5],
	])('fails the stream when a file has %s bytes than its recorded size', async (word, size) => {
		const built = await buildMultipartStream({
			fields: [],
			files: [
				{
					name: 'file',
					fileName: 'a.pdf',
					contentType: 'application/pdf',
					data: source(one, 4, size),
				},
			],
		});
		await expect(collect(built.stream)).rejects.toThrow(
			`"a.pdf" has ${word} bytes than its recorded size (${size})`,
		);
	});

	test('buildMultipart refuses a file that is not in memory', () => {
		expect(() =>
			buildMultipart({
				fields: [],
				files: [{ name: 'file', fileName: 'a.pdf', contentType: 'x', data: source(one) }],
			}),
		).toThrow('not in memory');
	});
});
