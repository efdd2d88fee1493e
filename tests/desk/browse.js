// browse.js URL LOGIN PASSWORD AGENCY BAD_FILE OTHER_AGENCY OUTDIR: the editor's path through
// the desk in headless Chromium (tests/t_desk.sh): log in, upload a section with a mistake, see
// the message at its line, fix it in the text area, see the changes and the proofs, sign off;
// 403 for another agency's page.  Every page on the way is checked with axe-core at 360 and
// 1280 px (screenshots OUTDIR/NAME-360.png, NAME-1280.png) and saved as OUTDIR/NAME.html for
// the W3C checker.  Prints one line per step:
//   step NAME ok | step NAME fail DETAIL
//   violation PAGE SIZE RULE TARGET
//   axe-violations N, overflow-360 N (the widest sideways scroll), console-errors N
'use strict';
const path = require('path');
const fs = require('fs');
const puppeteer = require(path.join(__dirname, '../html/node_modules/puppeteer-core'));

const [base, login, password, agency, bad_file, other, outdir] = process.argv.slice(2);
const axe_src = fs.readFileSync(require.resolve(path.join(__dirname, '../html/node_modules/axe-core/axe.min.js')), 'utf8');
let violations = 0, errors = 0, overflow = 0, failed = 0, expect403 = false;

function step(name, ok, detail) {
	if (ok)
		console.log('step ' + name + ' ok');
	else {
		failed++;
		console.log('step ' + name + ' fail ' + String(detail || '').replace(/\s+/g, ' ').slice(0, 600));
	}
}

// axe and screenshots of the page at both sizes; its HTML (as served) for vnu.
async function audit(page, name, html) {
	if (html !== undefined)
		fs.writeFileSync(path.join(outdir, name + '.html'), html);
	for (const s of [{ w: 360, h: 740, mobile: true }, { w: 1280, h: 900, mobile: false }]) {
		await page.setViewport({ width: s.w, height: s.h, isMobile: s.mobile, hasTouch: s.mobile, deviceScaleFactor: 1 });
		await page.screenshot({ path: path.join(outdir, name + '-' + s.w + '.png'), fullPage: false });
		if (s.w === 360) {
			// a phone widens the layout to the widest line and zooms out: measure against 360 px
			const over = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, window.innerWidth) - 360);
			overflow = Math.max(overflow, over);
			if (over > 0)
				console.log('overflow ' + name + ' ' + over);
		}
		await page.evaluate(axe_src);
		const r = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
		for (const v of r.violations)
			for (const n of v.nodes) {
				violations++;
				console.log('violation ' + name + ' ' + s.w + ' ' + v.id + ' ' + n.target.join(' '));
			}
	}
}

async function go(page, url) {
	const r = await page.goto(base + url, { waitUntil: 'load' });
	return { status: r.status(), html: await r.text() };
}

// Click a form's button and wait for the page it leads to (after the redirect).
async function submit(page, selector) {
	const [r] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
	return { status: r.status(), html: await r.text() };
}

(async () => {
	const browser = await puppeteer.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
			'--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
	});
	try {
		const page = await browser.newPage();
		page.on('console', (m) => {
			if (m.type() === 'error' && !(expect403 && m.text().includes('status of 403'))) {
				errors++;
				console.log('console ' + m.text());
			}
		});
		page.on('requestfailed', (r) => {
			errors++;
			console.log('failed ' + r.url());
		});
		await page.setViewport({ width: 1280, height: 900 });

		// log in
		let r = await go(page, '/ingresar');
		step('login-page', r.status === 200 && r.html.includes('Contraseña'), r.status);
		await audit(page, 'login', r.html);
		await page.type('#usuario', login);
		await page.type('#clave', password);
		r = await submit(page, 'main button[type=submit]');
		step('logged-in', r.status === 200 && page.url().endsWith('/agencia/' + agency), page.url());
		await audit(page, 'agency', r.html);

		// upload a section with a mistake
		const input = await page.$('#archivo');
		await input.uploadFile(bad_file);
		r = await submit(page, 'form[action$="/enviar"] button[type=submit]');
		const bad = fs.readFileSync(bad_file, 'utf8');
		const line = bad.slice(0, bad.indexOf('>01 800')).split('\n').length;
		const text = await page.evaluate(() => document.body.innerText);
		step('errors-at-their-line', text.includes('con errores') && text.includes('línea ' + line) &&
			text.includes(line + ' |') && text.includes('01 800'), text.slice(0, 800));
		await audit(page, 'submission-errors', r.html);

		// fix it in the text area
		// (the number fixed, and its last digit changed: a change to see)
		await page.$eval('#texto', (t) => {
			t.value = t.value.replace(/>01 800 (\d{3}) (\d{3})(\d)</, (m, a, b, c) => '>800 ' + a + ' ' + b + ((+c + 1) % 10) + '<');
		});
		r = await submit(page, 'form[action$="/enviar"] button[type=submit]');
		const text2 = await page.evaluate(() => document.body.innerText);
		step('fixed-accepted', text2.includes('aceptada') && text2.includes('Cambios desde la versión anterior') &&
			/800 \d{3} \d{4} -> 800 \d{3} \d{4}/.test(text2),
			text2.slice(0, 800));
		await audit(page, 'submission-accepted', r.html);

		// the proofs of the new version
		let proofs = false;
		for (let i = 0; i < 120 && !proofs; i++) {
			r = await go(page, '/agencia/' + agency);
			proofs = /Pruebas de la versión \d+\./.test(r.html) && r.html.includes('contact-sheet.png');
			if (!proofs)
				await new Promise((res) => setTimeout(res, 500));
		}
		// every picture is there (the lazy ones fetched by hand), and the contact sheet shows
		const loaded = await page.evaluate(async () => {
			const imgs = Array.from(document.images);
			const st = await Promise.all(imgs.map((i) => fetch(i.src).then((r) => r.status)));
			const sheet = document.querySelector('.sheet img');
			if (sheet)
				await sheet.decode();
			return imgs.length > 1 && st.every((s) => s === 200) && sheet && sheet.naturalWidth > 0;
		});
		step('proofs-shown', proofs && loaded, r.html.match(/id="pruebas-estado"[^<]*/));
		await audit(page, 'agency-proofs', r.html);
		await page.setViewport({ width: 1280, height: 900 });
		const sheet = await page.$('.sheet img');
		if (sheet)
			await sheet.screenshot({ path: path.join(outdir, 'contact-sheet.png') });

		// sign off the version on screen
		r = await submit(page, 'form[action$="/firmar"] button[type=submit]');
		const text3 = await page.evaluate(() => document.body.innerText);
		step('signed-off', text3.includes('Firmada: ' + login), text3.slice(0, 600));

		// history and a comparison
		r = await go(page, '/agencia/' + agency + '/historial');
		step('history', r.status === 200 && r.html.includes('con errores') && r.html.includes('aceptada'), r.status);
		await audit(page, 'history', r.html);
		r = await submit(page, 'form[action$="/comparar"] button[type=submit]');
		step('compare', r.status === 200, r.status);
		await audit(page, 'compare', r.html);

		// another agency's page
		expect403 = true;
		r = await go(page, '/agencia/' + other);
		step('other-agency-403', r.status === 403, r.status);
		await audit(page, 'forbidden', r.html);
	} finally {
		await browser.close();
	}
	console.log('axe-violations ' + violations);
	console.log('overflow-360 ' + overflow);
	console.log('console-errors ' + errors);
	console.log('steps-failed ' + failed);
})().catch((e) => {
	console.error(e && e.stack || String(e));
	process.exit(1);
});
