import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { binaryOutputField, requestPkField } from '../../descriptions/sharedFields';
import { binaryFieldParameter, downloadedFileItem } from '../../helpers/outputItems';
import { downloadToBinary } from '../../../shared/files/download';
import { normalizeRequestPk } from '../../../shared/validation';
import { getOneShotCredentials } from '../../../shared/transport';

const properties: INodeProperties[] = [
	requestPkField,
	binaryOutputField(
		'Name of the output binary field the contract PDF is put in. The signer must be shown this contract with the documents.',
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['document'], operation: ['getContract'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const requestPk = normalizeRequestPk(this.getNodeParameter('requestPk', i));
	const property = binaryFieldParameter.call(this, i, 'Put Output File in Field');
	const credentials = await getOneShotCredentials.call(this);
	const data = await downloadToBinary.call(this, {
		endpoint: 'document.getContract',
		params: { requestPk },
		fallbackFileName: `service_contract_${requestPk}.pdf`,
		itemIndex: i,
		credentials,
	});
	return downloadedFileItem.call(this, i, { requestPk }, { property, data });
}
