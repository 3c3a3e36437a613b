/**
 * Everything the signing page says, in the three communication languages of a One-Shot request
 * (Create's "Communication Language": ES, EN, PL). English is the default.
 */
export type PageLanguage = 'EN' | 'ES' | 'PL';

export const PAGE_LANGUAGES: readonly PageLanguage[] = ['EN', 'ES', 'PL'];

export function pageLanguage(value: unknown): PageLanguage {
	const code = String(value ?? '')
		.trim()
		.toUpperCase();
	return (PAGE_LANGUAGES as readonly string[]).includes(code) ? (code as PageLanguage) : 'EN';
}

/** BCP 47 tag for <html lang> and for dates. */
export const LOCALE: Record<PageLanguage, string> = { EN: 'en-GB', ES: 'es-ES', PL: 'pl-PL' };

export interface PageTexts {
	defaultTitle: string;
	greeting: (name: string) => string;
	greetingAnonymous: string;
	intro: string;
	stepRead: string;
	stepCode: string;
	stepSign: string;
	stepsLabel: string;
	documentsHeading: string;
	contract: string;
	document: (position: number) => string;
	open: string;
	opensInNewTab: string;
	confirmRead: string;
	sendCode: (phone: string | undefined) => string;
	sendCodeButton: string;
	codeSent: (phone: string | undefined, at: string) => string;
	codeLabel: string;
	codeHint: string;
	signButton: string;
	resendButton: string;
	resendIn: string;
	resendFrom: (clock: string) => string;
	wrongCode: (attemptsLeft: number) => string;
	codeMissing: string;
	readMissing: string;
	waitBeforeResend: string;
	noMoreCodes: string;
	stalePage: string;
	working: string;
	lockedTitle: string;
	locked: string;
	signedTitle: string;
	signed: (name: string | undefined, at: string) => string;
	signedDocuments: string;
	closePage: string;
	expiredTitle: string;
	expired: string;
	signingTitle: string;
	signing: string;
	refresh: string;
	unavailableTitle: string;
	unavailable: string;
	errorTitle: string;
	error: string;
	tryAgain: string;
	invalidTitle: string;
	invalid: string;
	reload: string;
	footer: string;
}

const EN: PageTexts = {
	defaultTitle: 'Sign your documents',
	greeting: (name) => `Hello ${name},`,
	greetingAnonymous: 'Hello,',
	intro:
		'Please read the service contract and the documents below. Then confirm your signature with a one-time code sent to your mobile phone.',
	stepRead: 'Read',
	stepCode: 'Get the code',
	stepSign: 'Sign',
	stepsLabel: 'Steps',
	documentsHeading: 'Documents to sign',
	contract: 'Service contract for your signature certificate',
	document: (position) => `Document ${position}`,
	open: 'Open',
	opensInNewTab: '(opens in a new tab)',
	confirmRead: 'I have read the service contract and the documents, and I agree to sign them.',
	sendCode: (phone) =>
		phone
			? `We will send a one-time code by text message to ${phone}.`
			: 'We will send a one-time code by text message to your mobile phone.',
	sendCodeButton: 'Send me the code',
	codeSent: (phone, at) =>
		phone ? `We sent a one-time code to ${phone} at ${at}.` : `We sent a one-time code at ${at}.`,
	codeLabel: 'One-time code',
	codeHint: 'The code from the text message you just received.',
	signButton: 'Sign the documents',
	resendButton: 'Send a new code',
	resendIn: 'available in',
	resendFrom: (clock) => `You can ask for a new code from ${clock}.`,
	wrongCode: (left) =>
		`The code is not correct or has expired. Check the latest text message and try again. Attempts left: ${left}.`,
	codeMissing: 'Enter the code you received.',
	readMissing: 'Please confirm that you have read the documents.',
	waitBeforeResend:
		'A code was sent less than a minute ago. Please wait a moment before asking for a new one.',
	noMoreCodes:
		'No more codes can be sent from this page. Use the last code you received, or contact the sender.',
	stalePage: 'This page was out of date. Here is the current step.',
	working: 'Please wait…',
	lockedTitle: 'Signature stopped',
	locked:
		'Too many incorrect codes were entered, so the documents were not signed. Please contact the sender to receive a new link.',
	signedTitle: 'Documents signed',
	signed: (name, at) =>
		name
			? `Thank you, ${name}. Your documents were signed on ${at}.`
			: `Thank you. Your documents were signed on ${at}.`,
	signedDocuments: 'Signed:',
	closePage: 'You can close this page.',
	expiredTitle: 'This link has expired',
	expired:
		'The time to sign these documents is over. Please contact the sender to receive a new link.',
	signingTitle: 'Completing your signature…',
	signing:
		'Your code was accepted and your documents are being signed. This page updates by itself.',
	refresh: 'Refresh',
	unavailableTitle: 'Nothing to sign',
	unavailable:
		'This signature request is no longer available. Please contact the sender if you think this is a mistake.',
	errorTitle: 'Something went wrong',
	error: 'We could not reach the signing service. Please try again in a moment.',
	tryAgain: 'Try again',
	invalidTitle: 'This page is out of date',
	invalid: 'Open the link you received again and repeat the last step.',
	reload: 'Open the page again',
	footer: 'Electronic signature with a single-use certificate issued by Uanataca.',
};

