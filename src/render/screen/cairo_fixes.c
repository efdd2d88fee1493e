/* cairo_fixes.c: what cairo 1.16's PDF surface gets wrong or lacks, mended in the finished
 * file's bytes (cairo_fixes.h). */
#include <stdio.h>
#include <string.h>

#include "cairo_fixes.h"

/*
 * cairo 1.16.0 reserves an object for a structure tree when a page has links, never writes it,
 * and leaves its cross-reference entry pointing at another object's offset: qpdf and strict
 * readers call the file damaged.  Every xref entry that does not point at its own object is
 * marked free (a reference to it reads as null, which is what cairo meant).  Entries have a
 * fixed width, so no offset moves.
 */
void
fix_cairo_xref(GByteArray *pdf)
{
	char *data = (char *)pdf->data, *x = NULL;
	gsize len = pdf->len;
	unsigned first, count;

	/* The last "\nxref\n" (binary streams hold NULs: search bytes, not strings). */
	for (gsize i = len > 6 ? len - 6 : 0; i > 0; i--)
		if (memcmp(data + i, "\nxref\n", 6) == 0) {
			x = data + i;
			break;
		}
	if (x == NULL || sscanf(x + 6, "%u %u", &first, &count) != 2)
		return;
	x = strchr(x + 6, '\n');
	if (x == NULL)
		return;
	x++;
	for (unsigned i = 0; i < count && x + 20 <= data + len; i++, x += 20) {
		gsize off = 0;
		char want[32];
		int n;

		if (x[17] != 'n')
			continue;
		for (int k = 0; k < 10 && g_ascii_isdigit(x[k]); k++)
			off = off * 10 + (gsize)(x[k] - '0');
		n = g_snprintf(want, sizeof(want), "%u 0 obj", first + i);
		if (off + (gsize)n > len || memcmp(data + off, want, (gsize)n) != 0)
			memcpy(x, "0000000000 00001 f", 18);
	}
}

/* The last occurrence of `pat` in the bytes (streams hold NULs: bytes, not strings). */
static const char *
last_bytes(const GByteArray *pdf, const char *pat)
{
	gsize n = strlen(pat);

	for (gsize i = pdf->len > n ? pdf->len - n + 1 : 0; i-- > 0;)
		if (memcmp(pdf->data + i, pat, n) == 0)
			return (const char *)pdf->data + i;
	return NULL;
}

/* The first occurrence of `pat` in n bytes at p, or NULL. */
static const char *
find_bytes(const char *p, gsize n, const char *pat)
{
	const char *end = p + n;
	gsize k = strlen(pat);

	for (const char *q = p; (q = memchr(q, pat[0], (gsize)(end - q))) != NULL; q++)
		if ((gsize)(end - q) >= k && memcmp(q, pat, k) == 0)
			return q;
	return NULL;
}

/* The end of the dictionary that starts at p ("<<"), nested ones included; NULL if none. */
static const char *
dict_end(const char *p, const char *end)
{
	int depth = 0;

	for (; p + 1 < end; p++)
		if (p[0] == '<' && p[1] == '<') {
			depth++;
			p++;
		} else if (p[0] == '>' && p[1] == '>') {
			if (--depth == 0)
				return p + 2;
			p++;
		}
	return NULL;
}

/* A PDF text string: UTF-16BE with its byte order mark, in hex (any character, no escapes). */
char *
pdf_text_string(const char *utf8)
{
	glong n = 0;
	gunichar2 *u = g_utf8_to_utf16(utf8 != NULL ? utf8 : "", -1, NULL, &n, NULL);
	GString *s = g_string_new("<FEFF");

	for (glong i = 0; u != NULL && i < n; i++)
		g_string_append_printf(s, "%04X", u[i]);
	g_string_append_c(s, '>');
	g_free(u);
	return g_string_free(s, FALSE);
}

/* An object of the file to write again with more entries in its dictionary. */
struct amend {
	unsigned	 num;
	const char	*d0, *d1;	/* its dictionary, "<<" to ">>" included */
	char		*more;		/* the entries to add */
	unsigned long	 at;		/* where it is written again */
};

static gint
by_num(gconstpointer a, gconstpointer b)
{
	const struct amend *x = a, *y = b;

	return x->num < y->num ? -1 : x->num > y->num;
}

/* The XMP metadata stream's packet: the title and the language (PDF/UA asks for dc:title). */
static char *
xmp_packet(const char *title, const char *lang)
{
	char *t = g_markup_escape_text(title != NULL ? title : "", -1);
	char *l = g_markup_escape_text(lang != NULL ? lang : "x-default", -1);
	char *x = g_strdup_printf("<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	    "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
	    "<dc:format>application/pdf</dc:format>\n"
	    "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:title>\n"
	    "<dc:language><rdf:Bag><rdf:li>%s</rdf:li></rdf:Bag></dc:language>\n"
	    "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>", t, l);

	g_free(t);
	g_free(l);
	return x;
}

/*
 * What a tagged PDF needs and cairo 1.16 has no call for, added as an incremental update (the
 * PDF's own way of amending a file: the objects again with more entries, a cross-reference
 * section for them, and a trailer pointing back at cairo's; nothing cairo wrote moves):
 * - the catalog: /Lang (screen readers and search engines use it), /ViewerPreferences
 *   /DisplayDocTitle (viewers show the title, not the file name), /MarkInfo if cairo left
 *   it out, and /Metadata, an XMP stream with the title and the language;
 * - every page: /Tabs /S (the links are visited in the structure's order);
 * - the structure elements: `extras` has, for each structure tag begun in order (the order
 *   cairo writes its StructElem objects in), the entries to add or NULL: /Alt, /A, /Lang.
 */
