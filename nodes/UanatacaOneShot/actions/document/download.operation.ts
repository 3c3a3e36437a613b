import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	binaryOutputField,
	documentUidField,
	requestPkField,
} from '../../descriptions/sharedFields';
import { documentUidParameter } from '../../helpers/locators';
import { binaryFieldParameter, downloadedFileItem } from '../../helpers/outputItems';
import { downloadToBinary } from '../../../shared/files/download';
import { normalizeRequestPk } from '../../../shared/validation';
import { getOneShotCredentials } from '../../../shared/transport';

const properties: INodeProperties[] = [
	requestPkField,
	documentUidField,
	{
		displayName: 'Document Type',
		name: 'documentType',
		type: 'options',
		options: [
			{ name: 'Original', value: 'original', description: 'The document as uploaded' },
			{
				name: 'Signed',
				value: 'signed',
				description:
					'The signed document (available once signing has completed): a PDF, or a .p7m signature for a document uploaded in Hash mode',
			},
		],
		default: 'signed',
		description: 'Which version of the document to download',
	},
	binaryOutputField(
		'Name of the output binary field the file is put in (a PDF, or a .p7m file for a hash)',
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['document'], operation: ['download'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const requestPk = normalizeRequestPk(this.getNodeParameter('requestPk', i));
	const documentUid = documentUidParameter.call(this, i);
	const documentType = this.getNodeParameter('documentType', i, 'signed') as string;
	const property = binaryFieldParameter.call(this, i, 'Put Output File in Field');
	const credentials = await getOneShotCredentials.call(this);
	const suffix = documentType === 'signed' ? '_signed' : '';
	const data = await downloadToBinary.call(this, {
		endpoint: 'document.download',
		params: { requestPk, documentUid, documentType },
		fallbackFileName: `request_${requestPk}_${documentUid.slice(0, 8)}${suffix}.pdf`,
		itemIndex: i,
		credentials,
	});
	return downloadedFileItem.call(
		this,
		i,
		{ requestPk, documentUid, documentType },
		{ property, data },
	);
}
