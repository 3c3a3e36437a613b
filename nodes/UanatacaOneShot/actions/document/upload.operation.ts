import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestPkField } from '../../descriptions/sharedFields';
import { inputBinaries } from '../../helpers/outputItems';
import type { BinaryFileKind } from '../../../shared/files/binaryInput';
import { assertBinaryField, binaryFile } from '../../../shared/files/binaryInput';
import type { MultipartFile } from '../../../shared/transport/multipart';
import type { UploadedDocument } from '../../../shared/responses';
import { parseUploadResult } from '../../../shared/responses';
import {
	ValidationError,
	isPdf,
	normalizeDigest,
	normalizeRequestPk,
	parseHashFile,
	splitList,
} from '../../../shared/validation';
import type { ApiGeneration } from '../../../shared/transport';
import {
	getOneShotCredentials,
	oneShotApiRequest,
	secretsOf,
	unexpectedAnswer,
} from '../../../shared/transport';

/** The API takes at most 10 documents in one call (docs/optimizer-api.md#limits-and-what-is-not-documented). */
export const MAX_DOCUMENTS_PER_CALL = 10;

const properties: INodeProperties[] = [
	requestPkField,
	{
		displayName: 'What to Sign',
		name: 'uploadMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Hash (JSON Hash File)',
				value: 'hash',
				description:
					'Only a digest of the data leaves n8n; the result is a .p7m signature instead of a signed PDF',
			},
			{
				name: 'PDF Documents',
				value: 'pdf',
				description: 'PDF files to sign; the result is the signed PDF',
			},
		],
		default: 'pdf',
	},
	{
		displayName: 'Hash Source',
		name: 'hashSource',
		type: 'options',
		options: [
			{
				name: 'Digest Value',
				value: 'digest',
				description:
					'A SHA-256 (or 384/512) digest, e.g. from a Crypto node; the node writes the JSON hash file',
			},
			{
				name: 'JSON Hash File (Binary Field)',
				value: 'file',
				description:
					'JSON files like {"messageDigest": "…", "digestAlgorithm": "sha256"} in binary fields',
			},
		],
		default: 'file',
		displayOptions: { show: { uploadMode: ['hash'] } },
	},
	{
		displayName: 'Input Binary Fields',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		placeholder: 'data, annex',
		hint: 'Names of the input binary fields holding the files, separated by commas',
		description:
			'PDF Documents: every listed field must hold a PDF; ten documents or more are sent in several calls (the API takes at most 10 at once). Hash: every listed field must hold a JSON hash file.',
		displayOptions: { hide: { hashSource: ['digest'] } },
	},
	{
		displayName: 'Message Digest',
		name: 'messageDigest',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=',
		description:
			'Digest of the data to sign, in Base64 or hexadecimal (a Crypto node set to SHA256 gives one)',
		displayOptions: { show: { uploadMode: ['hash'], hashSource: ['digest'] } },
	},
	{
		displayName: 'Digest Algorithm',
		name: 'digestAlgorithm',
		type: 'options',
		options: [
			{
				name: 'As Documented for Your Optimizer',
				value: 'auto',
				description:
					'SHA-256 as "sha256" on a legacy Optimizer, as "sha256WithRSAEncryption" on the current one',
			},
			{ name: 'SHA-256', value: 'sha256', description: 'Sent as "sha256"' },
			{
				name: 'SHA-256 With RSA Encryption',
				value: 'sha256WithRSAEncryption',
				description: 'Sent as "sha256WithRSAEncryption"',
			},
		],
		default: 'auto',
		description: 'Sent as "digestAlgorithm" in the hash file',
		displayOptions: { show: { uploadMode: ['hash'], hashSource: ['digest'] } },
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['document'], operation: ['upload'] } },
	properties,
);

interface Pending {
	/** null for a hash file the node wrote from a digest */
	binaryPropertyName: string | null;
	file: MultipartFile;
}

export function batches<T>(list: T[], size = MAX_DOCUMENTS_PER_CALL): T[][] {
	const out: T[][] = [];
	for (let start = 0; start < list.length; start += size) out.push(list.slice(start, start + size));
	return out;
}

/** Multipart field names as the API documents them: file, file2, file3, … */
export function fieldName(position: number) {
	return position === 0 ? 'file' : `file${position + 1}`;
}

function match(sent: Pending[], answer: UploadedDocument[]): IDataObject[] {
	return sent.map((pending, index) => {
		const byField = answer.find((doc) => doc.field === pending.file.name);
		const byName = answer.find((doc) => doc.fileName && doc.fileName === pending.file.fileName);
		const doc = byField ?? byName ?? answer[index];
		return {
			uid: doc.uid,
			binaryPropertyName: pending.binaryPropertyName,
			fileName: pending.file.fileName,
			field: pending.file.name,
		};
	});
}

