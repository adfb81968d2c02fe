/**
 * Colour on a terminal, through chalk (loaded only when colour is on): endpoint states as a person scans
 * them. Piped output never gets here, so it stays byte for byte kubectl's.
 */
import type { Paint } from './table-printer.js';

const STATE_COLUMN = 'Endpoint State';
const WAITING = new Set(['creating', 'waiting-for-identity', 'not-ready']);

export async function statePainter(): Promise<Paint> {
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 1 });
  return (column, text) => {
    if (column !== STATE_COLUMN) return text;
    if (text === 'ready') return chalk.green(text);
    if (WAITING.has(text)) return chalk.yellow(text);
    if (text === 'invalid') return chalk.red(text);
    return text;
  };
}
