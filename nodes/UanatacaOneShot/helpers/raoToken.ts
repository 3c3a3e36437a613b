/**
 * What a RAO token stores, for the calls a RAO makes (Create, Video ID Approve and Refuse).
 * A token may be created without the RAO's password and PIN; then they "must be included in calls
 * that require RAO's credentials" (docs/optimizer-api.md#tokens). Token → Get tells whether the
 * token stores them (`password`/`pin` true or false): used to name what to fill when the Optimizer
 * refuses the credentials, and to find the RAO's id (`rao`) a token stands for.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { TokenInfo } from '../../shared/responses/token';
import { parseTokenInfo } from '../../shared/responses';
import type { OneShotCredentials } from '../../shared/transport';
import { oneShotApiRequest } from '../../shared/transport';

/** Token → Get; undefined when the Optimizer does not answer it usefully. */
export async function readToken(
	this: IExecuteFunctions,
	credentials: OneShotCredentials,
	tokenUid: string,
	itemIndex: number,
): Promise<TokenInfo | undefined> {
	try {
		const response = await oneShotApiRequest.call(
			this,
			{ endpoint: 'token.get', params: { tokenUid }, itemIndex },
			credentials,
		);
		return parseTokenInfo(tokenUid, response.body);
	} catch {
		return undefined;
	}
}

const RAO_REFUSAL = /invalid rao credentials|incomplete rao'?s credentials/i;

/** The labels of what the token lacks and the call did not send, e.g. ['RAO Password']. */
export function missingFromToken(
	info: TokenInfo | undefined,
	sent: { password?: string; pin?: string },
): string[] {
	if (!info) return [];
	const missing: string[] = [];
	if (info.passwordStored === false && !sent.password) missing.push('RAO Password');
	if (info.pinStored === false && !sent.pin) missing.push('RAO PIN');
	return missing;
}

/**
 * When the Optimizer refused the RAO credentials of a call that sent a token, asks the token what
 * it stores and, if it lacks the password or PIN the call did not send, says which fields to fill.
 * Otherwise returns the original error.
 */
export async function explainRaoRefusal(
	this: IExecuteFunctions,
	error: unknown,
	credentials: OneShotCredentials,
	sent: { token?: string; password?: string; pin?: string },
	itemIndex: number,
): Promise<unknown> {
	const message = error instanceof Error ? error.message : '';
	if (!sent.token || !RAO_REFUSAL.test(message)) return error;
	const missing = missingFromToken(
		await readToken.call(this, credentials, sent.token, itemIndex),
		sent,
	);
	if (missing.length === 0) return error;
	const names = missing.map((m) => `"${m}"`).join(' and ');
	return new NodeOperationError(
		this.getNode(),
		`The RAO token does not store the ${missing.map((m) => (m === 'RAO PIN' ? 'PIN' : 'password')).join(' or ')}, and the Optimizer needs ${missing.length > 1 ? 'them' : 'it'}`,
		{
			description: `The Optimizer answered: ${message}. Fill ${names} in the credential (or in this node's options): the node sends ${missing.length > 1 ? 'them' : 'it'} with the token. Or create a token that stores them (Token → Create with password and PIN).`,
			itemIndex,
		},
	);
}
