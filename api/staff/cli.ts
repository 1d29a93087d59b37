import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../../src/kernel/config.ts';
import { buildDb } from '../../src/kernel/db/client.ts';
import { AccountError, addStaff, resetPassword, setDisabled } from './accounts.ts';

/**
 * Staff accounts from the command line (issue 5). The password is read from standard input — never
 * from an argument, which other users of the machine could see in the process list:
 *
 *   npm run staff:add -- --county 220102 --login nanguan.li     # county staff of 南关区
 *   npm run staff:add -- --province --login sheng.wang           # province staff (all counties, read-only + reassign)
 *   npm run staff:disable -- --login nanguan.li                  # ends its sessions at once
 *   npm run staff:enable -- --login nanguan.li
 *   npm run staff:reset-password -- --login nanguan.li           # ends its sessions, lifts a lock
 *
 * At a terminal the password is asked for (twice, not echoed); piped, the first line is taken:
 * `printf '%s\n' "$PW" | npm run staff:add -- …`. DATABASE_PATH chooses the database.
 */

const USAGE = `usage:
  staff add --login <login> (--county <adcode> | --province)   password on standard input
  staff disable --login <login>
  staff enable --login <login>
  staff reset-password --login <login>                        password on standard input`;

/** Reads one line without echo at a terminal, or the first line of piped input. */
async function readPassword(prompt: string, confirm: boolean): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let text = '';
    for await (const chunk of stdin) text += chunk;
    return text.split(/\r?\n/)[0] ?? '';
  }
  const ask = (question: string) =>
    new Promise<string>((resolve) => {
      let muted = false;
      const output = new Writable({
        write(chunk, _enc, done) {
          if (!muted) process.stderr.write(chunk);
          done();
        },
      });
      const rl = createInterface({ input: stdin, output, terminal: true });
      rl.question(question, (answer) => {
        rl.close();
        process.stderr.write('\n');
        resolve(answer);
      });
      muted = true;
    });
  const first = await ask(prompt);
  if (confirm && (await ask('Repeat the password: ')) !== first) throw new AccountError('password: the two entries differ');
  return first;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  let values: { login?: string; county?: string; province?: boolean };
  try {
    ({ values } = parseArgs({ args: rest, options: { login: { type: 'string' }, county: { type: 'string' }, province: { type: 'boolean' } }, strict: true }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!command || !['add', 'disable', 'enable', 'reset-password'].includes(command) || !values.login) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const params = { log2N: config.STAFF_PASSWORD_SCRYPT_LOG2N, r: 8, p: 1 };
  const db = buildDb(config.DATABASE_PATH);
  try {
    if (command === 'add') {
      if (!values.province && !values.county) throw new AccountError('--county <adcode> or --province is required');
      if (values.province && values.county) throw new AccountError('--province and --county exclude each other');
      const password = await readPassword('Password: ', true);
      const { id, login } = await addStaff(
        db,
        { login: values.login, password, role: values.province ? 'province' : 'county', countyAdcode: values.county },
        new Date(),
        params,
      );
      console.log(`added ${values.province ? 'province' : `county ${values.county}`} staff account ${login} (id ${id})`);
    } else if (command === 'disable' || command === 'enable') {
      setDisabled(db, values.login, command === 'disable');
      console.log(`${command}d ${values.login}${command === 'disable' ? ' (its sessions have ended)' : ''}`);
    } else {
      const password = await readPassword('New password: ', true);
      await resetPassword(db, values.login, password, new Date(), params);
      console.log(`password of ${values.login} reset (its sessions have ended)`);
    }
    return 0;
  } catch (err) {
    if (err instanceof AccountError || err instanceof ConfigError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  } finally {
    db.$client.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exitCode = 1;
    } else throw err;
  }
}
