// browse.js PAGE OUTDIR [PAGE...]: opens each PAGE (the first an index.html) in headless
// Chromium at a phone and a desktop size; for each it runs axe-core, takes a screenshot and
// measures the page.  Writes OUTDIR/axe.json, OUTDIR/shot-360.png and OUTDIR/shot-1280.png (the
// first page), OUTDIR/shot-360-NAME.png (the others: NAME is the folder and the file) and prints
// one line per finding (for tests/t_html.sh):
//   pages N                     pages opened
//   axe-violations N            axe-core violations over all pages and both sizes (all rules,
//                               best practices too)
//   violation SIZE PAGE RULE TARGET  one per offending element
//   overflow-360 N              the most pixels a page is wider than a 360 px screen (0 = no
//                               sideways scroll)
//   requests N                  requests to anything but file: (the page must be self-contained)
//   console-errors N            e.g. a missing stylesheet or image
'use strict';
const path = require('path');
const fs = require('fs');
const puppeteer = require('puppeteer-core');

const [page_path, outdir, ...more] = process.argv.slice(2);
if (!page_path || !outdir) {
	console.error('usage: node browse.js PAGE OUTDIR [PAGE...]');
	process.exit(2);
}
const axe_src = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const pages = [page_path, ...more];
const sizes = [
	{ name: '360', width: 360, height: 740, mobile: true },
	{ name: '1280', width: 1280, height: 900, mobile: false },
];

(async () => {
	const browser = await puppeteer.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
			'--disable-component-update', '--no-first-run', '--disable-dev-shm-usage',
			// axe reads the stylesheets back with XMLHttpRequest, which file: pages may not by default.
			'--allow-file-access-from-files'],
	});
	let violations = 0, requests = 0, errors = 0, overflow = 0;
	const report = {};
	try {
		for (const [k, one] of pages.entries()) {
		const url = 'file://' + path.resolve(one);
		const name = path.basename(path.dirname(path.resolve(one))) + '-' + path.basename(one, '.html');
		for (const s of sizes) {
			const page = await browser.newPage();
			page.on('request', (r) => {
				if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) {
					requests++;
					console.log('request ' + r.url());
				}
			});
			page.on('requestfailed', (r) => {
				errors++;
				console.log('failed ' + r.url());
			});
			page.on('console', (m) => {
				if (m.type() === 'error') {
					errors++;
					console.log('console ' + m.text());
				}
			});
			await page.setViewport({ width: s.width, height: s.height, isMobile: s.mobile,
				hasTouch: s.mobile, deviceScaleFactor: 1 });
			await page.goto(url, { waitUntil: 'load' });
			if (k === 0)
				await page.screenshot({ path: path.join(outdir, 'shot-' + s.name + '.png') });
			else if (s.name === '360')
				await page.screenshot({ path: path.join(outdir, 'shot-360-' + name + '.png') });
			if (s.name === '360') {
				const over = await page.evaluate(() =>
					document.documentElement.scrollWidth - window.innerWidth);
				overflow = Math.max(overflow, over);
				if (over > 0)
					console.log('overflow ' + name + ' ' + over);
			}
			await page.evaluate(axe_src);
			const r = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
			report[name + ' ' + s.name] = r.violations;
			for (const v of r.violations) {
				for (const n of v.nodes) {
					violations++;
					console.log('violation ' + s.name + ' ' + name + ' ' + v.id + ' ' + n.target.join(' '));
				}
			}
			await page.close();
		}
		}
	} finally {
		await browser.close();
	}
	fs.writeFileSync(path.join(outdir, 'axe.json'), JSON.stringify(report, null, 1));
	console.log('pages ' + pages.length);
	console.log('overflow-360 ' + Math.max(0, overflow));
	console.log('axe-violations ' + violations);
	console.log('requests ' + requests);
	console.log('console-errors ' + errors);
})().catch((e) => {
	console.error(e && e.stack || String(e));
	process.exit(1);
});
