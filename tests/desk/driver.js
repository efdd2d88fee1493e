// driver.js: what the desk's browser paths share (tests/desk/browse.js, office.js): headless
// Chromium, steps, pages checked with axe-core at 360 and 1280 px and saved for the W3C checker.
// A path prints one line per step and, at the end, its totals:
//   step NAME ok | step NAME fail DETAIL
//   violation PAGE SIZE RULE TARGET
//   axe-violations N, overflow-360 N (the widest sideways scroll), console-errors N, steps-failed N
'use strict';
const path = require('path');
const fs = require('fs');
const puppeteer = require(path.join(__dirname, '../html/node_modules/puppeteer-core'));
const axe_src = fs.readFileSync(require.resolve(path.join(__dirname, '../html/node_modules/axe-core/axe.min.js')), 'utf8');

// A path on the desk at `base`, saving into `outdir` (screenshots: OUTDIR/NAME-360.png and
// NAME-1280.png of every page audited).  Set d.expect403 while 403 answers are expected (the
// browser logs them as console errors).
function driver(base, outdir, screenshots) {
	const d = { violations: 0, errors: 0, overflow: 0, failed: 0, expect403: false };

	d.step = (name, ok, detail) => {
		if (ok)
			console.log('step ' + name + ' ok');
		else {
			d.failed++;
			console.log('step ' + name + ' fail ' + String(detail || '').replace(/\s+/g, ' ').slice(0, 600));
		}
	};

	// axe (and screenshots) of the page at both sizes; its HTML (as served) for vnu.
	d.audit = async (page, name, html) => {
		if (html !== undefined)
			fs.writeFileSync(path.join(outdir, name + '.html'), html);
		for (const s of [{ w: 360, h: 740, mobile: true }, { w: 1280, h: 900, mobile: false }]) {
			await page.setViewport({ width: s.w, height: s.h, isMobile: s.mobile, hasTouch: s.mobile, deviceScaleFactor: 1 });
			if (screenshots)
				await page.screenshot({ path: path.join(outdir, name + '-' + s.w + '.png'), fullPage: false });
			if (s.w === 360) {
				// a phone widens the layout to the widest line and zooms out: measure against 360 px
				const over = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, window.innerWidth) - 360);
				d.overflow = Math.max(d.overflow, over);
				if (over > 0)
					console.log('overflow ' + name + ' ' + over);
			}
			await page.evaluate(axe_src);
			const r = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
			for (const v of r.violations)
				for (const n of v.nodes) {
					d.violations++;
					console.log('violation ' + name + ' ' + s.w + ' ' + v.id + ' ' + n.target.join(' '));
				}
		}
		await page.setViewport({ width: 1280, height: 900 });
	};

	d.go = async (page, url) => {
		const r = await page.goto(base + url, { waitUntil: 'load' });
		return { status: r.status(), html: await r.text() };
	};

	// Click a form's button and wait for the page it leads to (after the redirect).
	d.submit = async (page, selector) => {
		const [r] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
		return { status: r.status(), html: await r.text() };
	};

	// A page at 1280 px whose console errors count (not 403s while d.expect403), and with
	// failed_too its failed requests.
	d.page = async (owner, failed_too) => {
		const page = await owner.newPage();
		page.on('console', (m) => {
			if (m.type() === 'error' && !(d.expect403 && m.text().includes('status of 403'))) {
				d.errors++;
				console.log('console ' + m.text());
			}
		});
		if (failed_too)
			page.on('requestfailed', (r) => {
				d.errors++;
				console.log('failed ' + r.url());
			});
		await page.setViewport({ width: 1280, height: 900 });
		return page;
	};

	// Runs path(browser) in headless Chromium, then prints the totals; exits 1 if it threw.
	d.run = (fn) => (async () => {
		const browser = await puppeteer.launch({
			executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
			headless: true,
			args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
				'--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
		});
		try {
			await fn(browser);
		} finally {
			await browser.close();
		}
		console.log('axe-violations ' + d.violations);
		console.log('overflow-360 ' + d.overflow);
		console.log('console-errors ' + d.errors);
		console.log('steps-failed ' + d.failed);
	})().catch((e) => {
		console.error(e && e.stack || String(e));
		process.exit(1);
	});
	return d;
}

module.exports = { driver };
