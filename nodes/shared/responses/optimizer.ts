/** Answers about the Optimizer itself: Version. */
import { isObj, payloadOf, scalarText } from './envelope';

export interface OptimizerVersion {
	name: string | null;
	version: string | null;
	hostname: string | null;
	system: string | null;
	release: string | null;
	machine: string | null;
}

/** Version (legacy): details {info:{machine, version, release, hostname, system, processor}, version, name}. */
export function parseVersion(body: unknown): OptimizerVersion | undefined {
	const payload = payloadOf(body);
	if (typeof payload === 'string' && payload.trim()) {
		return {
			name: null,
			version: payload.trim(),
			hostname: null,
			system: null,
			release: null,
			machine: null,
		};
	}
	if (!isObj(payload)) return undefined;
	const info = isObj(payload.info) ? payload.info : {};
	const version = scalarText(payload.version);
	if (!version && !isObj(payload.info)) return undefined;
	return {
		name: scalarText(payload.name),
		version,
		hostname: scalarText(info.hostname),
		system: scalarText(info.system),
		release: scalarText(info.release),
		machine: scalarText(info.machine ?? info.processor),
	};
}
