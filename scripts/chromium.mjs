// Debian's Chromium under playwright-core, as the tests and the browser benchmark launch it.
// playwright-core downloads no browser: executablePath points at the system one.
// `headless: false` + `--headless=new`: Chromium's own new headless mode (no X server here).

import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export const LAUNCH_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(extraArgs = []) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: false,
    args: [...LAUNCH_ARGS, ...extraArgs],
  });
}
