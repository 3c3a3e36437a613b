import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { inputBinaries, requestPkField } from '../../helpers/descriptions';
import type { MultipartFile } from '../../helpers/multipart';
import type { UploadedDocument } from '../../helpers/responses';
import { parseUploadResult } from '../../helpers/responses';
import { ValidationError, isPdf, normalizeRequestPk, splitList } from '../../helpers/validation';
import {
	getOneShotCredentials,
	oneShotApiRequest,
	secretsOf,
	unexpectedAnswer,
} from '../../transport';

/** The API takes at most 10 documents in one call (oneshot-api.md section 5). */
export const MAX_DOCUMENTS_PER_CALL = 10;

const properties: INodeProperties[] = [
	requestPkField,
	{
		displayName: 'Input Binary Fields',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		placeholder: 'data, annex',
		hint: 'Names of the input binary fields holding the PDFs, separated by commas',
		description:
			'Every listed field must hold a PDF. Ten documents or more are sent in several calls (the API takes at most 10 at once).',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['document'], operation: ['upload'] } },
	properties,
);

interface Pending {
	binaryPropertyName: string;
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

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const requestPk = normalizeRequestPk(this.getNodeParameter('requestPk', i));
	const properties = splitList(this.getNodeParameter('binaryPropertyName', i));
	if (!properties.length) {
		throw new ValidationError(
			'"Input Binary Fields" is empty',
			'Name at least one binary field holding a PDF, e.g. data.',
		);
	}
	const available = Object.keys(this.getInputData()[i]?.binary ?? {});
	const pending: Pending[] = [];
	for (const property of properties) {
		if (!available.includes(property)) {
			throw new ValidationError(
				`The input item has no binary field "${property}"`,
				available.length
					? `Its binary fields are: ${available.join(', ')}.`
					: 'The input item has no binary data at all: read or download the PDF in an earlier step.',
			);
		}
		const meta = this.helpers.assertBinaryData(i, property);
		const data = await this.helpers.getBinaryDataBuffer(i, property);
		const fileName = meta.fileName || `${property}.pdf`;
		if (!isPdf(data)) {
			throw new ValidationError(
				`"${fileName}" (binary field "${property}") is not a PDF`,
				'Only PDF documents can be signed. Convert it to PDF first.',
			);
		}
		pending.push({
			binaryPropertyName: property,
			file: { name: '', fileName, contentType: 'application/pdf', data },
		});
	}

	const credentials = await getOneShotCredentials.call(this);
	const documents: IDataObject[] = [];
	for (const batch of batches(pending)) {
		batch.forEach((p, position) => (p.file.name = fieldName(position)));
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
		documents.push(...match(batch, answer));
	}
	return [
		{
			json: { requestPk, documents, count: documents.length },
			binary: inputBinaries(this.getInputData(), i),
			pairedItem: { item: i },
		},
	];
}