function notPdf(fileName: string, property: string) {
	return new ValidationError(
		`"${fileName}" (binary field "${property}") is not a PDF`,
		'Only PDF documents can be signed. Convert it to PDF first, or choose "Hash" in "What to Sign" to sign a digest.',
	);
}

const PDF: BinaryFileKind = {
	what: 'a PDF',
	extension: 'pdf',
	contentType: 'application/pdf',
	accepts: isPdf,
	refused: notPdf,
};

async function readPending(
	this: IExecuteFunctions,
	i: number,
	mode: 'pdf' | 'hash',
): Promise<Pending[]> {
	const properties = splitList(this.getNodeParameter('binaryPropertyName', i));
	const kind = mode === 'pdf' ? 'a PDF' : 'a JSON hash file';
	if (!properties.length) {
		throw new ValidationError(
			'"Input Binary Fields" is empty',
			`Name at least one binary field holding ${kind}, e.g. data.`,
		);
	}
	const pending: Pending[] = [];
	for (const property of properties) {
		if (mode === 'pdf') {
			// the multipart field name (file, file2, …) is set per batch
			const file = await binaryFile.call(this, i, property, '', PDF);
			pending.push({ binaryPropertyName: property, file });
			continue;
		}
		assertBinaryField.call(this, i, property, kind);
		const meta = this.helpers.assertBinaryData(i, property);
		const data = await this.helpers.getBinaryDataBuffer(i, property);
		const fileName = meta.fileName || `${property}.json`;
		parseHashFile(data, fileName);
		pending.push({
			binaryPropertyName: property,
			file: { name: 'hashfile', fileName, contentType: 'application/json', data },
		});
	}
	return pending;
}

/** The JSON hash file built from a digest typed in the node (docs/optimizer-api.md#documents-and-images). */
export function hashFileFromDigest(
	digest: unknown,
	algorithm: string,
	generation: ApiGeneration,
): Buffer {
	const messageDigest = normalizeDigest(digest);
	const digestAlgorithm =
		algorithm && algorithm !== 'auto'
			? algorithm
			: generation === 'legacy'
				? 'sha256'
				: 'sha256WithRSAEncryption';
	return Buffer.from(
		JSON.stringify({
			messageDigest,
			digestAlgorithm,
			addAuthAttribute: 1,
			addSigningTime: 1,
			otherAuthAttributes: [],
		}),
		'utf8',
	);
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const requestPk = normalizeRequestPk(this.getNodeParameter('requestPk', i));
	const mode = this.getNodeParameter('uploadMode', i, 'pdf') === 'hash' ? 'hash' : 'pdf';
	const credentials = await getOneShotCredentials.call(this);
	let pending: Pending[];
	if (mode === 'hash' && this.getNodeParameter('hashSource', i, 'file') === 'digest') {
		const data = hashFileFromDigest(
			this.getNodeParameter('messageDigest', i, ''),
			this.getNodeParameter('digestAlgorithm', i, 'auto') as string,
			credentials.apiGeneration,
		);
		pending = [
			{
				binaryPropertyName: null,
				file: {
					name: 'hashfile',
					fileName: 'hashfile.json',
					contentType: 'application/json',
					data,
				},
			},
		];
	} else {
		pending = await readPending.call(this, i, mode);
	}

	const documents: IDataObject[] = [];
	// PDFs go 10 per call as file, file2, …; hash files one per call, each as "hashfile". The
	// current Optimizer documents only the answer for one file
	// (docs/optimizer-api.md#documents-and-images): one per call there, so every UID comes from a
	// documented answer and nothing is stored unread.
	const perCall = mode === 'hash' || credentials.apiGeneration === 'current' ? 1 : undefined;
	for (const batch of batches(pending, perCall)) {
		if (mode === 'pdf') batch.forEach((p, position) => (p.file.name = fieldName(position)));
		const response = await oneShotApiRequest.call(
			this,
			{
				endpoint: 'document.upload',
				params: { requestPk },
				multipart: { fields: [], files: batch.map((p) => p.file) },
				itemIndex: i,
				timeoutMs: 300_000,
			},
			credentials,
		);
		const answer = parseUploadResult(response.body);
		if (!answer || answer.length !== batch.length) {
			const uploadedBefore = documents.length
				? ` ${documents.length} document(s) were uploaded before this: ${documents.map((d) => d.uid).join(', ')}.`
				: '';
			throw unexpectedAnswer.call(
				this,
				`expected ${batch.length} document UID(s) back.${uploadedBefore}`,
				response.body,
				secretsOf(credentials),
				i,
			);
		}
		documents.push(...match(batch, answer).map((doc) => ({ ...doc, kind: mode })));
	}
	return [
		{
			json: { requestPk, mode, documents, count: documents.length },
			binary: inputBinaries(this.getInputData(), i),
			pairedItem: { item: i },
		},
	];
}
