/**
 * peekStart reads the first bytes of a download and leaves the stream whole for the binary
 * store (JavaScript: it needs Node streams, which the community lint forbids in TypeScript).
 */
const { PassThrough, Readable } = require('node:stream');
const { peekStart, sniffFileType } = require('../../nodes/UanatacaOneShot/helpers/download');

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
	expect(head.toString()).toBe('%PDF-1.4\n');
	expect((await readAll(slow)).toString()).toBe('%PDF-1.4\nrest');

	const empty = new PassThrough();
	empty.end();
	expect((await peekStart(empty)).length).toBe(0);
});

test('something that is not a stream gives nothing to sniff', async () => {
	expect((await peekStart({})).length).toBe(0);
});
