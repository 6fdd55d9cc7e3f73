import type { EmailWords } from './en.js';

export const de: EmailWords = {
  greeting: (firstName) => `Hallo ${firstName},`,
  linkNotKept: '(der Link wurde per E-Mail gesendet und wird nicht aufbewahrt)',
  linkExpires: (lifetime) => `Dieser Link läuft ${lifetime} ab.`,
  invitation: {
    subject: (tenantName) => `Einladung zu ${tenantName}`,
    body: (tenantName) => `Sie wurden zu ${tenantName} eingeladen. Legen Sie ein Passwort fest und richten Sie die Zwei-Faktor-Anmeldung ein.`,
    action: 'Einladung annehmen',
  },
  passwordReset: {
    subject: (productName) => `Neues Passwort für ${productName} festlegen`,
    body: 'Setzen Sie über den folgenden Link ein neues Passwort.',
    action: 'Neues Passwort festlegen',
    notAsked: 'Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail.',
  },
  emailChange: {
    subject: (productName) => `Neue E-Mail-Adresse für ${productName} bestätigen`,
    body: (newEmail) => `Bestätigen Sie ${newEmail} als neue E-Mail-Adresse Ihres Kontos.`,
    action: 'Adresse bestätigen',
  },
  accountLocked: {
    subject: (productName) => `Ihr Konto bei ${productName} wurde gesperrt`,
    body: (failures, duration) => `Nach ${failures} fehlgeschlagenen Anmeldeversuchen ist Ihr Konto für ${duration} gesperrt.`,
    notYou: 'Waren das nicht Sie, setzen Sie Ihr Passwort zurück und informieren Sie Ihren Administrator.',
    action: 'Passwort zurücksetzen',
    footer: 'Ein Administrator kann das Konto auch sofort entsperren.',
  },
  testEmail: {
    subject: (productName) => `Test-E-Mail von ${productName}`,
    hello: 'Hallo,',
    body: (productName) => `Ihr Administrator hat diese Test-E-Mail gesendet, um zu prüfen, ob E-Mails von ${productName} diese Adresse erreichen.`,
    footer: 'Sie müssen nichts weiter tun.',
  },
  impersonated: {
    subject: (productName) => `Der Support hat Ihr ${productName}-Konto angesehen`,
    body: (admin, when, duration) => `${admin} hat Ihr Konto so angesehen, wie Sie es sehen, ab ${when} für höchstens ${duration}, um bei einer Supportanfrage zu helfen. Passwort, Zwei-Faktor-Anmeldung, Passkeys und E-Mail konnten dabei nicht geändert werden.`,
    footer: 'Wenn Sie nicht um Hilfe gebeten haben, wenden Sie sich an Ihren Administrator.',
  },
};
