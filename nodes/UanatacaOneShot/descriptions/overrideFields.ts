/**
 * "Override Credential Defaults": the options that replace a credential value for one call
 * (read by helpers/accountFields.ts).
 */
import type { INodeProperties } from 'n8n-workflow';

import { OPTIMIZER_DEFAULT } from '../helpers/accountFields';

/** Environment of one call, overriding the credential's (sent as "env"). */
export const environmentOverride: INodeProperties = {
	displayName: 'Environment',
	name: 'environment',
	type: 'options',
	options: [
		{ name: 'Optimizer Default (Send Nothing)', value: OPTIMIZER_DEFAULT },
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

/** "Options" of the calls a RAO makes (Video ID approve and refuse): the RAO overrides. */
export const raoOptionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: raoOverrideOptions,
};

/** "Override Credential Defaults" with these options (all of overrideOptions, or fewer). */
export function overridesField(options: INodeProperties[] = overrideOptions): INodeProperties {
	return {
		displayName: 'Override Credential Defaults',
		name: 'overrides',
		type: 'collection',
		placeholder: 'Add Override',
		default: {},
		options,
	};
}
