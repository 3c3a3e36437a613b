/** Reading the values of resource locator parameters (descriptions/sharedFields.ts defines them). */
import type { IExecuteFunctions } from 'n8n-workflow';

import { trimmedText } from '../../shared/text';
import { requireText } from '../../shared/validation';

/** A resource locator's value (or a plain string from older saved workflows), trimmed. */
export function locatorValue(value: unknown): string {
	if (value && typeof value === 'object' && 'value' in (value as Record<string, unknown>)) {
		return trimmedText((value as Record<string, unknown>).value);
	}
	return trimmedText(value);
}

/** A locator parameter's value, required: "label" names the field in the error. */
export function locatorParameter(
	this: IExecuteFunctions,
	name: string,
	i: number,
	label: string,
): string {
	return requireText(
		locatorValue(this.getNodeParameter(name, i, '', { extractValue: true })),
		label,
	);
}

export function documentUidParameter(this: IExecuteFunctions, i: number): string {
	return locatorParameter.call(this, 'documentUid', i, 'Document');
}
