/**
 * Public types of the Uanataca One-Shot Optimizer simulator (test/dev tooling, never shipped).
 */

export type RequestStatus =
	| 'CREATED'
	| 'VIDEOPENDING'
	| 'VIDEOINCOMPLETE'
	| 'VIDEOREVIEW'
	| 'VIDEOERROR'
	| 'ENROLLREADY'
	| 'ISSUED'
	| 'CANCELLED';

export type Generation = 'current' | 'legacy';

export interface SimulatorDefaults {
	/** What the Optimizer's settings file supplies when `env` is omitted. */
	env?: string;
	/** Default `registration_authority` (settings `default_ra`). */
	registrationAuthority?: string;
	/** Default `profile` (settings `default_profile`). */
	profile?: string;
	/** true = billing credentials configured server-side (then they are optional on create). */
	billing?: boolean;
}

export interface SimulatorOptions {
	/** 0 = random free port. */
	port: number;
	host: '127.0.0.1';
	defaults: SimulatorDefaults;
	otpCooldownMs: number;
	otpTtlMs: number;
	/** Processing time of a synchronous sign call. */
	signDelayMs: number;
	/** Time between an asynchronous sign call and the end of signing (ISSUED + callback). */
	asyncSignDelayMs: number;
	/** 'flat' = oneshot-api.md 4.2 format A, 'event' = format B. */
	callbackFormat: 'flat' | 'event';
	/** Delay before each callback delivery. */
	callbackDelayMs: number;
	/** Send every callback twice. */
	duplicateCallbacks: boolean;
	/** Hold a request's callbacks until ISSUED/CANCELLED, then deliver them newest first. */
	outOfOrderCallbacks: boolean;
	/** Extra delivery attempts after a failed callback (network error or non-2xx). */
	callbackRetries: number;
	/** Timeout of one callback delivery attempt. */
	callbackTimeoutMs: number;
	/** Error body of the current generation (see README). */
	errorStyle: 'fastapi' | 'envelope';
	/** Success shapes of the current generation (see README). */
	responseStyle: 'documented' | 'variant';
	maxDocumentsPerRequest: number;
	/** Added to every API answer. */
	latencyMs: number;
	/** false: Create Video ID answers 400 "Videoid not enabled for Registration Authority N". */
	videoIdEnabled: boolean;
	/** The customer code Sign accepts as `secret` with external authentication (ext_unlock_*). */
	customerCode: string;
	/** 'bare': downloads come as application/octet-stream without Content-Disposition. */
	downloadHeaders: 'named' | 'bare';
	/**
	 * The webhook Uanataca sets on the registration authority: notifications of requests without
	 * a callback of their own go there ('' = none). The current Optimizer's Video ID uses it.
	 */
	raWebhookUrl: string;
	/**
	 * true (default): the rules a real Optimizer enforces per the vendor's documents (README
	 * "Strict mode"); false: the lenient reading older tests were written against.
	 */
	strict: boolean;
	/** The `env` values the Optimizer knows (older legacy Optimizers: test and prod). */
	environments: string[];
	/** false: format A callbacks leave out `date` (the webhook page: "when present"). */
	callbackDate: boolean;
}

export interface Fault {
	/** Substring of, or RegExp source matched against, "METHOD /full/path" (no query string). */
	route?: string;
	/** 'stall': a download answers its headers and half its body, then nothing (see delayMs) */
	kind: '5xx' | 'drop' | 'slow' | '429' | 'stall';
	/** How many matching calls the fault applies to (default 1; <= 0 or Infinity = unlimited). */
	times?: number;
	/** Status of a '5xx' fault (default 503). */
	status?: number;
	/** Delay of a 'slow' fault (default 1000); of a 'stall' fault: then the connection breaks (default never). */
	delayMs?: number;
	/** Error message of a '5xx' fault (default "Service temporarily unavailable"). */
	message?: string;
}

export interface HistoryEntry {
	status: RequestStatus;
	/** Event type of format B when it is not the status's usual one (VIDEOID_REFUSED, …). */
	eventType?: string;
	previous_status: RequestStatus | null;
	/** ISO date without time zone, microseconds (callback format A). */
	date: string;
	at: number;
}

export interface SimDocument {
	uid: string;
	/** Multipart field name the file came under (`file`, `file2`, `hashfile`, ...). */
	field: string;
	filename: string;
	kind: 'pdf' | 'hash';
	original: Buffer;
	signed?: Buffer;
	sha256: string;
	uploadedAt: number;
}

export interface SimImage {
	uid: string;
	filename: string;
	mime: string;
	data: Buffer;
	uploadedAt: number;
}

export interface SimOtp {
	code: string;
	createdAt: number;
	expiresAt: number;
	used: boolean;
	deliveryMethod: 'sms' | 'whatsapp';
}

