/**
 * Signed copies into n8n's binary store: one loop for Sign, Sign via Signing Page and the
 * trigger. Each copy goes into the binary field `<prefix><n>`, n counting the copies fetched.
 */
import type { IBinaryData, IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import { downloadSigned } from '../files/download';
import type { OneShotCredentials } from '../transport';

export const DEFAULT_BINARY_PREFIX = 'signed_';

export interface SignedCopy {
	uid: string;
	binaryPropertyName: string;
	data: IBinaryData;
}

export interface SignedCopies {
	binary: Record<string, IBinaryData>;
	copies: SignedCopy[];
	/** Documents that could not be fetched (only with `keepGoing`). */
	failures: Array<{ uid: string; error: unknown }>;
}

export interface CopyOptions {
	prefix?: string;
	itemIndex?: number;
	/** The first document's copy, when already fetched (the check that the request is signed). */
	first?: IBinaryData;
	/** Go on past a document that cannot be fetched (listed in `failures`) instead of failing. */
	keepGoing?: boolean;
}

export async function downloadSignedCopies(
	this: IExecuteFunctions | IWebhookFunctions,
	credentials: OneShotCredentials,
	requestPk: number,
	uids: string[],
	options: CopyOptions = {},
): Promise<SignedCopies> {
	const prefix = options.prefix ?? DEFAULT_BINARY_PREFIX;
	const result: SignedCopies = { binary: {}, copies: [], failures: [] };
	for (const [index, uid] of uids.entries()) {
		const fetchCopy = async () =>
			index === 0 && options.first
				? options.first
				: await downloadSigned.call(this, credentials, requestPk, uid, options.itemIndex);
		const data = options.keepGoing
			? await fetchCopy().catch((error: unknown) => {
					result.failures.push({ uid, error });
					return undefined;
				})
			: await fetchCopy();
		if (!data) continue;
		const binaryPropertyName = `${prefix}${result.copies.length}`;
		result.binary[binaryPropertyName] = data;
		result.copies.push({ uid, binaryPropertyName, data });
	}
	return result;
}

/** The action node's output of signed copies: `documents` entries and binary fields. */
export interface SignedDocumentsOutput {
	binary: Record<string, IBinaryData>;
	documents: IDataObject[];
}

export function documentsOutput(signed: SignedCopies): SignedDocumentsOutput {
	return {
		binary: signed.binary,
		documents: signed.copies.map((copy) => ({
			uid: copy.uid,
			fileName: copy.data.fileName ?? null,
			binaryPropertyName: copy.binaryPropertyName,
		})),
	};
}
