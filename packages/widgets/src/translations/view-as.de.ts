import type { ViewAsStrings } from './view-as.js';

export const viewAsDe: ViewAsStrings = {
  title: (name) => `Als ${name} ansehen`,
  what: (name) => [
    `Sie werden in einer eigenen Sitzung als ${name} angemeldet, in einem anderen Tab, für die gewählten Minuten; danach endet sie von selbst, oder wenn Sie sich abmelden.`,
    'Sie wird protokolliert: Jede Aktion darin wird mit Ihrem und dem Namen der Person aufgezeichnet.',
    `${name} wird danach möglicherweise per E-Mail informiert, dass Sie das Konto angesehen haben.`,
    'Passwort, Zwei-Faktor-Methoden, Passkeys und E-Mail-Adresse können darin nicht geändert werden.',
  ],
  minutes: 'Minuten',
  minutesHint: '1 bis 60 Minuten.',
  minutesInvalid: 'Geben Sie eine ganze Zahl von 1 bis 60 Minuten ein.',
  start: 'Ansicht starten',
  cancel: 'Abbrechen',
  close: 'Schließen',
  starting: 'Wird gestartet …',
  ready: (until) => `Der Link ist bereit. Er funktioniert einmal, bis ${until}.`,
  open: 'In neuem Tab öffnen',
  copy: 'Link kopieren',
  copied: 'Link kopiert.',
  copyFailed: 'Der Link konnte nicht kopiert werden; öffnen Sie ihn stattdessen.',
  refused: 'Sie können diesen Benutzer nicht ansehen: Nur aktive Endbenutzer können angesehen werden – nie Techniker, Administratoren oder der Root-Admin – und es braucht die Berechtigung dafür.',
  notFound: 'Diesen Benutzer gibt es nicht mehr, oder er gehört zu keiner Organisation, die Sie sehen.',
  notActive: 'Nur aktive Benutzer können angesehen werden. Aktivieren Sie den Benutzer zuerst.',
  unreachable: 'Der Server ist nicht erreichbar. Versuchen Sie es erneut.',
};