const ES: PageTexts = {
	defaultTitle: 'Firma tus documentos',
	greeting: (name) => `Hola, ${name}:`,
	greetingAnonymous: 'Hola:',
	intro:
		'Lee el contrato de servicio y los documentos que aparecen a continuación. Después confirma tu firma con un código de un solo uso que enviaremos a tu móvil.',
	stepRead: 'Leer',
	stepCode: 'Recibir el código',
	stepSign: 'Firmar',
	stepsLabel: 'Pasos',
	documentsHeading: 'Documentos a firmar',
	contract: 'Contrato de servicio de tu certificado de firma',
	document: (position) => `Documento ${position}`,
	open: 'Abrir',
	opensInNewTab: '(se abre en una pestaña nueva)',
	confirmRead: 'He leído el contrato de servicio y los documentos, y acepto firmarlos.',
	sendCode: (phone) =>
		phone
			? `Te enviaremos un código de un solo uso por SMS al ${phone}.`
			: 'Te enviaremos un código de un solo uso por SMS a tu móvil.',
	sendCodeButton: 'Enviarme el código',
	codeSent: (phone, at) =>
		phone
			? `Hemos enviado un código de un solo uso al ${phone} a las ${at}.`
			: `Hemos enviado un código de un solo uso a las ${at}.`,
	codeLabel: 'Código de un solo uso',
	codeHint: 'El código del SMS que acabas de recibir.',
	signButton: 'Firmar los documentos',
	resendButton: 'Enviar un código nuevo',
	resendIn: 'disponible en',
	resendFrom: (clock) => `Puedes pedir un código nuevo a partir de las ${clock}.`,
	wrongCode: (left) =>
		`El código no es correcto o ha caducado. Revisa el último SMS e inténtalo de nuevo. Intentos restantes: ${left}.`,
	codeMissing: 'Escribe el código que has recibido.',
	readMissing: 'Confirma que has leído los documentos.',
	waitBeforeResend:
		'Se envió un código hace menos de un minuto. Espera un momento antes de pedir uno nuevo.',
	noMoreCodes:
		'No se pueden enviar más códigos desde esta página. Usa el último código que recibiste o ponte en contacto con quien te envió el enlace.',
	stalePage: 'Esta página no estaba actualizada. Este es el paso actual.',
	working: 'Un momento…',
	lockedTitle: 'Firma detenida',
	locked:
		'Se han introducido demasiados códigos incorrectos y los documentos no se han firmado. Ponte en contacto con quien te envió el enlace para recibir uno nuevo.',
	signedTitle: 'Documentos firmados',
	signed: (name, at) =>
		name
			? `Gracias, ${name}. Tus documentos se firmaron el ${at}.`
			: `Gracias. Tus documentos se firmaron el ${at}.`,
	signedDocuments: 'Firmados:',
	closePage: 'Ya puedes cerrar esta página.',
	expiredTitle: 'Este enlace ha caducado',
	expired:
		'El plazo para firmar estos documentos ha terminado. Ponte en contacto con quien te envió el enlace para recibir uno nuevo.',
	signingTitle: 'Completando tu firma…',
	signing:
		'Tu código es correcto y tus documentos se están firmando. Esta página se actualiza sola.',
	refresh: 'Actualizar',
	unavailableTitle: 'No hay nada que firmar',
	unavailable:
		'Esta solicitud de firma ya no está disponible. Ponte en contacto con quien te envió el enlace si crees que es un error.',
	errorTitle: 'Algo ha fallado',
	error: 'No hemos podido conectar con el servicio de firma. Inténtalo de nuevo en un momento.',
	tryAgain: 'Intentar de nuevo',
	invalidTitle: 'Esta página no está actualizada',
	invalid: 'Vuelve a abrir el enlace que recibiste y repite el último paso.',
	reload: 'Abrir la página de nuevo',
	footer: 'Firma electrónica con un certificado de un solo uso emitido por Uanataca.',
};

