// office.js URL OUTDIR: the national office's and the print shop's path through the desk in
// headless Chromium (tests/t_office.sh, issue 18): the edition at a glance with bienestar's
// sign-off missing -> publish refused with that reason -> the editor signs off (and gets 403 on
// the office's pages and on building or publishing) -> the office builds a draft -> publishes;
// then the printer sees the published edition, downloads its print PDF and job sheet, and gets
// 403 on the drafts.  Every page is checked with axe-core at 360 and 1280 px and saved as
// OUTDIR/NAME.html for the W3C checker.  Prints the lines browse.js prints.
'use strict';
const path = require('path');
const fs = require('fs');
const puppeteer = require(path.join(__dirname, '../html/node_modules/puppeteer-core'));

const [base, outdir] = process.argv.slice(2);
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

async function audit(page, name, html) {
	if (html !== undefined)
		fs.writeFileSync(path.join(outdir, name + '.html'), html);
	for (const s of [{ w: 360, h: 740, mobile: true }, { w: 1280, h: 900, mobile: false }]) {
		await page.setViewport({ width: s.w, height: s.h, isMobile: s.mobile, hasTouch: s.mobile, deviceScaleFactor: 1 });
		if (s.w === 360) {
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
	await page.setViewport({ width: 1280, height: 900 });
}

async function go(page, url) {
	const r = await page.goto(base + url, { waitUntil: 'load' });
	return { status: r.status(), html: await r.text() };
}

async function submit(page, selector) {
	const [r] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
	return { status: r.status(), html: await r.text() };
}

// Reload `url` until `done(html)`, at most `secs` seconds.
async function until(page, url, done, secs) {
	let r;
	for (let i = 0; i < secs * 2; i++) {
		r = await go(page, url);
		if (done(r.html))
			return r;
		await new Promise((res) => setTimeout(res, 500));
	}
	return r;
}

async function login(browser, user, password) {
	const ctx = await browser.createBrowserContext();
	const page = await ctx.newPage();
	page.on('console', (m) => {
		if (m.type() === 'error' && !(expect403 && m.text().includes('status of 403'))) {
			errors++;
			console.log('console ' + m.text());
		}
	});
	await page.setViewport({ width: 1280, height: 900 });
	await go(page, '/ingresar');
	await page.type('#usuario', user);
	await page.type('#clave', password);
	await submit(page, 'main button[type=submit]');
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

(async () => {
	const browser = await puppeteer.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
			'--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
	});
	try {
		const office = await login(browser, 'jefa', 'jefa-password-1234');
		let r = await go(office, '/oficina');
		const row = (html, a) => (html.match(new RegExp('<tr id="fila-' + a + '">[\\s\\S]*?</tr>')) || [''])[0];
		step('glance-missing-signoff', r.status === 200 && row(r.html, 'bienestar').includes('>falta<') &&
			/<tr id="fila-([a-z-]+)"/.exec(r.html)[1] === 'bienestar', row(r.html, 'bienestar'));
		await audit(office, 'office-glance', r.html);

		r = await go(office, '/oficina/trabajos');
		await audit(office, 'office-work', r.html);
		await submit(office, 'form[action="/oficina/publicar"] button');
		r = await until(office, '/oficina/trabajos', (h) => !h.includes('Publicando'), 120);
		step('publish-refused-with-reason', r.html.includes('No se publicó') && r.html.includes('la agencia &quot;bienestar&quot;'),
			r.html.slice(r.html.indexOf('publicacion-estado'), r.html.indexOf('publicacion-estado') + 800));
		await audit(office, 'office-publish-refused', r.html);

		const editor = await login(browser, 'ana', 'ana-password-1234');
		r = await submit(editor, 'form[action$="/firmar"] button[type=submit]');
		const t = await editor.evaluate(() => document.body.innerText);
		step('editor-signs-off', t.includes('Firmada: ana'), t.slice(0, 400));
		expect403 = true;
		r = await go(editor, '/oficina');
		step('editor-403-office', r.status === 403, r.status);
		await audit(editor, 'office-forbidden', r.html);
		const eb = await post(editor, '/oficina/borrador'), ep = await post(editor, '/oficina/publicar');
		step('editor-403-build-publish', eb === 403 && ep === 403, eb + ' ' + ep);
		expect403 = false;

		r = await go(office, '/oficina');
		step('glance-signed', row(r.html, 'bienestar').includes('>vigente<'), row(r.html, 'bienestar'));
		await go(office, '/oficina/trabajos');
		await submit(office, 'form[action="/oficina/borrador"] button');
		r = await until(office, '/oficina/trabajos', (h) => !h.includes('Construyendo'), 300);
		step('draft-built', r.html.includes('está listo') && /español: \d+ páginas/.test(r.html) &&
			r.html.includes('nombre=2026-invierno-print.pdf'), r.html.slice(r.html.indexOf('borrador-estado'), 1500));
		await audit(office, 'office-draft', r.html);
		await submit(office, 'form[action="/oficina/publicar"] button');
		r = await until(office, '/oficina/trabajos', (h) => !h.includes('Publicando'), 300);
		step('published', r.html.includes('publicada por jefa'), r.html.slice(r.html.indexOf('publicacion-estado'), 800));
		await audit(office, 'office-published', r.html);
		r = await go(office, '/oficina/cambios?agencia=anam');
		step('changes', r.status === 200 && r.html.includes('cambiado</span>'), r.status);
		await audit(office, 'office-changes', r.html);
		r = await go(office, '/oficina/nueva');
		step('next-edition-form', r.status === 200 && r.html.includes('name="temporada"'), r.status);
		await audit(office, 'office-next', r.html);

		const printer = await login(browser, 'imprenta', 'imprenta-pass-1234');
		r = await go(printer, '/imprenta');
		step('printer-sees-published', r.status === 200 && r.html.includes('id="edicion-2026-invierno"') &&
			r.html.includes('nombre=2026-invierno-print.pdf') && r.html.includes('nombre=jobsheet.txt'), r.html.slice(0, 600));
		await audit(printer, 'printer', r.html);
		const got = await printer.evaluate(async () => {
			const pdf = await fetch('/imprenta/archivo?edicion=2026-invierno&nombre=2026-invierno-print.pdf');
			const head = new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5));
			const js = await fetch('/imprenta/archivo?edicion=2026-invierno&nombre=jobsheet.txt');
			return [pdf.status, head, js.status, (await js.text()).slice(0, 40)];
		});
		step('printer-downloads', got[0] === 200 && got[1] === '%PDF-' && got[2] === 200 && got[3].startsWith('Hoja de trabajo'),
			JSON.stringify(got));
		expect403 = true;
		const d1 = (await go(printer, '/oficina/trabajos')).status, d2 = (await go(printer, '/agencia/bienestar')).status;
		const d3 = (await go(printer, '/oficina/borrador/archivo?nombre=2026-invierno-print.pdf')).status;
		step('printer-no-drafts', d1 === 403 && d2 === 403 && d3 === 403, [d1, d2, d3].join(' '));
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
