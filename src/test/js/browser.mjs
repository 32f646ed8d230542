// Shared by the browser scenarios: Debian's Chromium through playwright-core (never a downloaded browser), and
// Content-Security-Policy violations turned into console errors, which the scenarios count as problems.
import { chromium } from 'playwright-core';

export const launch = () => chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
});

// Every Content-Security-Policy violation is logged to the console as an error, which the tests count as a problem.
export const reportPolicyViolations = (page) => page.addInitScript(() => document.addEventListener('securitypolicyviolation',
  (e) => console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`)));