const PL: PageTexts = {
	defaultTitle: 'Podpisz swoje dokumenty',
	greeting: (name) => `Dzień dobry, ${name}!`,
	greetingAnonymous: 'Dzień dobry!',
	intro:
		'Zapoznaj się z umową o świadczenie usług i dokumentami poniżej. Następnie potwierdź podpis jednorazowym kodem, który wyślemy na Twój telefon komórkowy.',
	stepRead: 'Przeczytaj',
	stepCode: 'Otrzymaj kod',
	stepSign: 'Podpisz',
	stepsLabel: 'Kroki',
	documentsHeading: 'Dokumenty do podpisania',
	contract: 'Umowa o świadczenie usług dla Twojego certyfikatu podpisu',
	document: (position) => `Dokument ${position}`,
	open: 'Otwórz',
	opensInNewTab: '(otwiera się w nowej karcie)',
	confirmRead:
		'Potwierdzam zapoznanie się z umową o świadczenie usług i dokumentami oraz zgadzam się je podpisać.',
	sendCode: (phone) =>
		phone
			? `Wyślemy jednorazowy kod SMS-em na numer ${phone}.`
			: 'Wyślemy jednorazowy kod SMS-em na Twój telefon komórkowy.',
	sendCodeButton: 'Wyślij mi kod',
	codeSent: (phone, at) =>
		phone
			? `Wysłaliśmy jednorazowy kod na numer ${phone} o ${at}.`
			: `Wysłaliśmy jednorazowy kod o ${at}.`,
	codeLabel: 'Kod jednorazowy',
	codeHint: 'Kod z SMS-a, który właśnie otrzymałeś/otrzymałaś.',
	signButton: 'Podpisz dokumenty',
	resendButton: 'Wyślij nowy kod',
	resendIn: 'dostępne za',
	resendFrom: (clock) => `Nowy kod możesz zamówić od ${clock}.`,
	wrongCode: (left) =>
		`Kod jest nieprawidłowy lub wygasł. Sprawdź ostatniego SMS-a i spróbuj ponownie. Pozostałe próby: ${left}.`,
	codeMissing: 'Wpisz otrzymany kod.',
	readMissing: 'Potwierdź, że zapoznałeś/zapoznałaś się z dokumentami.',
	waitBeforeResend:
		'Kod został wysłany niecałą minutę temu. Poczekaj chwilę, zanim poprosisz o nowy.',
	noMoreCodes:
		'Z tej strony nie można wysłać więcej kodów. Użyj ostatniego otrzymanego kodu lub skontaktuj się z nadawcą.',
	stalePage: 'Ta strona była nieaktualna. Oto bieżący krok.',
	working: 'Proszę czekać…',
	lockedTitle: 'Podpisywanie wstrzymane',
	locked:
		'Wpisano zbyt wiele nieprawidłowych kodów, więc dokumenty nie zostały podpisane. Skontaktuj się z nadawcą, aby otrzymać nowy link.',
	signedTitle: 'Dokumenty podpisane',
	signed: (name, at) =>
		name
			? `Dziękujemy, ${name}. Twoje dokumenty zostały podpisane ${at}.`
			: `Dziękujemy. Twoje dokumenty zostały podpisane ${at}.`,
	signedDocuments: 'Podpisane:',
	closePage: 'Możesz zamknąć tę stronę.',
	expiredTitle: 'Ten link wygasł',
	expired:
		'Czas na podpisanie tych dokumentów minął. Skontaktuj się z nadawcą, aby otrzymać nowy link.',
	signingTitle: 'Kończymy podpisywanie…',
	signing:
		'Kod został przyjęty, a Twoje dokumenty są właśnie podpisywane. Ta strona odświeża się sama.',
	refresh: 'Odśwież',
	unavailableTitle: 'Nie ma nic do podpisania',
	unavailable:
		'Ten wniosek o podpis nie jest już dostępny. Jeśli uważasz, że to pomyłka, skontaktuj się z nadawcą.',
	errorTitle: 'Coś poszło nie tak',
	error: 'Nie udało się połączyć z usługą podpisu. Spróbuj ponownie za chwilę.',
	tryAgain: 'Spróbuj ponownie',
	invalidTitle: 'Ta strona jest nieaktualna',
	invalid: 'Otwórz ponownie otrzymany link i powtórz ostatni krok.',
	reload: 'Otwórz stronę ponownie',
	footer: 'Podpis elektroniczny z jednorazowym certyfikatem wydanym przez Uanataca.',
};

export const TEXTS: Record<PageLanguage, PageTexts> = { EN, ES, PL };
