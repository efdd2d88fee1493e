// office.js URL OUTDIR: the national office's and the print shop's path through the desk in
// headless Chromium (tests/t_office.sh, issue 18): the edition at a glance with bienestar's
// sign-off missing -> publish refused with that reason -> the editor signs off (and gets 403 on
// the office's pages and on building or publishing) -> the office builds a draft -> publishes;
// then the printer sees the published edition, downloads its print PDF and job sheet, and gets
// 403 on the drafts.  Every page is checked with axe-core at 360 and 1280 px and saved as
// OUTDIR/NAME.html for the W3C checker.  Prints the lines tests/desk/driver.js describes.
'use strict';
const { driver } = require('./driver');

const [base, outdir] = process.argv.slice(2);
const d = driver(base, outdir, false);

// Reload `url` until `done(html)`, at most `secs` seconds.
async function until(page, url, done, secs) {
	let r;
	for (let i = 0; i < secs * 2; i++) {
		r = await d.go(page, url);
		if (done(r.html))
			return r;
		await new Promise((res) => setTimeout(res, 500));
	}
	return r;
}

async function login(browser, user, password) {
	const page = await d.page(await browser.createBrowserContext());
	await d.go(page, '/ingresar');
	await page.type('#usuario', user);
	await page.type('#clave', password);
	await d.submit(page, 'main button[type=submit]');
	return page;
}

// A POST from the page with the session's CSRF token (as a form would): its status.
async function post(page, url) {
	return page.evaluate(async (u) => {
		const csrf = document.querySelector('input[name=csrf]').value;
		const r = await fetch(u, { method: 'POST', body: new URLSearchParams({ csrf }), redirect: 'manual' });
		return r.status;
	}, url);
}

d.run(async (browser) => {
	const office = await login(browser, 'jefa', 'jefa-password-1234');
	let r = await d.go(office, '/oficina');
	const row = (html, a) => (html.match(new RegExp('<tr id="fila-' + a + '">[\\s\\S]*?</tr>')) || [''])[0];
	d.step('glance-missing-signoff', r.status === 200 && row(r.html, 'bienestar').includes('>falta<') &&
		/<tr id="fila-([a-z-]+)"/.exec(r.html)[1] === 'bienestar', row(r.html, 'bienestar'));
	await d.audit(office, 'office-glance', r.html);

	r = await d.go(office, '/oficina/trabajos');
	await d.audit(office, 'office-work', r.html);
	await d.submit(office, 'form[action="/oficina/publicar"] button');
	r = await until(office, '/oficina/trabajos', (h) => !h.includes('Publicando'), 120);
	d.step('publish-refused-with-reason', r.html.includes('No se publicó') && r.html.includes('agency &quot;bienestar&quot;'),
		r.html.slice(r.html.indexOf('publicacion-estado'), r.html.indexOf('publicacion-estado') + 800));
	await d.audit(office, 'office-publish-refused', r.html);

	const editor = await login(browser, 'ana', 'ana-password-1234');
	r = await d.submit(editor, 'form[action$="/firmar"] button[type=submit]');
	const t = await editor.evaluate(() => document.body.innerText);
	d.step('editor-signs-off', t.includes('Firmada: ana'), t.slice(0, 400));
	d.expect403 = true;
	r = await d.go(editor, '/oficina');
	d.step('editor-403-office', r.status === 403, r.status);
	await d.audit(editor, 'office-forbidden', r.html);
	const eb = await post(editor, '/oficina/borrador'), ep = await post(editor, '/oficina/publicar');
	d.step('editor-403-build-publish', eb === 403 && ep === 403, eb + ' ' + ep);
	d.expect403 = false;

	r = await d.go(office, '/oficina');
	d.step('glance-signed', row(r.html, 'bienestar').includes('>vigente<'), row(r.html, 'bienestar'));
	await d.go(office, '/oficina/trabajos');
	await d.submit(office, 'form[action="/oficina/borrador"] button');
	r = await until(office, '/oficina/trabajos', (h) => !h.includes('Construyendo'), 300);
	d.step('draft-built', r.html.includes('está listo') && /español: \d+ páginas/.test(r.html) &&
		r.html.includes('nombre=2026-invierno-print.pdf'), r.html.slice(r.html.indexOf('borrador-estado'), 1500));
	await d.audit(office, 'office-draft', r.html);
	await d.submit(office, 'form[action="/oficina/publicar"] button');
	r = await until(office, '/oficina/trabajos', (h) => !h.includes('Publicando'), 300);
	d.step('published', r.html.includes('publicada por jefa'), r.html.slice(r.html.indexOf('publicacion-estado'), 800));
	await d.audit(office, 'office-published', r.html);
	r = await d.go(office, '/oficina/cambios?agencia=anam');
	d.step('changes', r.status === 200 && r.html.includes('cambiado</span>'), r.status);
	await d.audit(office, 'office-changes', r.html);
	r = await d.go(office, '/oficina/nueva');
	d.step('next-edition-form', r.status === 200 && r.html.includes('name="temporada"'), r.status);
	await d.audit(office, 'office-next', r.html);

	const printer = await login(browser, 'imprenta', 'imprenta-pass-1234');
	r = await d.go(printer, '/imprenta');
	d.step('printer-sees-published', r.status === 200 && r.html.includes('id="edicion-2026-invierno"') &&
		r.html.includes('nombre=2026-invierno-print.pdf') && r.html.includes('nombre=jobsheet.txt'), r.html.slice(0, 600));
	await d.audit(printer, 'printer', r.html);
	const got = await printer.evaluate(async () => {
		const pdf = await fetch('/imprenta/archivo?edicion=2026-invierno&nombre=2026-invierno-print.pdf');
		const head = new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5));
		const js = await fetch('/imprenta/archivo?edicion=2026-invierno&nombre=jobsheet.txt');
		return [pdf.status, head, js.status, (await js.text()).slice(0, 40)];
	});
	d.step('printer-downloads', got[0] === 200 && got[1] === '%PDF-' && got[2] === 200 && got[3].startsWith('Hoja de trabajo'),
		JSON.stringify(got));
	d.expect403 = true;
	const d1 = (await d.go(printer, '/oficina/trabajos')).status, d2 = (await d.go(printer, '/agencia/bienestar')).status;
	const d3 = (await d.go(printer, '/oficina/borrador/archivo?nombre=2026-invierno-print.pdf')).status;
	d.step('printer-no-drafts', d1 === 403 && d2 === 403 && d3 === 403, [d1, d2, d3].join(' '));
});
