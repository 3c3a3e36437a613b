/**
 * The credential as the transport uses it: loaded and checked once per call (web address, n8n's
 * domain allowlist), and the list of its values that must never be shown.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { collectSecrets } from '../secrets';
import { trimmedText } from '../text';
import type { ApiGeneration } from './endpoints';

export const CREDENTIAL_NAME = 'uanatacaOneShotApi';

export type OneShotContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IWebhookFunctions
	| IHookFunctions;

export interface OneShotCredentials {
	baseUrl: string;
	apiGeneration: ApiGeneration;
	/** '' = "Optimizer default": no `env` is sent and the Optimizer uses its own setting. */
	environment: 'sandbox' | 'prod' | '';
	registrationAuthority: string;
	profile: string;
	token: string;
	username: string;
	password: string;
	pin: string;
	billingUsername: string;
	billingPassword: string;
	allowUnauthorizedCerts: boolean;
	/**
	 * n8n's per-credential domain allowlist ("Allowed HTTP Request Domains" set to "Specific
	 * Domains"), when the credential carries one; undefined = no restriction.
	 */
	allowedDomains?: string;
}

function hostOf(url: string): string {
	try {
		return new URL(url).hostname.toLowerCase().replace(/\.$/, '');
	} catch {
		return '';
	}
}

/** n8n's rule: "example.com" matches that host, "*.example.com" its subdomains only. */
export function isDomainAllowed(url: string, allowedDomains: string): boolean {
	const host = hostOf(url);
	if (!host) return false;
	return allowedDomains
		.split(',')
		.map((domain) => domain.trim().toLowerCase().replace(/\.$/, ''))
		.filter(Boolean)
		.some((domain) =>
			domain.startsWith('*.')
				? domain.length > 2 && host.endsWith(`.${domain.slice(2)}`)
				: host === domain,
		);
}

/**
 * n8n 2.41 only offers "Allowed HTTP Request Domains" on credentials with an `authenticate`
 * block (this one has none), and applies it in the HTTP Request node, not in
 * httpRequestWithAuthentication. Honoured here anyway, should a credential carry it: "Specific
 * Domains" restricts every call; "None" blocks the HTTP Request node only (this node is the
 * credential's own surface, as n8n treats it).
 * (Implemented here: n8n 1.x's n8n-workflow has no helpers for it.)
 */
function allowedDomainsOf(
	this: OneShotContext,
	raw: IDataObject,
	baseUrl: string,
): string | undefined {
	if (raw.allowedHttpRequestDomains !== 'domains') return undefined;
	const allowedDomains = trimmedText(raw.allowedDomains);
	if (!allowedDomains) {
		throw new NodeOperationError(
			this.getNode(),
			'No allowed domains specified. Configure allowed domains or change restriction setting.',
		);
	}
	if (!isDomainAllowed(baseUrl, allowedDomains)) {
		throw new NodeOperationError(
			this.getNode(),
			`Domain not allowed: This credential is restricted from accessing ${hostOf(baseUrl)}. Only the following domains are allowed: ${allowedDomains}`,
		);
	}
	return allowedDomains;
}

export async function getOneShotCredentials(this: OneShotContext): Promise<OneShotCredentials> {
	const raw = (await this.getCredentials(CREDENTIAL_NAME)) as IDataObject;
	const baseUrl = trimmedText(raw.baseUrl).replace(/\/+$/, '');
	if (!/^https?:\/\//i.test(baseUrl)) {
		throw new NodeOperationError(
			this.getNode(),
			`The credential's Optimizer URL "${baseUrl}" is not a web address`,
			{
				description:
					'Set "Optimizer URL" to something like https://optimizer.example.com/oneshot/api/v1',
			},
		);
	}
	const allowedDomains = allowedDomainsOf.call(this, raw, baseUrl);
	return {
		baseUrl,
		apiGeneration: raw.apiGeneration === 'legacy' ? 'legacy' : 'current',
		environment:
			raw.environment === 'prod' ? 'prod' : raw.environment === 'default' ? '' : 'sandbox',
		registrationAuthority: trimmedText(raw.registrationAuthority),
		profile: trimmedText(raw.profile),
		token: trimmedText(raw.token),
		username: trimmedText(raw.username),
		password: typeof raw.password === 'string' ? raw.password : '',
		pin: typeof raw.pin === 'string' ? raw.pin : '',
		billingUsername: trimmedText(raw.billingUsername),
		billingPassword: typeof raw.billingPassword === 'string' ? raw.billingPassword : '',
		allowUnauthorizedCerts: raw.allowUnauthorizedCerts === true,
		allowedDomains,
	};
}

/** Every value that must never be shown: credential secrets plus call-specific ones. */
export function secretsOf(credentials: OneShotCredentials, extra: Array<string | undefined> = []) {
	return collectSecrets([
		credentials.password,
		credentials.pin,
		credentials.billingPassword,
		credentials.token,
		...extra,
	]);
}
