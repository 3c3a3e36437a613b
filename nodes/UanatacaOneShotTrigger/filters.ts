/**
 * The trigger's settings, read once per call and checked, and the filters they define.
 * A setting that cannot work is a `ConfigError`: activation refuses it (webhookMethods.create)
 * and a callback that still reaches a misconfigured trigger is answered 500, without execution.
 */
import type { NormalizedCallback } from '../shared/callbacks/normalize';

/** Request statuses documented for One-Shot (docs/optimizer-api.md#statuses-and-asynchronous-mode). */
export const REQUEST_STATUSES = [
	'CREATED',
	'ENROLLREADY',
	'ISSUED',
	'CANCELLED',
	'VIDEOPENDING',
	'VIDEOINCOMPLETE',
	'VIDEOERROR',
	'VIDEOREVIEW',
	'RENEWED',
] as const;

/** Event types of the "event" callback format (docs/optimizer-api.md#callbacks). */
export const EVENT_TYPES = [
	'REQUEST_CREATED',
	'REQUEST_CANCELED',
	'REQUEST_APPROVED',
	'REQUEST_ENROLLED',
	'CERTIFICATE_SUSPENDED',
	'CERTIFICATE_REVOKED',
	'VIDEOID_UPDATED',
	'VIDEOID_FAILED',
	'VIDEOID_REFUSED',
] as const;

/** Shortest secret token accepted: anything shorter can be guessed and cannot be redacted safely. */
export const MIN_TOKEN_LENGTH = 8;

export type Authentication = 'none' | 'header' | 'basic';

export interface TriggerConfig {
	statuses: Set<string>;
	requestPks: Set<number>;
	authorities: Set<string>;
	secretToken: string;
	authentication: Authentication;
	headerName: string;
	headerValue: string;
	basicUser: string;
	basicPassword: string;
	includeRawBody: boolean;
	deduplicate: boolean;
	confirmWithOptimizer: boolean;
	unconfirmedEvents: 'emit' | 'drop';
	downloadSignedDocuments: boolean;
	simplify?: boolean;
}

export class ConfigError extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
		this.name = 'ConfigError';
	}
}

type ParameterReader = (name: string, fallback: unknown) => unknown;

function text(value: unknown): string {
	return typeof value === 'string'
		? value
		: value === undefined || value === null
			? ''
			: String(value);
}

function list(value: unknown): string[] {
	return text(value)
		.split(/[\s,;]+/)
		.map((entry) => entry.trim())
		.filter(Boolean);
}

export function parseRequestPks(value: unknown): Set<number> {
	const pks = new Set<number>();
	for (const entry of list(value)) {
		const pk = /^\d{1,16}$/.test(entry) ? Number(entry) : NaN;
		if (!Number.isSafeInteger(pk) || pk <= 0) {
			throw new ConfigError(
				`"Request Numbers" contains "${entry.slice(0, 40)}", which is not a request number`,
				'List request numbers (pk) separated by commas, e.g. 46760, 46761, or leave the field empty to accept every request.',
			);
		}
		pks.add(pk);
	}
	return pks;
}

export function readConfig(get: ParameterReader, hasCredential: boolean): TriggerConfig {
	const options = (get('options', {}) ?? {}) as Record<string, unknown>;
	const statusesValue = get('statuses', []);
	const statuses = new Set(
		(Array.isArray(statusesValue) ? statusesValue : list(statusesValue)).map((s) =>
			text(s).trim().toUpperCase(),
		),
	);
	statuses.delete('');
	const authenticationValue = text(get('authentication', 'none'));
	const authentication: Authentication =
		authenticationValue === 'header' || authenticationValue === 'basic'
			? authenticationValue
			: 'none';
	const config: TriggerConfig = {
		statuses,
		requestPks: parseRequestPks(get('requestPks', '')),
		authorities: new Set(list(get('registrationAuthority', ''))),
		secretToken: text(get('secretToken', '')),
		authentication,
		headerName: authentication === 'header' ? text(get('headerName', '')).trim() : '',
		headerValue: authentication === 'header' ? text(get('headerValue', '')) : '',
		basicUser: authentication === 'basic' ? text(get('basicUser', '')) : '',
		basicPassword: authentication === 'basic' ? text(get('basicPassword', '')) : '',
		includeRawBody: options.includeRawBody === true,
		deduplicate: options.deduplicate !== false,
		confirmWithOptimizer: options.confirmWithOptimizer === true,
		unconfirmedEvents: options.unconfirmedEvents === 'drop' ? 'drop' : 'emit',
		downloadSignedDocuments: options.downloadSignedDocuments === true,
		simplify: options.simplify === true,
	};

	if (config.secretToken && config.secretToken.length < MIN_TOKEN_LENGTH) {
		throw new ConfigError(
			`The secret token is too short (at least ${MIN_TOKEN_LENGTH} characters)`,
			'Use a long random value, e.g. 32 letters and digits, and append it to the callback URL as ?token=<value>.',
		);
	}
	if (config.authentication === 'header') {
		if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(config.headerName)) {
			throw new ConfigError(
				'Header authentication needs a valid header name',
				'Set "Header Name" to the header your reverse proxy adds, e.g. X-Proxy-Secret.',
			);
		}
		if (!config.headerValue) {
			throw new ConfigError(
				'Header authentication needs a header value',
				'Set "Header Value" to the value the reverse proxy sends.',
			);
		}
	}
	if (config.authentication === 'basic' && (!config.basicUser || !config.basicPassword)) {
		throw new ConfigError(
			'Basic authentication needs a user and a password',
			'Set "User" and "Password" to the credentials your reverse proxy sends, or choose another authentication.',
		);
	}
	if ((config.confirmWithOptimizer || config.downloadSignedDocuments) && !hasCredential) {
		throw new ConfigError(
			'"Confirm With Optimizer" and "Download Signed Documents" need a Uanataca One-Shot API credential',
			'Select a credential for the Optimizer in this trigger, or turn these options off.',
		);
	}
	return config;
}

/** Whether a callback passes the status / request / registration authority filters. */
export function passesFilters(config: TriggerConfig, event: NormalizedCallback): boolean {
	if (
		config.statuses.size &&
		!config.statuses.has(event.status) &&
		!config.statuses.has(event.eventType)
	) {
		return false;
	}
	if (config.requestPks.size && !config.requestPks.has(event.requestPk)) return false;
	if (config.authorities.size) {
		if (event.registrationAuthority === null) return false;
		if (!config.authorities.has(String(event.registrationAuthority).trim())) return false;
	}
	return true;
}
