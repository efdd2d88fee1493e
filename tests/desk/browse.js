// browse.js URL LOGIN PASSWORD AGENCY BAD_FILE OTHER_AGENCY OUTDIR: the editor's path through
// the desk in headless Chromium (tests/t_desk.sh): log in, upload a section with a mistake, see
// the message at its line, fix it in the text area, see the changes and the proofs, sign off;
// 403 for another agency's page.  Every page on the way is checked with axe-core at 360 and
// 1280 px (screenshots OUTDIR/NAME-360.png, NAME-1280.png) and saved as OUTDIR/NAME.html for
// the W3C checker.  Prints the lines tests/desk/driver.js describes.
'use strict';
const path = require('path');
const fs = require('fs');
const { driver } = require('./driver');

const [base, login, password, agency, bad_file, other, outdir] = process.argv.slice(2);
const d = driver(base, outdir, true);

d.run(async (browser) => {
	const page = await d.page(browser, true);

	// log in
	let r = await d.go(page, '/ingresar');
	d.step('login-page', r.status === 200 && r.html.includes('Contraseña'), r.status);
	await d.audit(page, 'login', r.html);
	await page.type('#usuario', login);
	await page.type('#clave', password);
	r = await d.submit(page, 'main button[type=submit]');
	d.step('logged-in', r.status === 200 && page.url().endsWith('/agencia/' + agency), page.url());
	await d.audit(page, 'agency', r.html);

	// upload a section with a mistake
	const input = await page.$('#archivo');
	await input.uploadFile(bad_file);
	r = await d.submit(page, 'form[action$="/enviar"] button[type=submit]');
	const bad = fs.readFileSync(bad_file, 'utf8');
	const line = bad.slice(0, bad.indexOf('>01 800')).split('\n').length;
	const text = await page.evaluate(() => document.body.innerText);
	d.step('errors-at-their-line', text.includes('con errores') && text.includes('línea ' + line) &&
		text.includes(line + ' |') && text.includes('01 800'), text.slice(0, 800));
	await d.audit(page, 'submission-errors', r.html);

	// fix it in the text area
	// (the number fixed, and its last digit changed: a change to see)
	await page.$eval('#texto', (t) => {
		t.value = t.value.replace(/>01 800 (\d{3}) (\d{3})(\d)</, (m, a, b, c) => '>800 ' + a + ' ' + b + ((+c + 1) % 10) + '<');
	});
	r = await d.submit(page, 'form[action$="/enviar"] button[type=submit]');
	const text2 = await page.evaluate(() => document.body.innerText);
	d.step('fixed-accepted', text2.includes('aceptada') && text2.includes('Cambios desde la versión anterior') &&
		/800 \d{3} \d{4} -> 800 \d{3} \d{4}/.test(text2),
		text2.slice(0, 800));
	await d.audit(page, 'submission-accepted', r.html);

	// the proofs of the new version
	let proofs = false;
	for (let i = 0; i < 120 && !proofs; i++) {
		r = await d.go(page, '/agencia/' + agency);
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
	d.step('proofs-shown', proofs && loaded, r.html.match(/id="pruebas-estado"[^<]*/));
	await d.audit(page, 'agency-proofs', r.html);
	await page.setViewport({ width: 1280, height: 900 });
	const sheet = await page.$('.sheet img');
	if (sheet)
		await sheet.screenshot({ path: path.join(outdir, 'contact-sheet.png') });

	// sign off the version on screen
	r = await d.submit(page, 'form[action$="/firmar"] button[type=submit]');
	const text3 = await page.evaluate(() => document.body.innerText);
	d.step('signed-off', text3.includes('Firmada: ' + login), text3.slice(0, 600));

	// history and a comparison
	r = await d.go(page, '/agencia/' + agency + '/historial');
	d.step('history', r.status === 200 && r.html.includes('con errores') && r.html.includes('aceptada'), r.status);
	await d.audit(page, 'history', r.html);
	r = await d.submit(page, 'form[action$="/comparar"] button[type=submit]');
	d.step('compare', r.status === 200, r.status);
	await d.audit(page, 'compare', r.html);

	// another agency's page
	d.expect403 = true;
	r = await d.go(page, '/agencia/' + other);
	d.step('other-agency-403', r.status === 403, r.status);
	await d.audit(page, 'forbidden', r.html);
});
