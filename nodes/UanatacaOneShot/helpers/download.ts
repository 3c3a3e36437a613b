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
	const fileName =
		fileNameFromDisposition(response.headers['content-disposition']) ?? args.fallbackFileName;
	const mimeType = mimeTypeFor(fileName, response.headers['content-type']);
	return await this.helpers.prepareBinaryData(response.body as BinaryInput, fileName, mimeType);
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
	try {
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
	} catch (error) {
		if (error instanceof NodeApiError && (error.httpCode === '404' || error.httpCode === '412')) {
			return false;
		}
		throw new NodeApiError(this.getNode(), error as JsonObject);
	}
}
