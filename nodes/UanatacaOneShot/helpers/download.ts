/** Streams a document from the Optimizer into n8n's binary store (never into JSON). */
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import type { EndpointKey, OneShotCredentials } from '../transport';
import { oneShotApiRequest } from '../transport';

type BinaryInput = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];

function fileNameFromDisposition(header: string | undefined): string | undefined {
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
	this: IExecuteFunctions,
	args: {
		endpoint: EndpointKey;
		params: Record<string, string | number>;
		fallbackFileName: string;
		itemIndex: number;
		credentials: OneShotCredentials;
	},
): Promise<IBinaryData> {
	const response = await oneShotApiRequest.call(
		this,
		{
			endpoint: args.endpoint,
			params: args.params,
			response: 'stream',
			itemIndex: args.itemIndex,
			timeoutMs: 300_000,
		},
		args.credentials,
	);
	const fileName =
		fileNameFromDisposition(response.headers['content-disposition']) ?? args.fallbackFileName;
	const mimeType = mimeTypeFor(fileName, response.headers['content-type']);
	return await this.helpers.prepareBinaryData(response.body as BinaryInput, fileName, mimeType);
}
