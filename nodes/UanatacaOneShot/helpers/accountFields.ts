/**
 * Business defaults from the credential (RAO, billing, environment, RA, profile) merged with the
 * per-operation overrides, in the field names the API expects.
 */
import type { INodeProperties } from 'n8n-workflow';

import type { OneShotCredentials } from '../../shared/transport';

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

const pick = (override: string | undefined, fallback: string) =>
	override !== undefined && String(override).trim() !== '' ? String(override).trim() : fallback;

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
	fields.push(['env', pick(overrides.environment, credentials.environment)]);
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
		// RAO credentials are sent alongside a token only when no token is set (the token holds them)
		if (!token) {
			if (username) fields.push(['username', username]);
			if (password) fields.push(['password', password]);
			if (pin) fields.push(['pin', pin]);
		}
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

/** Environment of one call, overriding the credential's (sent as "env"). */
export const environmentOverride: INodeProperties = {
	displayName: 'Environment',
	name: 'environment',
	type: 'options',
	options: [
		{ name: 'Production', value: 'prod' },
		{ name: 'Sandbox (Tests)', value: 'sandbox' },
	],
	default: 'sandbox',
	description: "Overrides the credential's environment for this call",
};

/** The "Override Credential Defaults" options shared by operations that send business fields. */
export const overrideOptions: INodeProperties[] = [
	{
		displayName: 'Billing Password',
		name: 'billingPassword',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: "Overrides the credential's billing password for this call (typed as it is)",
	},
	{
		displayName: 'Billing Username',
		name: 'billingUsername',
		type: 'string',
		default: '',
		description: "Overrides the credential's billing username for this call",
	},
	environmentOverride,
	{
		displayName: 'Profile',
		name: 'profile',
		type: 'string',
		default: '',
		placeholder: 'PFnubeQAFCiudadano',
		description: "Overrides the credential's certificate profile for this call",
	},
	{
		displayName: 'RAO Token',
		name: 'token',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: "Overrides the credential's RAO token for this call",
	},
	{
		displayName: 'Registration Authority',
		name: 'registrationAuthority',
		type: 'string',
		default: '',
		description: "Overrides the credential's registration authority for this call",
	},
];

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
	else {
		if (username) body.username = username;
		if (password) body.password = password;
		if (pin) body.pin = pin;
	}
	const rao = pick(overrides.raoId, '');
	if (rao) body.rao = rao;
	return { body, secrets: [token, password, pin].filter(Boolean) };
}

/** Overrides of the RAO credentials for the calls a RAO makes (Video ID approve and refuse). */
export const raoOverrideOptions: INodeProperties[] = [
	{
		displayName: 'RAO ID',
		name: 'raoId',
		type: 'string',
		default: '',
		description:
			'ID of the RAO who decides (sent as "rao"). Needed only if your Optimizer asks for it; a token already holds it.',
	},
	{
		displayName: 'RAO PIN',
		name: 'pin',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: "Overrides the credential's RAO PIN for this call (used when no token is set)",
	},
	{
		displayName: 'RAO Password',
		name: 'password',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			"Overrides the credential's RAO password for this call (used when no token is set)",
	},
	{
		displayName: 'RAO Token',
		name: 'token',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: "Overrides the credential's RAO token for this call",
	},
	{
		displayName: 'RAO Username',
		name: 'username',
		type: 'string',
		default: '',
		description:
			"Overrides the credential's RAO username for this call (used when no token is set)",
	},
];
