import { type Command, InvalidArgumentError, Option } from 'commander';
import { AppError } from '../core/app-error.js';
import { clockJobs } from '../jobs/clock-jobs.js';
import { startJobs } from '../jobs/runner.js';
import { buildApp } from '../server/app.js';
import { PersonaRematchRunner } from '../services/definitions/persona-rematch-runner.js';
import { demoPassword, seedDemo } from '../services/demo/seed-demo.js';
import { RescoreRunner } from '../services/scoring/rescore-runner.js';
import { openWorkspace } from './open-workspace.js';
import { progressReporter } from './progress.js';

type ServeRole = 'all' | 'web' | 'clock';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be a port number 0..65535');
  return n;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the API and web app (migrates the database first)')
    .option(
      '--port <port>',
      'port to listen on (0 picks a free one; default TANDEM_PORT or 3000)',
      port,
    )
    .option('--host <host>', 'address to listen on (default TANDEM_HOST or 127.0.0.1)')
    .option('--demo', 'load the demo workspace first when the database has no contacts yet')
    .addOption(
      new Option(
        '--role <role>',
        'web: the API and web app; clock: timed work (decay-caused score changes, SLA clocks, notification delivery, rescores, persona re-matches); all: both',
      )
        .choices(['all', 'web', 'clock'])
        .default('all'),
    )
    .action(async (opts: { port?: number; host?: string; demo?: boolean; role: ServeRole }) => {
      const ws = await openWorkspace('serve');
      const { db, config } = ws;
      let demoLogin: string | null = null;
      try {
        if (opts.demo) {
          const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM contacts');
          if ((rows[0]?.n ?? 0) === 0) {
            process.stderr.write('Loading the demo workspace…\n');
            const summary = await seedDemo({
              db,
              seed: 1,
              asOf: new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`),
              onProgress: progressReporter(),
            });
            demoLogin = `${summary.login.email} / ${summary.login.password}`;
          } else {
            const { rows: admin } = await db.query<{ email: string }>(
              "SELECT email FROM members WHERE email = 'admin@demo.tandem.test'",
            );
            if (admin[0]) demoLogin = `${admin[0].email} / ${demoPassword}`;
          }
        }
        const rescores = new RescoreRunner(db, (error, id) =>
          app.log.error({ err: error, rescoreId: id }, 'rescore failed'),
        );
        const rematches = new PersonaRematchRunner(db, (error, id) =>
          app.log.error({ err: error, definitionsVersionId: id }, 'persona re-match failed'),
        );
        const app = await buildApp({ db, config, rescores, rematches });
        const clock =
          opts.role === 'web'
            ? null
            : startJobs({
                db,
                jobs: clockJobs(config),
                onError: (job, error) => app.log.error({ err: error, job: job.id }, 'job failed'),
              });
        if (clock) {
          await rescores.resume();
          await rematches.resume();
        }
        app.addHook('onClose', async () => clock?.stop());
        if (opts.role === 'clock') {
          process.stdout.write(`Tandem clock is running (${ws.location})\n`);
          // The job timers are unref'd and no socket listens here: without a
          // handle of its own the process would exit as soon as it started.
          const keepAlive = setInterval(() => {}, 1 << 30);
          const stopClock = async () => {
            clearInterval(keepAlive);
            await app.close();
            await db.close();
            process.exit(0);
          };
          process.once('SIGINT', () => void stopClock());
          process.once('SIGTERM', () => void stopClock());
          return;
        }
        const listenPort = opts.port ?? config.port;
        const address = await app
          .listen({ port: listenPort, host: opts.host ?? config.host })
          .catch((error: NodeJS.ErrnoException) => {
            if (error.code !== 'EADDRINUSE') throw error;
            throw new AppError(
              'conflict',
              `Port ${listenPort} is already in use; pass --port or set TANDEM_PORT`,
            );
          });
        const url = address.replace('[::1]', 'localhost');
        ws.announce(url);
        process.stdout.write(`Tandem is running at ${url} (${ws.location})\n`);
        process.stdout.write(`API docs: ${url}/api/docs\n`);
        if (demoLogin) process.stdout.write(`Sign in as ${demoLogin}\n`);

        let stopping = false;
        const stop = async (signal: string) => {
          if (stopping) return;
          stopping = true;
          app.log.info({ signal }, 'shutting down');
          await app.close();
          await db.close();
          process.exit(0);
        };
        process.once('SIGINT', () => void stop('SIGINT'));
        process.once('SIGTERM', () => void stop('SIGTERM'));
      } catch (error) {
        await db.close();
        throw error;
      }
    });
}
