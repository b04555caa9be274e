import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { waitForLine } from './run-cli.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots for a human to look at; set TANDEM_SCREENSHOTS to keep them somewhere else. */
export const shotDir = process.env.TANDEM_SCREENSHOTS ?? os.tmpdir();

/** Every demo member shares this password (see the README). */
export const demoPassword = 'tandem-demo';

export interface RunningTandem {
  url: string;
  /** The login the server printed. */
  email: string;
  password: string;
  stop(): Promise<void>;
}

/**
 * The built app, started the way a user starts it (bin/tandem.js serve --demo)
 * on a fresh data directory; the URL and login are read from what it prints.
 */
export async function startTandem(): Promise<RunningTandem> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-browser-'));
  const server = spawn(process.execPath, ['bin/tandem.js', 'serve', '--demo', '--port', '0'], {
    env: { ...process.env, TANDEM_DATA_DIR: dataDir, TANDEM_LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  server.stderr!.on('data', (d) => (stderr += d));
  const stop = async () => {
    await stopProcess(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const login = waitForLine(server, /Sign in as (\S+) \/ (\S+)/, 150_000);
    const running = await waitForLine(server, /Tandem is running at (http:\/\/\S+)/, 150_000);
    const [, email, password] = await login;
    return { url: running[1]!, email: email!, password: password!, stop };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\nserver stderr:\n${stderr}`);
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** The system Chromium, headless. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath))
    throw new Error(
      `Chromium not found at ${chromiumPath}; install it (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Signs in through the sign-in form and waits for the app to show the member. */
export async function signIn(page: Page, url: string, email: string, password: string) {
  await page.goto(`${url}/signin`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => u.pathname !== '/signin');
  await page.getByTestId('member-name').waitFor();
}
