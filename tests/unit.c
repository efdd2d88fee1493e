/* unit.c: unit tests of the core (GLib's GTest), run by tests/run.sh as `tests/unit --tap`.
 *
 * What is easier to pin down here than through the command line: the schema's fast path
 * (valid.c) against libxml2's RelaxNG on small documents, the diagnostics' order, format and
 * exit code, the model's dates, seasons and phone numbers, and the PDF writers' escaping of
 * the text the sources put in the screen PDF (pdfw.c).
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>

#include "diag.h"
#include "model.h"
#include "pdfw.h"
#include "valid.h"

extern const unsigned char paisano_schema_rng[];
extern const unsigned int paisano_schema_rng_len;

/* ----- the schema's fast path ----- */

static xmlDocPtr
parse(const char *xml)
{
	return xmlReadMemory(xml, (int)strlen(xml), "unit.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

static void
quiet(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

/* libxml2's verdict, the reference */
static gboolean
relaxng_valid(xmlDocPtr doc)
{
	xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewMemParserCtxt((const char *)paisano_schema_rng, (int)paisano_schema_rng_len);
	xmlRelaxNGPtr schema = xmlRelaxNGParse(pc);
	xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
	int rc;

	xmlRelaxNGSetValidErrors(vc, quiet, quiet, NULL);
	rc = xmlRelaxNGValidateDoc(vc, doc);
	xmlRelaxNGFreeValidCtxt(vc);
	xmlRelaxNGFree(schema);
	xmlRelaxNGFreeParserCtxt(pc);
	return rc == 0;
}

#define AGENCY(body) "<agency id=\"prueba\" xml:lang=\"es\"><name>Prueba</name>" body "</agency>"

/* valid.c passes these, and libxml2 agrees */
static const char *const surely_valid[] = {
	AGENCY(""),
	AGENCY("<section id=\"s\"><title>T</title><p>Texto con <em>énfasis</em> y <ref to=\"f\"/>.</p></section>"),
	/* the textual choice: inline text, or <text> per language */
	AGENCY("<section id=\"s\"><title><text xml:lang=\"es\">Hola</text><text xml:lang=\"en\" es-hash=\"0123abcd\">Hi</text></title></section>"),
	/* blocks, then subsections */
	AGENCY("<section id=\"s\"><title>T</title><p>a</p><section id=\"s-b\"><title>B</title><list><item>x</item></list></section></section>"),
	/* the fact choice, settled by kind= */
	AGENCY("<facts><fact id=\"f\" label=\"Tel\" kind=\"phone\" country=\"MX\"><value from=\"2020-02-29\">800 201 8542</value></fact>"
	    "<fact id=\"g\" label=\"Monto\" kind=\"amount\"><value currency=\"USD\" from=\"2020-01-01\" season=\"verano invierno\">500.00</value></fact></facts>"),
	/* comments and white space between elements */
	AGENCY("<!-- c --><section id=\"s\">\n  <title>T</title>\n  <!-- c --><?pi x?>\n</section>"),
	"<edition id=\"e\" year=\"2026\" season=\"invierno\" revision=\"1\" status=\"draft\" date=\"2026-10-30\" languages=\"es en\">"
	    "<title>E</title><operation start=\"2026-11-26\" end=\"2027-01-10\"/><contents><chapter id=\"c\"><title>C</title>"
	    "<include section=\"s\"/></chapter></contents><signoffs/></edition>",
};

/* valid.c does not pass these: some are invalid, some are valid but not in their plain form
 * (libxml2 decides those) */
static const struct {
	const char	*xml;
	gboolean	 valid;	/* libxml2's verdict */
} not_surely[] = {
	{ AGENCY("<section id=\"Sección\"><title>T</title></section>"), FALSE },
	{ AGENCY("<section id=\"s\" color=\"red\"><title>T</title></section>"), FALSE },
	{ AGENCY("<section id=\"s\"></section>"), FALSE },
	{ AGENCY("<section id=\"s\"><title>T</title><section id=\"t\"><title>U</title><p>x</p>"
	    "<section id=\"u\"><title>V</title><p>y</p></section></section></section>"), FALSE },
	{ AGENCY("<facts><fact id=\"f\" label=\"Monto\" kind=\"amount\"><value currency=\"USD\" from=\"2019-02-29\">5</value></fact></facts>"), FALSE },
	{ AGENCY("<facts><fact id=\"f\" label=\"Monto\" kind=\"amount\"><value currency=\"USD\" from=\"2019-01-01\">5.5</value></fact></facts>"), FALSE },
	{ AGENCY("<section id=\"s\" season=\"otoño\"><title>T</title></section>"), FALSE },
	{ AGENCY("<section id=\"s\"><title>T</title><p>a</p><foo/></section>"), FALSE },
	{ "<agency xmlns=\"urn:x\" id=\"prueba\"><name>P</name></agency>", FALSE },
	/* valid, but with white space for the datatypes to normalize, or a comment in a value */
	{ AGENCY("<section id=\" s \"><title>T</title></section>"), TRUE },
	{ AGENCY("<section id=\"s\" season=\"verano  invierno\"><title>T</title></section>"), TRUE },
	{ AGENCY("<short>P<!-- c --></short>"), TRUE },
};

static void
test_valid_surely(void)
{
	for (guint i = 0; i < G_N_ELEMENTS(surely_valid); i++) {
		xmlDocPtr doc = parse(surely_valid[i]);

		g_assert_nonnull(doc);
		if (!valid_surely(doc))
			g_error("the fast path does not pass %s", surely_valid[i]);
		g_assert_true(relaxng_valid(doc));
		xmlFreeDoc(doc);
	}
}

static void
test_valid_not_surely(void)
{
	for (guint i = 0; i < G_N_ELEMENTS(not_surely); i++) {
		xmlDocPtr doc = parse(not_surely[i].xml);

		g_assert_nonnull(doc);
		if (valid_surely(doc))
			g_error("the fast path passes %s", not_surely[i].xml);
		if (relaxng_valid(doc) != not_surely[i].valid)
			g_error("libxml2 says %s is %svalid", not_surely[i].xml, not_surely[i].valid ? "not " : "");
		xmlFreeDoc(doc);
	}
}

/* The table is the schema's: every element of paisano.rng is in it. */
static void
test_valid_table(void)
{
	static const char *const elements[] = { "agency", "edition", "paisano-model", "section", "fact", "value",
		"contact", "phone", "web", "email", "table", "notice", "image", "card", "form", "field", "include",
		"signoff", "em", "strong", "ref", "see", "text" };

	for (guint i = 0; i < G_N_ELEMENTS(elements); i++) {
		gboolean found = FALSE;

		for (guint j = 0; j < valid_gen_count && !found; j++)
			found = valid_gen_pats[j].kind == VP_ELEMENT && strcmp(valid_gen_pats[j].name, elements[i]) == 0;
		if (!found)
			g_error("no <%s> in the generated table", elements[i]);
	}
}

/* ----- diagnostics ----- */

static char *
printed(const struct diag_list *dl)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	diag_print_text(dl, fp);
	diag_print_summary(dl, fp, 2);
	fclose(fp);
	return buf;
}

static void
test_diag_order_and_format(void)
{
	struct diag_list *dl = diag_list_new();
	char *out;

	g_assert_cmpint(diag_worst(dl), ==, 0);
	diag_msg(dl, MSG_FILE_EMPTY, "b.xml", 0, 0);
	diag_msg(dl, MSG_XML_NOT_UTF8, "a.xml", 3, 17, 0xED);
	diag_msg(dl, MSG_XML_UTF16, "a.xml", 1, 0);
	diag_sort(dl);
	out = printed(dl);
	g_assert_cmpstr(out, ==,
	    "a.xml:1: error: the file is saved as UTF-16; save it with the UTF-8 encoding [xml]\n"
	    "a.xml:3:17: error: the file is not valid UTF-8 (byte 0xED here); save it with the UTF-8 encoding [xml]\n"
	    "b.xml: error: the file is empty; a guide source starts with <agency> or <edition> [xml]\n"
	    "3 errors, 0 warnings in 2 files\n");
	g_assert_cmpuint(diag_count(dl, DIAG_ERROR), ==, 3);
	g_assert_cmpint(diag_worst(dl), ==, DIAG_ERROR);
	free(out);
	diag_list_free(dl);
}

static void
test_diag_messages_named(void)
{
	for (int id = 0; id < MSG__MAX; id++) {
		const struct msg_info *m = diag_info((enum msg_id)id);

		g_assert_nonnull(m->name);
		g_assert_nonnull(m->check);
		g_assert_true(m->level == DIAG_WARNING || m->level == DIAG_ERROR);
	}
}

/* ----- the model ----- */

static void
test_dates(void)
{
	char *iso;

	g_assert_cmpuint(model_date_parse("2024-02-29"), !=, 0);
	g_assert_cmpuint(model_date_parse("2023-02-29"), ==, 0);
	g_assert_cmpuint(model_date_parse("2026-13-01"), ==, 0);
	g_assert_cmpuint(model_date_parse("26-11-2026"), ==, 0);
	g_assert_cmpuint(model_date_parse("2026-11-26"), <, model_date_parse("2027-01-10"));
	iso = model_date_iso(model_date_parse("2026-11-26"));
	g_assert_cmpstr(iso, ==, "2026-11-26");
	g_free(iso);
}

static void
test_seasons(void)
{
	g_assert_cmpuint(model_seasons_parse("verano invierno"), ==, SEASON_VERANO | SEASON_INVIERNO);
	g_assert_cmpuint(model_seasons_parse("semana-santa"), ==, SEASON_SEMANA_SANTA);
	g_assert_cmpuint(model_seasons_parse("otoño"), ==, 0);
}

static void
test_phones(void)
{
	static const struct {
		const char	*in;
		enum country	 country;
		const char	*out;
	} phones[] = {
		{ "8002018542", COUNTRY_MX, "800 201 8542" },
		{ "1 877 210 9469", COUNTRY_US, "1 877 210 9469" },
		{ "911", COUNTRY_MX, "911" },
	};

	for (guint i = 0; i < G_N_ELEMENTS(phones); i++) {
		char *p = model_format_phone(phones[i].in, phones[i].country);

		g_assert_cmpstr(p, ==, phones[i].out);
		g_free(p);
	}
}

static void
test_edit_distance(void)
{
	g_assert_cmpuint(model_edit_distance("anam-franquicia", "anam-franqicia"), ==, 1);
	g_assert_cmpuint(model_edit_distance("", "abc"), ==, 3);
	g_assert_cmpuint(model_edit_distance("same", "same"), ==, 0);
}

/* ----- the PDF writers: no source text can close a string or add an operator ----- */

static void
expect_pdf(void (*put)(GString *, const char *), const char *in, const char *want)
{
	GString *s = g_string_new(NULL);

	put(s, in);
	g_assert_cmpstr(s->str, ==, want);
	g_string_free(s, TRUE);
}

static void
test_pdf_strings(void)
{
	expect_pdf(pdf_string, "https://a.mx/x(1)\\y", "(https://a.mx/x\\(1\\)\\\\y)");
	expect_pdf(pdf_string, "a) Tj (b\n\xc3\xb1", "(a\\) Tj \\(b\\012\\303\\261)");
	expect_pdf(pdf_name, "L#1 /(x)", "L#231#20#2F#28x#29");
	expect_pdf(pdf_text, "a)\xc3\xb1", "<FEFF0061002900F1>");
}

/* The number writers: pdf_round is llround (halves away from zero), pdf_scaled and
 * pdf_tenths_at write the shortest decimals, pdf_hex4 a glyph id. */
static void
test_pdf_numbers(void)
{
	static const double v[] = { 0.5, -0.5, 1.5, -2.5, 0.49999999999999994, -0.49999999999999994,
	    4503599627370495.5, -4503599627370495.5, 4503599627370496.0, 1e300, -1e300, 0.0, -0.0,
	    327670000.5, 123.456, -7.0001 };
	static const struct { gint64 n; int places; const char *want; } sc[] = {
		{ 0, 3, "0" }, { 12500, 3, "12.5" }, { -250, 3, "-0.25" }, { 3000, 3, "3" },
		{ 123456, 3, "123.456" }, { -327670000, 4, "-32767" }, { 5, 1, "0.5" },
		{ 1234567890123, 0, "1234567890123" }, { -9, 0, "-9" }, { 100, 2, "1" } };
	static const struct { gint64 n; const char *want; } te[] = {
		{ 0, "0" }, { 1, "0.1" }, { -276, "-27.6" }, { 340, "34" }, { -5, "-0.5" },
		{ 123456789, "12345678.9" } };
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < G_N_ELEMENTS(v); i++)
		g_assert_cmpint(pdf_round(v[i]), ==, llround(v[i]));
	for (guint i = 0; i < G_N_ELEMENTS(sc); i++) {
		char want[64];

		g_string_truncate(s, 0);
		pdf_scaled(s, sc[i].n, sc[i].places, ' ');
		g_string_append(s, "|");
		pdf_scaled(s, sc[i].n, sc[i].places, 0);
		g_snprintf(want, sizeof(want), "%s |%s", sc[i].want, sc[i].want);
		g_assert_cmpstr(s->str, ==, want);
	}
	for (guint i = 0; i < G_N_ELEMENTS(te); i++) {
		g_string_truncate(s, 0);
		pdf_done(s, pdf_tenths_at(pdf_room(s, PDF_NUM_MAX), te[i].n));
		g_assert_cmpstr(s->str, ==, te[i].want);
	}
	g_string_truncate(s, 0);
	pdf_hex4(s, 0x1A2F);
	pdf_hex4(s, 0);
	g_assert_cmpstr(s->str, ==, "1A2F0000");
	g_string_free(s, TRUE);
}

int
main(int argc, char **argv)
{
	int rc;

	g_test_init(&argc, &argv, NULL);
	xmlInitParser();
	g_test_add_func("/valid/surely-valid", test_valid_surely);
	g_test_add_func("/valid/not-surely", test_valid_not_surely);
	g_test_add_func("/valid/table", test_valid_table);
	g_test_add_func("/diag/order-and-format", test_diag_order_and_format);
	g_test_add_func("/diag/messages-named", test_diag_messages_named);
	g_test_add_func("/model/dates", test_dates);
	g_test_add_func("/model/seasons", test_seasons);
	g_test_add_func("/model/phones", test_phones);
	g_test_add_func("/model/edit-distance", test_edit_distance);
	g_test_add_func("/pdf/strings", test_pdf_strings);
	g_test_add_func("/pdf/numbers", test_pdf_numbers);
	rc = g_test_run();
	xmlCleanupParser();
	return rc;
}
