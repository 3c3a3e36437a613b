/**
 * Documents from the Optimizer into n8n's binary store (streamed, never through JSON), and the
 * check whether a signed copy exists yet. Shared by the action node and the trigger.
 */
import type { IBinaryData, IExecuteFunctions, IWebhookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { EndpointKey, OneShotContext, OneShotCredentials } from '../transport';
import { oneShotApiRequest } from '../transport';

type BinaryContext = IExecuteFunctions | IWebhookFunctions;
type BinaryInput = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];

const DOWNLOAD_TIMEOUT_MS = 300_000;

export function fileNameFromDisposition(header: string | undefined): string | undefined {
	if (!header) return undefined;
	const star = /filename\*\s*=\s*(?:UTF-8|utf-8)?''([^;]+)/.exec(header);
	if (star) {
		try {
			return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
		} catch {
			// malformed encoding: fall back to the plain parameter
		}
	}
	const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header);
	const name = plain ? (plain[2] ?? plain[1]).trim() : undefined;
	return name ? name.replace(/[/\\]/g, '_') : undefined;
}

export function mimeTypeFor(fileName: string, header: string | undefined): string {
	const type = header?.split(';')[0].trim().toLowerCase();
	if (
		type &&
		type !== 'application/octet-stream' &&
		type !== 'text/plain' &&
		type !== 'binary/octet-stream'
	) {
		return type;
	}
	if (/\.p7m$/i.test(fileName)) return 'application/pkcs7-mime';
	if (/\.png$/i.test(fileName)) return 'image/png';
	if (/\.mp4$/i.test(fileName)) return 'video/mp4';
	return 'application/pdf';
}

