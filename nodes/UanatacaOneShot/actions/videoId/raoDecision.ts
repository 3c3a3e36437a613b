/**
 * A RAO's decision on a Video ID (approve or refuse), with the RAO's credentials
 * (docs/optimizer-api.md#video-id).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { BusinessOverrides } from '../../helpers/accountFields';
import { raoFields } from '../../helpers/accountFields';
import { inputBinaries } from '../../helpers/outputItems';
import { explainRaoRefusal, readToken } from '../../helpers/raoToken';
import { messageOf } from '../../../shared/responses';
import type { OneShotCredentials } from '../../../shared/transport';
import { getOneShotCredentials, oneShotApiRequest } from '../../../shared/transport';
import { ValidationError } from '../../../shared/validation';
import { readVideoIdTarget, targetJson, targetParams } from './target';

type RaoSent = { token?: string; password?: string; pin?: string };

/** RAO credentials of the approving or refusing RAO, refused early when there are none. */
export function raoBody(
	credentials: OneShotCredentials,
	overrides: BusinessOverrides & { raoId?: string },
): { body: IDataObject; secrets: string[] } {
	const rao = raoFields(credentials, overrides);
	if (!rao.body.token && !rao.body.username) {
		throw new ValidationError(
			'No RAO credentials to decide on the Video ID',
			'Set "RAO Token" (or RAO username, password and PIN) in the credential, or override them in this node\'s options.',
		);
	}
	return rao;
}

/**
 * A RAO's decision on a Video ID (approve or refuse): RAO credentials from the credential or the
 * options, the Video ID the generation needs, and the decision's fields in the output.
 */
export async function raoDecision(
	this: IExecuteFunctions,
	i: number,
	endpoint: 'videoId.approve' | 'videoId.refuse',
	extraBody: IDataObject,
	outcome: IDataObject,
): Promise<INodeExecutionData[]> {
	const target = readVideoIdTarget.call(this, i);
	const credentials = await getOneShotCredentials.call(this);
	const overrides = this.getNodeParameter('options', i, {}) as BusinessOverrides & {
		raoId?: string;
	};
	const rao = raoBody(credentials, overrides);
	const number = credentials.apiGeneration === 'legacy' ? target.requestPk : target.videoIdPk;
	if (!rao.body.rao && typeof rao.body.token === 'string' && number !== undefined) {
		// The documents want the RAO's id with a token too: the token knows it (Token → Get).
		const info = await readToken.call(this, credentials, rao.body.token, i);
		if (info?.username) rao.body.rao = info.username;
	}
	// The legacy refuse samples send the RAO's id as rao_id, its schema as rao: both are sent.
	if (endpoint === 'videoId.refuse' && credentials.apiGeneration === 'legacy' && rao.body.rao) {
		rao.body.rao_id = rao.body.rao;
	}
	let response;
	try {
		response = await oneShotApiRequest.call(
			this,
			{
				endpoint,
				params: targetParams(target),
				body: { ...rao.body, ...extraBody },
				itemIndex: i,
				secrets: rao.secrets,
				timeoutMs: 120_000,
			},
			credentials,
		);
	} catch (error) {
		throw await explainRaoRefusal.call(this, error, credentials, rao.body as RaoSent, i);
	}
	return [
		{
			json: { ...targetJson(target), ...outcome, message: messageOf(response.body) ?? null },
			binary: inputBinaries(this.getInputData(), i),
			pairedItem: { item: i },
		},
	];
}