void
fix_cairo_tagged(GByteArray *pdf, const char *lang, const char *title, const GPtrArray *extras)
{
	const char *data = (const char *)pdf->data, *end = data + pdf->len, *tr, *sx, *xr, *t0, *t1, *r, *x;
	unsigned root, info = 0, size, first, count, elem = 0;
	unsigned long prev, off;
	GArray *am;
	GString *add;
	char *xmp;

	if ((tr = last_bytes(pdf, "\ntrailer")) == NULL || (sx = last_bytes(pdf, "\nstartxref")) == NULL ||
	    sscanf(sx + 10, "%lu", &prev) != 1 || (xr = last_bytes(pdf, "\nxref\n")) == NULL)
		return;
	if ((t0 = g_strstr_len(tr, sx - tr, "<<")) == NULL || (t1 = dict_end(t0, sx)) == NULL)
		return;
	if ((r = g_strstr_len(t0, t1 - t0, "/Root")) == NULL || sscanf(r + 5, "%u", &root) != 1 ||
	    (r = g_strstr_len(t0, t1 - t0, "/Size")) == NULL || sscanf(r + 5, "%u", &size) != 1)
		return;
	if ((r = g_strstr_len(t0, t1 - t0, "/Info")) != NULL && sscanf(r + 5, "%u", &info) != 1)
		info = 0;
	if (sscanf(xr + 6, "%u %u", &first, &count) != 2 || (x = memchr(xr + 6, '\n', (gsize)(end - xr - 6))) == NULL)
		return;
	x++;
	am = g_array_new(FALSE, FALSE, sizeof(struct amend));
	/* the objects in the order of their numbers, which is the order cairo made them in */
	for (unsigned i = 0; i < count && x + 20 <= end; i++, x += 20) {
		struct amend a = { first + i, NULL, NULL, NULL, 0 };
		const char *o;

		/* the offset's ten digits read here: sscanf would measure the rest of the file
		 * (strlen) for every entry, quadratic in the number of objects */
		if (x[17] != 'n' || !g_ascii_isdigit(x[0]))
			continue;
		off = 0;
		for (int k = 0; k < 10 && g_ascii_isdigit(x[k]); k++)
			off = off * 10 + (unsigned long)(x[k] - '0');
		if (off >= pdf->len)
			continue;
		o = data + off;
		if ((a.d0 = memchr(o, '<', MIN((gsize)64, (gsize)(end - o)))) == NULL || a.d0[1] != '<' ||
		    (a.d1 = dict_end(a.d0, end)) == NULL)
			continue;
		if (a.num == root) {
			GString *m = g_string_new(NULL);

			if (lang != NULL)
				g_string_append_printf(m, " /Lang (%s)", lang);
			g_string_append(m, " /ViewerPreferences << /DisplayDocTitle true >>");
			if (find_bytes(a.d0, (gsize)(a.d1 - a.d0), "/MarkInfo") == NULL)
				g_string_append(m, " /MarkInfo << /Marked true >>");
			g_string_append_printf(m, " /Metadata %u 0 R", size);
			a.more = g_string_free(m, FALSE);
		} else if (g_str_has_prefix(a.d0, "<< /Type /Page") && a.d0[14] != 's') {
			a.more = g_strdup(" /Tabs /S");
		} else if (g_str_has_prefix(a.d0, "<< /Type /StructElem")) {
			const char *e = extras != NULL && elem < extras->len ? extras->pdata[elem] : NULL;

			elem++;
			if (e != NULL)
				a.more = g_strdup(e);
		}
		if (a.more != NULL)
			g_array_append_val(am, a);
	}
	g_array_sort(am, by_num);
	add = g_string_new(NULL);
	for (guint i = 0; i < am->len; i++) {
		struct amend *a = &g_array_index(am, struct amend, i);

		a->at = pdf->len + add->len + 1;
		g_string_append_printf(add, "\n%u 0 obj\n", a->num);
		g_string_append_len(add, a->d0, a->d1 - 2 - a->d0);
		g_string_append_printf(add, "%s\n>>\nendobj\n", a->more);
	}
	xmp = xmp_packet(title, lang);
	off = pdf->len + add->len + 1;
	g_string_append_printf(add, "\n%u 0 obj\n<< /Type /Metadata /Subtype /XML /Length %zu >>\nstream\n%s\nendstream\nendobj\n",
	    size, strlen(xmp), xmp);
	g_free(xmp);
	{
		unsigned long xref = pdf->len + add->len;

		g_string_append(add, "xref\n");
		for (guint i = 0; i < am->len; i++) {
			struct amend *a = &g_array_index(am, struct amend, i);

			g_string_append_printf(add, "%u 1\n%010lu 00000 n \n", a->num, a->at);
		}
		g_string_append_printf(add, "%u 1\n%010lu 00000 n \n", size, off);
		g_string_append_printf(add, "trailer\n<< /Size %u /Root %u 0 R", size + 1, root);
		if (info != 0)
			g_string_append_printf(add, " /Info %u 0 R", info);
		g_string_append_printf(add, " /Prev %lu >>\nstartxref\n%lu\n%%%%EOF\n", prev, xref);
	}
	for (guint i = 0; i < am->len; i++)
		g_free(g_array_index(am, struct amend, i).more);
	g_array_free(am, TRUE);
	g_byte_array_append(pdf, (const guint8 *)add->str, (guint)add->len);
	g_string_free(add, TRUE);
}
