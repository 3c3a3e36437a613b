/**
 * Business defaults from the credential (RAO, billing, environment, RA, profile) merged with the
 * per-operation overrides (descriptions/overrideFields.ts), in the field names the API expects.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { trimmedText } from '../../shared/text';
import type { OneShotCredentials } from '../../shared/transport';
import { getOneShotCredentials } from '../../shared/transport';

export interface BusinessOverrides {
	environment?: string;
	registrationAuthority?: string;
	profile?: string;
	token?: string;
	username?: string;
	password?: string;
	pin?: string;
	billingUsername?: string;
	billingPassword?: string;
}

const pick = (override: string | undefined, fallback: string) => trimmedText(override) || fallback;

export interface BusinessFields {
	fields: Array<[string, string]>;
	/** values to hide from any output */
	secrets: string[];
}

/** Fields for calls that create something on Uanataca's side (create request, Video ID). */
export function businessFields(
	credentials: OneShotCredentials,
	overrides: BusinessOverrides = {},
	{ rao = true, billing = true }: { rao?: boolean; billing?: boolean } = {},
): BusinessFields {
	const fields: Array<[string, string]> = [];
	const secrets: string[] = [];
	const env = pick(overrides.environment, credentials.environment);
	// "Optimizer default": no env at all, the Optimizer uses its own setting.
	if (env && env !== OPTIMIZER_DEFAULT) fields.push(['env', env]);
	const ra = pick(overrides.registrationAuthority, credentials.registrationAuthority);
	if (ra) fields.push(['registration_authority', ra]);
	const profile = pick(overrides.profile, credentials.profile);
	if (profile) fields.push(['profile', profile]);
	if (rao) {
		const token = pick(overrides.token, credentials.token);
		const username = pick(overrides.username, credentials.username);
		const password = pick(overrides.password, credentials.password);
		const pin = pick(overrides.pin, credentials.pin);
		if (token) {
			fields.push(['token', token]);
			secrets.push(token);
		}
		// A token may store no password or PIN; they "must be included in calls that require RAO's
		// credentials" then (docs/optimizer-api.md#tokens): sent with the token whenever known.
		if (!token && username) fields.push(['username', username]);
		if (password) fields.push(['password', password]);
		if (pin) fields.push(['pin', pin]);
		secrets.push(password, pin);
	}
	if (billing) {
		const billingUsername = pick(overrides.billingUsername, credentials.billingUsername);
		const billingPassword = overrides.billingPassword || credentials.billingPassword;
		if (billingUsername) fields.push(['billing_username', billingUsername]);
		if (billingPassword) {
			fields.push(['billing_password', Buffer.from(billingPassword, 'utf8').toString('base64')]);
			secrets.push(billingPassword);
		}
	}
	return { fields, secrets: secrets.filter(Boolean) };
}

/** The Environment value that sends no `env` (the Optimizer's own setting applies). */
export const OPTIMIZER_DEFAULT = 'default';

/**
 * RAO credentials for calls a RAO makes (approve or refuse a Video ID): the token, or username,
 * password and PIN, from the credential unless overridden; `rao` (the RAO's id) when given.
 */
export function raoFields(
	credentials: OneShotCredentials,
	overrides: BusinessOverrides & { raoId?: string } = {},
): { body: Record<string, string>; secrets: string[] } {
	const body: Record<string, string> = {};
	const token = pick(overrides.token, credentials.token);
	const username = pick(overrides.username, credentials.username);
	const password = pick(overrides.password, credentials.password);
	const pin = pick(overrides.pin, credentials.pin);
	if (token) body.token = token;
	else if (username) body.username = username;
	// Sent with a token too: a token may store neither (docs/optimizer-api.md#tokens).
	if (password) body.password = password;
	if (pin) body.pin = pin;
	// The RAO's id: "with RAO credentials ... and rao, or with token and rao" (Video ID pages).
	const rao = pick(overrides.raoId, username);
	if (rao) body.rao = rao;
	return { body, secrets: [token, password, pin].filter(Boolean) };
}

/** The credential, and the business fields of this item's call with its "overrides" applied. */
export async function businessFieldsOf(
	this: IExecuteFunctions,
	itemIndex: number,
	include: { rao?: boolean; billing?: boolean } = {},
): Promise<{ credentials: OneShotCredentials; business: BusinessFields }> {
	const credentials = await getOneShotCredentials.call(this);
	const overrides = this.getNodeParameter('overrides', itemIndex, {}) as BusinessOverrides;
	return { credentials, business: businessFields(credentials, overrides, include) };
}
