/**
 * peekStart reads the first bytes of a download and leaves the stream whole for the binary
 * store (JavaScript: it needs Node streams, which the community lint forbids in TypeScript).
 */
const { PassThrough, Readable } = require('node:stream');
const { peekStart, sniffFileType } = require('../../../nodes/shared/files/download');

async function readAll(stream) {
	const chunks = [];
	for await (const chunk of stream) chunks.push(Buffer.from(chunk));
	return Buffer.concat(chunks);
}

test('a buffer is peeked without copying the rest', async () => {
	const data = Buffer.from('%PDF-1.7 and more');
	expect((await peekStart(data, 5)).toString()).toBe('%PDF-');
});

test('the first chunk of a stream is read and put back: piping still gives every byte', async () => {
	const parts = [Buffer.from([0x30, 0x82, 0x01]), Buffer.alloc(5000, 1), Buffer.from('end')];
	const stream = Readable.from(parts, { objectMode: false });
	const head = await peekStart(stream);
	expect(sniffFileType(head)).toEqual({ extension: 'p7m', mimeType: 'application/pkcs7-mime' });
	const sink = new PassThrough();
	stream.pipe(sink);
	expect((await readAll(sink)).equals(Buffer.concat(parts))).toBe(true);
});

test('a stream that arrives slowly, and an empty one', async () => {
	const slow = new PassThrough();
	setTimeout(() => {
		slow.write(Buffer.from('%PDF-1.4\n'));
		slow.end(Buffer.from('rest'));
	}, 20);
	const head = await peekStart(slow);
	// what had arrived when it was read (up to 32 bytes), and every byte still there
	expect(head.toString().startsWith('%PDF-1.4\n')).toBe(true);
	expect((await readAll(slow)).toString()).toBe('%PDF-1.4\nrest');

	const empty = new PassThrough();
	empty.end();
	expect((await peekStart(empty)).length).toBe(0);
});

test('something that is not a stream gives nothing to sniff', async () => {
	expect((await peekStart({})).length).toBe(0);
});

/*
 * n8n reads a stream into memory with 'data' listeners (binaryToBuffer, used by the `default` and
 * `database` binary modes, so by queue mode): after a peek the stream must flow for that reader.
 * A stream left explicitly paused never did, and every download hung in those modes.
 */
describe('after a peek, n8n reads the whole stream into memory (default and database modes)', () => {
	// n8n's own reader, with an idle timeout so that a stream that never flows fails, not hangs
	const { streamToBuffer } = require('@n8n/backend-network');
	const binaryToBuffer = (stream) => streamToBuffer(stream, 2000);

	test('a stream that is all there', async () => {
		const parts = [Buffer.from('%PDF-1.7\n'), Buffer.alloc(100_000, 7), Buffer.from('%%EOF')];
		const stream = Readable.from(parts, { objectMode: false });
		expect((await peekStart(stream, 5)).toString()).toBe('%PDF-');
		const all = await binaryToBuffer(stream);
		expect(all.equals(Buffer.concat(parts))).toBe(true);
	});

	test('a stream that arrives slowly', async () => {
		const slow = new PassThrough();
		setTimeout(() => slow.write(Buffer.from('%PDF-1.4\n')), 10);
		setTimeout(() => slow.end(Buffer.from('rest')), 40);
		expect((await peekStart(slow)).toString()).toBe('%PDF-1.4\n');
		expect((await binaryToBuffer(slow)).toString()).toBe('%PDF-1.4\nrest');
	});

	test('a stream that has already ended gives nothing, at once', async () => {
		const done = new PassThrough();
		done.end(Buffer.from('x'));
		await binaryToBuffer(done);
		expect((await peekStart(done)).length).toBe(0);
	});
});