/** What the first bytes of a file say it is (the Optimizer's headers are often generic). */
export function sniffFileType(head: Buffer): { extension: string; mimeType: string } | undefined {
	if (head.subarray(0, 1024).includes('%PDF-'))
		return { extension: 'pdf', mimeType: 'application/pdf' };
	if (
		head.length >= 8 &&
		head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
	) {
		return { extension: 'png', mimeType: 'image/png' };
	}
	if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) {
		return { extension: 'jpg', mimeType: 'image/jpeg' };
	}
	if (head.length >= 8 && head.subarray(4, 8).toString('latin1') === 'ftyp') {
		return { extension: 'mp4', mimeType: 'video/mp4' };
	}
	// DER SEQUENCE with a definite (0x81-0x84) or indefinite (0x80) length: a CMS / PKCS#7 envelope
	if (head.length >= 2 && head[0] === 0x30 && head[1] >= 0x80 && head[1] <= 0x84) {
		return { extension: 'p7m', mimeType: 'application/pkcs7-mime' };
	}
	if (/^\s*[{[]/.test(head.toString('utf8')))
		return { extension: 'json', mimeType: 'application/json' };
	return undefined;
}

/**
 * The file name with the extension of what the file really is: a name we made up gets its
 * extension replaced; a name the Optimizer gave is kept, except that a signed envelope always
 * ends in .p7m ("add the .p7m extension", docs/optimizer-api.md#documents-and-images).
 */
export function withExtension(fileName: string, extension: string, ours: boolean): string {
	if (fileName.toLowerCase().endsWith(`.${extension}`)) return fileName;
	if (ours) return `${fileName.replace(/\.[A-Za-z0-9]{1,5}$/, '')}.${extension}`;
	return extension === 'p7m' ? `${fileName}.p7m` : fileName;
}

interface PeekableStream {
	on(event: 'readable', listener: () => void): unknown;
	once(event: 'end' | 'error', listener: () => void): unknown;
	removeListener(event: string, listener: (...args: never[]) => void): unknown;
	read(): Buffer | string | null;
	unshift(chunk: Buffer | string): unknown;
	readableEnded?: boolean;
	destroyed?: boolean;
}

/**
 * The first bytes of a download without consuming them: what has arrived is read, then put back
 * at the front of the stream, which prepareBinaryData later reads from the start.
 *
 * Read through 'readable', never by pausing a 'data' listener: a stream paused explicitly does not
 * start again when its next reader adds a 'data' listener, which is how n8n reads a stream into
 * memory (`default` and `database` binary modes, so queue mode): that reader would wait forever.
 * Once the 'readable' listener is gone, the stream starts flowing for whoever reads it next.
 */
export async function peekStart(body: BinaryInput, size = 32): Promise<Buffer> {
	if (Buffer.isBuffer(body)) return body.subarray(0, size);
	const stream = body as unknown as Partial<PeekableStream>;
	if (
		typeof stream.on !== 'function' ||
		typeof stream.read !== 'function' ||
		typeof stream.unshift !== 'function'
	)
		return Buffer.alloc(0);
	const readable = stream as PeekableStream;
	// already over: no event would come any more
	if (readable.readableEnded === true || readable.destroyed === true) return Buffer.alloc(0);
	return await new Promise<Buffer>((resolve) => {
		const finish = (chunk?: Buffer) => {
			readable.removeListener('readable', onReadable);
			readable.removeListener('end', onEnd);
			readable.removeListener('error', onEnd);
			resolve(chunk ? chunk.subarray(0, size) : Buffer.alloc(0));
		};
		const onReadable = () => {
			const chunk = readable.read();
			if (chunk === null) return; // nothing yet, or the end (then 'end' follows)
			readable.unshift(chunk);
			finish(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
		};
		const onEnd = () => finish();
		readable.once('end', onEnd);
		readable.once('error', onEnd);
		readable.on('readable', onReadable);
	});
}

export async function downloadToBinary(
	this: BinaryContext,
	args: {
		endpoint: EndpointKey;
		params: Record<string, string | number>;
		fallbackFileName: string;
		itemIndex?: number;
		credentials: OneShotCredentials;
		timeoutMs?: number;
	},
): Promise<IBinaryData> {
	const response = await oneShotApiRequest.call(
		this,
		{
			endpoint: args.endpoint,
			params: args.params,
			response: 'stream',
			itemIndex: args.itemIndex,
			timeoutMs: args.timeoutMs ?? DOWNLOAD_TIMEOUT_MS,
		},
		args.credentials,
	);
	const body = response.body as BinaryInput;
	const named = fileNameFromDisposition(response.headers['content-disposition']);
	const sniffed = sniffFileType(await peekStart(body));
	let fileName = named ?? args.fallbackFileName;
	if (sniffed) fileName = withExtension(fileName, sniffed.extension, !named);
	const mimeType = sniffed?.mimeType ?? mimeTypeFor(fileName, response.headers['content-type']);
	return await this.helpers.prepareBinaryData(body, fileName, mimeType);
}

/** The signed copy of a document, into the binary store. */
export async function downloadSigned(
	this: BinaryContext,
	credentials: OneShotCredentials,
	requestPk: number,
	documentUid: string,
	itemIndex?: number,
): Promise<IBinaryData> {
	return await downloadToBinary.call(this, {
		endpoint: 'document.download',
		params: { requestPk, documentUid, documentType: 'signed' },
		fallbackFileName: `request_${requestPk}_${documentUid.slice(0, 8)}_signed.pdf`,
		itemIndex,
		credentials,
	});
}

/** `attempt`, or undefined when the Optimizer has no signed copy yet (404, 412). */
async function unlessNotSignedYet<T>(
	context: OneShotContext,
	attempt: () => Promise<T>,
): Promise<T | undefined> {
	try {
		return await attempt();
	} catch (error) {
		if (error instanceof NodeApiError && (error.httpCode === '404' || error.httpCode === '412')) {
			return undefined;
		}
		throw new NodeApiError(context.getNode(), error as JsonObject);
	}
}

/**
 * Whether the signed copy of a document can be downloaded: the documented evidence that a
 * request is signed. Not yet (404, 412) → false; any other failure is thrown.
 */
export async function signedDocumentExists(
	this: OneShotContext,
	credentials: OneShotCredentials,
	requestPk: number,
	documentUid: string,
	options: { itemIndex?: number; timeoutMs?: number } = {},
): Promise<boolean> {
	const found = await unlessNotSignedYet(this, async () => {
		const response = await oneShotApiRequest.call(
			this,
			{
				endpoint: 'document.download',
				params: { requestPk, documentUid, documentType: 'signed' },
				response: 'stream',
				itemIndex: options.itemIndex,
				timeoutMs: options.timeoutMs,
			},
			credentials,
		);
		(response.body as { destroy?: () => void }).destroy?.();
		return true;
	});
	return found === true;
}

/**
 * The signed copy of a document into the binary store, or undefined while there is none yet
 * (404, 412): the check that a request is signed and the download of its first document in one
 * request, for when the signed documents are wanted anyway.
 */
export async function signedCopyIfReady(
	this: BinaryContext,
	credentials: OneShotCredentials,
	requestPk: number,
	documentUid: string,
	itemIndex?: number,
): Promise<IBinaryData | undefined> {
	return await unlessNotSignedYet(
		this,
		async () => await downloadSigned.call(this, credentials, requestPk, documentUid, itemIndex),
	);
}