export interface SimCertificate {
	status: 'VALID' | 'SUSPENDED' | 'REVOKED';
	serial_number: string;
	valid_from: string;
	valid_to: string;
}

export interface SimSigner {
	given_name: string;
	surname_1: string;
	surname_2?: string;
	email: string;
	mobile_phone_number: string;
	serial_number: string;
	id_document_type: string;
	id_document_country: string;
}

export interface SimRequest {
	pk: number;
	status: RequestStatus;
	/** API generation the request was created through. */
	generation: Generation;
	createdAt: number;
	signer: SimSigner;
	registrationAuthority: number;
	profile: string;
	env: 'sandbox' | 'prod';
	asyncmode: boolean;
	callback?: string;
	scratchcard: string;
	raoUsername: string;
	tokenUid?: string;
	billingUsername?: string;
	communicationLanguage?: string;
	/** Every text field received on create (passwords and pins masked). */
	fields: Record<string, string>;
	/** ID images received on create (document_front, document_rear, document_owner, extra_document). */
	idImages: { field: string; filename: string; mime: string; size: number }[];
	documents: SimDocument[];
	contractRetrieved: boolean;
	otp?: SimOtp;
	otpCount: number;
	/** true while a sign call is being processed (sync wait or async signing). */
	signing: boolean;
	/** Body of the accepted sign call (secret masked). */
	signOptions?: Record<string, unknown>;
	signedAt?: number;
	certificate?: SimCertificate;
	history: HistoryEntry[];
	/** Video ID requests only. */
	videoid?: SimVideoId;
}

export interface SimVideoId {
	/** Video ID number (current paths use it). */
	pk: number;
	link: string;
	/** Evidences received (images as sizes in bytes). */
	evidences?: {
		acceptance?: Record<string, unknown>;
		ocr_data: Record<string, unknown>;
		images: Record<string, number>;
		security_checks?: Record<string, boolean>;
		similarity_level?: unknown;
		/** Top-level fields besides acceptance and videoid_data. */
		extra: Record<string, unknown>;
	};
	video?: { filename: string; data: Buffer };
	refuseReason?: string;
}

export interface CallbackRecord {
	url: string;
	/** The JSON body sent. */
	body: Record<string, unknown>;
	format: 'flat' | 'event';
	pk: number;
	/** Request status the callback reports. */
	requestStatus: RequestStatus;
	/** 1 = first attempt, 2+ = retries (callbackRetries). */
	attempt: number;
	/** true for the second copy sent with duplicateCallbacks. */
	duplicate: boolean;
	/** HTTP status answered by the receiver (undefined on network error). */
	statusCode?: number;
	/** Network error message (undefined when the receiver answered). */
	error?: string;
	/** When the attempt started (ms epoch). */
	at: number;
	durationMs: number;
}

export interface RequestLogEntry {
	method: string;
	/** Path without query string. */
	path: string;
	/** 0 = connection dropped by a 'drop' fault. */
	status: number;
	at: number;
}

export interface Simulator {
	/** http://127.0.0.1:PORT */
	url: string;
	/** `${url}/oneshot/api/v1` */
	currentBaseUrl: string;
	/** `${url}/api/v1` */
	legacyBaseUrl: string;
	/** Mutable at run time. */
	options: SimulatorOptions;
	/** A pre-seeded RAO token that cannot be deleted. */
	sandboxToken: string;
	/** Valid RAO credentials (not stored in any token at start). */
	rao: { username: string; password: string; pin: string };
	/** Valid billing credentials; the API receives the password Base64-encoded. */
	billing: { username: string; password: string };
	getOtp(pk: number): string | undefined;
	/** Live state of a request (do not mutate). */
	getRequest(pk: number): SimRequest | undefined;
	/** The signer finished the Video ID call (eIDAS flow): VIDEOPENDING → VIDEOREVIEW. */
	completeVideoId(pk: number): boolean;
	/** Moves a request to CANCELLED (as a RAO would at the RA) and sends its callback. */
	cancelRequest(pk: number): boolean;
	/** An asynchronous sign call accepted earlier finishes now (ISSUED, callback sent). */
	signNow(pk: number): boolean;
	callbacks: CallbackRecord[];
	requestLog: RequestLogEntry[];
	/** Resolves once `callbacks.length >= count` (rejects after timeoutMs, default 5000). */
	waitForCallbacks(count: number, timeoutMs?: number): Promise<CallbackRecord[]>;
	injectFault(f: Fault): void;
	clearFaults(): void;
	/** Wipes requests, tokens (keeps the sandbox token), faults, logs, callbacks and pending timers. */
	reset(opts?: { options?: boolean }): void;
	close(): Promise<void>;
}
