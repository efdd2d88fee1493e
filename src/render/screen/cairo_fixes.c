/* cairo_fixes.c: what cairo 1.16's PDF surface gets wrong or lacks, mended in the finished
 * file's bytes (cairo_fixes.h). */
#define _GNU_SOURCE	/* memmem */
#include <stdio.h>
#include <string.h>

#include <zlib.h>

#include "cairo_fixes.h"
#include "flate.h"

/*
 * cairo 1.16.0 reserves an object for a structure tree when a page has links, never writes it,
 * and leaves its cross-reference entry pointing at another object's offset: qpdf and strict
 * readers call the file damaged.  Every xref entry that does not point at its own object is
 * marked free (a reference to it reads as null, which is what cairo meant).  Entries have a
 * fixed width, so no offset moves.
 */
/* The decimal number of at most `most` digits at p, never reading at or past end: the byte
 * after it, or NULL if there is none.  The file's bytes have no NUL after them, and sscanf
 * would measure the rest of the file (strlen) on every call: quadratic over the objects of a
 * long booklet (45 % of the 1,028-page screen PDF). */
static const char *
read_digits(const char *p, const char *end, int most, unsigned long *v)
{
	const char *s = p;

	for (*v = 0; p < end && g_ascii_isdigit(*p) && p - s < most; p++)
		*v = *v * 10 + (unsigned long)(*p - '0');
	return p > s ? p : NULL;
}

/* p after its blanks, as sscanf's %u skips them, not past end. */
static const char *
skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++;
	return p;
}

/* An object number (nine digits at most) after blanks. */
static const char *
read_obj(const char *p, const char *end, unsigned *n)
{
	unsigned long v;

	p = read_digits(skip_blanks(p, end), end, 9, &v);
	*n = (unsigned)v;
	return p;
}

void
fix_cairo_xref(GByteArray *pdf)
{
	char *data = (char *)pdf->data, *x = NULL;
	gsize len = pdf->len;
	unsigned long first, count;

	/* The last "\nxref\n" (binary streams hold NULs: search bytes, not strings). */
	for (gsize i = len > 6 ? len - 6 : 0; i > 0; i--)
		if (memcmp(data + i, "\nxref\n", 6) == 0) {
			x = data + i;
			break;
		}
	/* "FIRST COUNT\n", read within the bytes: the array ends with no NUL after it */
	if (x == NULL || (x = (char *)read_digits(x + 6, data + len, 9, &first)) == NULL || x >= data + len || *x++ != ' ' ||
	    (x = (char *)read_digits(x, data + len, 9, &count)) == NULL || x >= data + len || *x++ != '\n')
		return;
	for (unsigned i = 0; i < count && x + 20 <= data + len; i++, x += 20) {
		unsigned long off;
		char want[32];
		int n;

		if (x[17] != 'n')
			continue;
		read_digits(x, x + 10, 10, &off);	/* 0 if there is no digit: not an object */
		n = g_snprintf(want, sizeof(want), "%lu 0 obj", first + i);
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
	char		*more;		/* the entries to add, or */
	char		*body;		/* the whole new dictionary */
	unsigned long	 at;		/* where it is written again */
};

static gint
by_num(gconstpointer a, gconstpointer b)
{
	const struct amend *x = a, *y = b;

	return x->num < y->num ? -1 : x->num > y->num;
}

/* The XMP metadata stream's packet: the title and the language (PDF/UA asks for dc:title).  No
 * PDF/UA-1 identification (pdfuaid:part): the file claims that only once a validator (veraPDF)
 * has passed it, and none has run yet. */
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
	    "</rdf:Description>\n"
	    "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>", t, l);

	g_free(t);
	g_free(l);
	return x;
}

/* A link annotation's /Contents (PDF/UA-1 7.18.5: its alternate description): a web link's
 * address as cairo wrote it, a link inside the document the words `dests` has for its
 * destination; NULL if neither. */
static const char *content_token(const char *, const char *, gboolean *);

static char *
link_contents(const char *d0, const char *d1, GHashTable *dests)
{
	const char *u = find_bytes(d0, (gsize)(d1 - d0), "/URI (");
	gboolean op;

	if (u != NULL) {
		const char *e = content_token(u + 5, d1, &op);

		return g_strdup_printf(" /Contents %.*s", (int)(e - u - 5), u + 5);
	}
	if ((u = find_bytes(d0, (gsize)(d1 - d0), "/Dest (")) != NULL && dests != NULL) {
		const char *e = memchr(u + 7, ')', (gsize)(d1 - u - 7));
		char *name = e != NULL ? g_strndup(u + 7, (gsize)(e - u - 7)) : NULL;
		const char *words = name != NULL ? g_hash_table_lookup(dests, name) : NULL;
		char *t = words != NULL ? pdf_text_string(words) : NULL;
		char *r = t != NULL ? g_strdup_printf(" /Contents %s", t) : NULL;

		g_free(t);
		g_free(name);
		return r;
	}
	return NULL;
}

/*
 * cairo 1.16 gives a page with no marked content (a blank page) a /StructParents key all the
 * same, and writes the page itself as that key's value in the parent tree, where a page's
 * value must be the array of the structure elements its marked content belongs to.  The parent
 * tree is written again with an empty array for each such page (its values are otherwise
 * structure elements and arrays of them, never a page).  NULL if no value is a page.
 */
static char *
parent_tree_without_pages(const char *d0, const char *d1, GHashTable *pages)
{
	GString *s = g_string_sized_new((gsize)(d1 - d0));
	gboolean changed = FALSE;

	for (const char *p = d0; p < d1; ) {
		unsigned long n;
		const char *q;

		if (g_ascii_isdigit(*p) && p > d0 && (p[-1] == ' ' || p[-1] == '\n') &&
		    (q = read_digits(p, d1, 9, &n)) != NULL && d1 - q >= 4 && memcmp(q, " 0 R", 4) == 0 &&
		    (q + 4 == d1 || !g_ascii_isalnum(q[4])) && g_hash_table_contains(pages, GUINT_TO_POINTER((guint)n))) {
			g_string_append(s, "[]");
			p = q + 4;
			changed = TRUE;
			continue;
		}
		g_string_append_c(s, *p++);
	}
	if (!changed) {
		g_string_free(s, TRUE);
		return NULL;
	}
	return g_string_free(s, FALSE);
}

/*
 * What a tagged PDF needs and cairo 1.16 has no call for, added as an incremental update (the
 * PDF's own way of amending a file: the objects again with more entries, a cross-reference
 * section for them, and a trailer pointing back at cairo's; nothing cairo wrote moves):
 * - the catalog: /Lang (screen readers and search engines use it), /ViewerPreferences
 *   /DisplayDocTitle (viewers show the title, not the file name), /MarkInfo if cairo left
 *   it out, and /Metadata, an XMP stream with the title and the language;
 * - every page: /Tabs /S (the links are visited in the structure's order);
 * - every link: /Contents, the words that describe it (link_contents);
 * - the structure elements: `extras` has, for each structure tag begun in order (the order
 *   cairo writes its StructElem objects in), the entries to add or NULL: /Alt, /A, /Lang;
 * - the parent tree, written again when a blank page's value is the page itself (above).
 */
void
fix_cairo_tagged(GByteArray *pdf, const char *lang, const char *title, const GPtrArray *extras, GHashTable *dests)
{
	const char *data = (const char *)pdf->data, *end = data + pdf->len, *tr, *sx, *xr, *t0, *t1, *r, *x;
	unsigned root, info = 0, size, first, count, elem = 0, ptree = 0;
	GHashTable *pages;	/* the page objects' numbers */
	GArray *nums;		/* the number trees (the parent tree, the page labels) */
	unsigned long prev, off;
	GArray *am;
	GString *add;
	char *xmp;

	if ((tr = last_bytes(pdf, "\ntrailer")) == NULL || (sx = last_bytes(pdf, "\nstartxref")) == NULL ||
	    read_digits(skip_blanks(sx + 10, end), end, 18, &prev) == NULL || (xr = last_bytes(pdf, "\nxref\n")) == NULL)
		return;
	if ((t0 = g_strstr_len(tr, sx - tr, "<<")) == NULL || (t1 = dict_end(t0, sx)) == NULL)
		return;
	if ((r = g_strstr_len(t0, t1 - t0, "/Root")) == NULL || read_obj(r + 5, t1, &root) == NULL ||
	    (r = g_strstr_len(t0, t1 - t0, "/Size")) == NULL || read_obj(r + 5, t1, &size) == NULL)
		return;
	if ((r = g_strstr_len(t0, t1 - t0, "/Info")) != NULL && read_obj(r + 5, t1, &info) == NULL)
		info = 0;
	if ((x = read_obj(xr + 6, end, &first)) == NULL || read_obj(x, end, &count) == NULL || (x = memchr(xr + 6, '\n', (gsize)(end - xr - 6))) == NULL)
		return;
	x++;
	am = g_array_new(FALSE, FALSE, sizeof(struct amend));
	pages = g_hash_table_new(NULL, NULL);
	nums = g_array_new(FALSE, FALSE, sizeof(struct amend));
	/* the objects in the order of their numbers, which is the order cairo made them in */
	for (unsigned i = 0; i < count && x + 20 <= end; i++, x += 20) {
		struct amend a = { first + i, NULL, NULL, NULL, NULL, 0 };
		const char *o;

		if (x[17] != 'n' || read_digits(x, x + 10, 10, &off) == NULL || off >= pdf->len)
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
			g_hash_table_add(pages, GUINT_TO_POINTER(a.num));
		} else if (g_str_has_prefix(a.d0, "<< /Nums [")) {
			g_array_append_val(nums, a);
		} else if (g_str_has_prefix(a.d0, "<< /Type /StructTreeRoot")) {
			const char *pt = find_bytes(a.d0, (gsize)(a.d1 - a.d0), "/ParentTree");

			if (pt == NULL || read_obj(pt + 11, a.d1, &ptree) == NULL)
				ptree = 0;
		} else if (g_str_has_prefix(a.d0, "<< /Type /Annot") &&
		    find_bytes(a.d0, (gsize)(a.d1 - a.d0), "/Subtype /Link") != NULL &&
		    find_bytes(a.d0, (gsize)(a.d1 - a.d0), "/Contents") == NULL) {
			a.more = link_contents(a.d0, a.d1, dests);
		} else if (g_str_has_prefix(a.d0, "<< /Type /StructElem")) {
			const char *e = extras != NULL && elem < extras->len ? extras->pdata[elem] : NULL;

			elem++;
			if (e != NULL)
				a.more = g_strdup(e);
		}
		if (a.more != NULL)
			g_array_append_val(am, a);
	}
	for (guint i = 0; i < nums->len; i++) {
		struct amend a = g_array_index(nums, struct amend, i);

		if (a.num == ptree && (a.body = parent_tree_without_pages(a.d0, a.d1, pages)) != NULL)
			g_array_append_val(am, a);
	}
	g_array_free(nums, TRUE);
	g_hash_table_destroy(pages);
	g_array_sort(am, by_num);
	add = g_string_new(NULL);
	for (guint i = 0; i < am->len; i++) {
		struct amend *a = &g_array_index(am, struct amend, i);

		a->at = pdf->len + add->len + 1;
		g_string_append_printf(add, "\n%u 0 obj\n", a->num);
		if (a->body != NULL) {
			g_string_append(add, a->body);
			g_string_append(add, "\nendobj\n");
			continue;
		}
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
	for (guint i = 0; i < am->len; i++) {
		g_free(g_array_index(am, struct amend, i).more);
		g_free(g_array_index(am, struct amend, i).body);
	}
	g_array_free(am, TRUE);
	g_byte_array_append(pdf, (const guint8 *)add->str, (guint)add->len);
	g_string_free(add, TRUE);
}

/*
 * Artifacts.  A tagged PDF's page content is either inside a marked-content sequence of the
 * structure (cairo's "/P << /MCID n >> BDC ... EMC") or marked as an artifact ("/Artifact BMC
 * ... EMC"): running heads, folios, rules, the draft stamp.  cairo 1.16 has no call for the
 * second, but everything it paints outside a structure leaf is an artifact, so each page's
 * content stream is read back and every graphics object found outside marked content (a text
 * object, a path, an image, a shading) is bracketed, consecutive ones together.  A bracket
 * never crosses q/Q or another marked-content sequence (they nest, as the PDF asks).
 */

/* The PDF's white-space and delimiter characters, by table: every byte of every page's content
 * is looked up (a strchr per byte was half of mark_artifacts). */
enum { PDF_SPACE = 1, PDF_DELIM = 2 };
static const unsigned char pdf_class[256] = {
	['\0'] = PDF_SPACE, [' '] = PDF_SPACE, ['\n'] = PDF_SPACE, ['\r'] = PDF_SPACE, ['\t'] = PDF_SPACE,
	['\f'] = PDF_SPACE, ['('] = PDF_DELIM, [')'] = PDF_DELIM, ['<'] = PDF_DELIM, ['>'] = PDF_DELIM,
	['['] = PDF_DELIM, [']'] = PDF_DELIM, ['{'] = PDF_DELIM, ['}'] = PDF_DELIM, ['/'] = PDF_DELIM,
	['%'] = PDF_DELIM,
};

static gboolean
pdf_space(char c)
{
	return pdf_class[(unsigned char)c] == PDF_SPACE;
}

static gboolean
pdf_delim(char c)
{
	return pdf_class[(unsigned char)c] == PDF_DELIM;
}

/* The end of the token that starts at p (not white space); *op: whether it is an operator. */
static const char *
content_token(const char *p, const char *end, gboolean *op)
{
	*op = FALSE;
	if (*p == '(') {
		int depth = 0;

		for (; p < end; p++) {
			if (*p == '\\')
				p++;
			else if (*p == '(')
				depth++;
			else if (*p == ')' && --depth == 0)
				return p + 1;
		}
		return end;
	}
	if (*p == '<' && p + 1 < end && p[1] != '<') {
		const char *q = memchr(p, '>', (gsize)(end - p));

		return q != NULL ? q + 1 : end;
	}
	if ((*p == '<' || *p == '>') && p + 1 < end && p[1] == *p)
		return p + 2;
	if (*p == '[' || *p == ']' || *p == '{' || *p == '}')
		return p + 1;
	if (*p == '%') {
		while (p < end && *p != '\n' && *p != '\r')
			p++;
		return p;
	}
	if (*p == '/') {
		for (p++; p < end && !pdf_space(*p) && !pdf_delim(*p); p++)
			;
		return p;
	}
	{
		const char *q = p;

		for (; q < end && !pdf_space(*q) && !pdf_delim(*q); q++)
			;
		if (q == p)
			return p + 1;
		*op = !(g_ascii_isdigit(*p) || *p == '-' || *p == '+' || *p == '.') &&
		    !((q - p == 4 && (memcmp(p, "true", 4) == 0 || memcmp(p, "null", 4) == 0)) ||
		    (q - p == 5 && memcmp(p, "false", 5) == 0));
		return q;
	}
}

static gboolean
is_op(const char *p, const char *q, const char *name)
{
	return (gsize)(q - p) == strlen(name) && memcmp(p, name, (gsize)(q - p)) == 0;
}

/* After an inline image's "ID": the end of its "EI". */
static const char *
inline_image_end(const char *p, const char *end)
{
	for (p++; p + 2 <= end; p++)
		if (p[0] == 'E' && p[1] == 'I' && pdf_space(p[-1]) && (p + 2 == end || pdf_space(p[2])))
			return p + 2;
	return end;
}

/* The content stream c (uncompressed) with its artifacts marked (newly allocated). */
GString *
mark_artifacts(const char *c, gsize len)
{
	const char *end = c + len, *p = c, *copied = c, *ops = NULL;
	GString *out = g_string_sized_new(len + len / 8);
	int depth = 0, nest = 0;
	gboolean text = FALSE, art = FALSE;

#define INSERT(at, s) do { g_string_append_len(out, copied, (at) - copied); \
	if ((at) > c && !pdf_space((at)[-1])) g_string_append_c(out, '\n'); \
	g_string_append(out, s); copied = (at); } while (0)

	while (p < end) {
		gboolean op;
		const char *q;

		if (pdf_space(*p)) {
			p++;
			continue;
		}
		q = content_token(p, end, &op);
		if (!op) {
			if (ops == NULL)
				ops = p;
			p = q;
			continue;
		}
		if (ops == NULL)
			ops = p;
		if (is_op(p, q, "BDC") || is_op(p, q, "BMC")) {
			if (art && text)
				nest++;
			else {
				if (art) {
					INSERT(ops, "EMC\n");
					art = FALSE;
				}
				depth++;
			}
		} else if (is_op(p, q, "EMC")) {
			if (art && nest > 0)
				nest--;
			else {
				if (art) {
					INSERT(ops, "EMC\n");
					art = FALSE;
				}
				depth = MAX(depth - 1, 0);
			}
		} else if (is_op(p, q, "q") || is_op(p, q, "Q")) {
			if (art) {
				INSERT(ops, "EMC\n");
				art = FALSE;
			}
		} else if (is_op(p, q, "BT") || (!text && (is_op(p, q, "m") || is_op(p, q, "re") ||
		    is_op(p, q, "Do") || is_op(p, q, "sh") || is_op(p, q, "BI")))) {
			if (!art && depth == 0) {
				INSERT(ops, "/Artifact BMC\n");
				art = TRUE;
				nest = 0;
			}
			if (is_op(p, q, "BT"))
				text = TRUE;
		} else if (is_op(p, q, "ET")) {
			text = FALSE;
		} else if (is_op(p, q, "ID")) {
			q = inline_image_end(q, end);
		}
		ops = NULL;
		p = q;
	}
	g_string_append_len(out, copied, end - copied);
	if (art)
		g_string_append(out, "\nEMC\n");
#undef INSERT
	return out;
}

/* zlib's inflate of n bytes at p, or NULL if they are not a complete zlib stream. */
static GByteArray *
inflate_bytes(const char *p, gsize n)
{
	GByteArray *out = g_byte_array_new();
	z_stream z;
	guint8 buf[65536];
	int r;

	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK) {
		g_byte_array_free(out, TRUE);
		return NULL;
	}
	z.next_in = (Bytef *)(void *)p;
	z.avail_in = (uInt)n;
	do {
		z.next_out = buf;
		z.avail_out = sizeof(buf);
		r = inflate(&z, Z_NO_FLUSH);
		g_byte_array_append(out, buf, (guint)(sizeof(buf) - z.avail_out));
	} while (r == Z_OK);
	inflateEnd(&z);
	if (r != Z_STREAM_END) {
		g_byte_array_free(out, TRUE);
		return NULL;
	}
	return out;
}

/*
 * Elements continued.  cairo 1.16 marks content only in leaf elements and a leaf cannot stay
 * open across a page (screen.c closes it there), so a paragraph continued overleaf was two
 * elements, read as two paragraphs.  cont[k] is, for the k-th structure tag begun (the order
 * of cairo's StructElem objects), the earlier tag it continues, or -1; each continuation's
 * content goes to the element it continues (its marked content as MCR entries naming their
 * page), it leaves its parent, and the parent tree points at the element it joined.
 */

/* The end of "N G R" at p, or NULL if p is not a reference. */
static const char *
ref_end(const char *p, const char *end)
{
	const char *q = p;

	for (int part = 0; part < 3; part++) {
		while (part > 0 && q < end && pdf_space(*q))
			q++;
		if (part < 2) {
			const char *d = q;

			while (q < end && g_ascii_isdigit(*q))
				q++;
			if (q == d || q >= end || !pdf_space(*q))
				return NULL;
		} else if (q < end && *q == 'R' && (q + 1 == end || pdf_space(q[1]) || pdf_delim(q[1])))
			return q + 1;
		else
			return NULL;
	}
	return NULL;
}

/* The items of the /K value at p (an array's elements, or the one value), newly allocated
 * strings into items; the value's end. */
static const char *
k_items(const char *p, const char *end, GPtrArray *items)
{
	gboolean arr, op;

	while (p < end && pdf_space(*p))
		p++;
	if ((arr = p < end && *p == '['))
		p++;
	while (p < end) {
		const char *q;

		while (p < end && pdf_space(*p))
			p++;
		if (p >= end)
			break;
		if (arr && *p == ']')
			return p + 1;
		if (p[0] == '<' && p + 1 < end && p[1] == '<') {
			if ((q = dict_end(p, end)) == NULL)
				return end;
		} else if ((q = ref_end(p, end)) == NULL)
			q = content_token(p, end, &op);
		g_ptr_array_add(items, g_strndup(p, (gsize)(q - p)));
		p = q;
		if (!arr)
			return p;
	}
	return p;
}

/* The number of the object the entry `key` (e.g. "\n   /P ") of dict d0..d1 refers to, or 0. */
static unsigned
dict_ref(const char *d0, const char *d1, const char *key)
{
	const char *k = find_bytes(d0, (gsize)(d1 - d0), key);
	unsigned n;

	return k != NULL && read_obj(k + strlen(key), d1, &n) != NULL ? n : 0;
}

/* A structure element being changed: its /K items (the ones it had, those it gains). */
struct elem_edit {
	const char	*d0, *d1;	/* its dictionary */
	const char	*k0, *k1;	/* its /K value */
	GPtrArray	*items;
	unsigned	 parent;	/* its new parent, or 0 */
};

static void
elem_edit_free(gpointer p)
{
	struct elem_edit *e = p;

	g_ptr_array_unref(e->items);
	g_free(e);
}

/* The edit of element num (its dictionary at d0), made on first use; NULL if it has no /K. */
static struct elem_edit *
elem_edit(GHashTable *edits, unsigned num, const char *d0, const char *d1)
{
	struct elem_edit *e = g_hash_table_lookup(edits, GUINT_TO_POINTER(num));
	const char *k;

	if (e != NULL)
		return e;
	if ((k = find_bytes(d0, (gsize)(d1 - d0), "\n   /K ")) == NULL)
		return NULL;
	e = g_new0(struct elem_edit, 1);
	e->d0 = d0;
	e->d1 = d1;
	e->k0 = k + 6;
	e->items = g_ptr_array_new_with_free_func(g_free);
	e->k1 = k_items(e->k0, d1 - 2, e->items);
	g_hash_table_insert(edits, GUINT_TO_POINTER(num), e);
	return e;
}

static void
string_free(gpointer s)
{
	g_string_free(s, TRUE);
}

/* The objects to write again (number -> GString, the object's text between "obj" and
 * "endobj") for the continued elements of cont. */
static GHashTable *
merge_continued(const char *data, const char *xref, unsigned count, gsize limit, const GArray *cont)
{
	GHashTable *out = g_hash_table_new_full(NULL, NULL, NULL, string_free);
	GHashTable *edits, *repl, *gone, *drop, *dropped_from;
	GArray *elems;			/* unsigned: the StructElem objects in order */
	const char **d0s, **d1s;

	if (cont == NULL || cont->len == 0)
		return out;
	d0s = g_new0(const char *, count);
	d1s = g_new0(const char *, count);
	elems = g_array_new(FALSE, FALSE, sizeof(unsigned));
	for (unsigned i = 0; i < count; i++) {
		const char *e = xref + (gsize)i * 20;
		unsigned long off;

		if (e[17] != 'n' || read_digits(e, e + 10, 10, &off) == NULL || off >= limit)
			continue;
		d0s[i] = find_bytes(data + off, MIN((gsize)64, limit - off), "<<");
		if (d0s[i] == NULL) {
			d0s[i] = find_bytes(data + off, MIN((gsize)32, limit - off), "\n[");
			if (d0s[i] != NULL)
				d1s[i] = find_bytes(d0s[i], limit - (gsize)(d0s[i] - data), "\nendobj");
			continue;
		}
		d1s[i] = dict_end(d0s[i], data + limit);
		if (d1s[i] != NULL && g_str_has_prefix(d0s[i], "<< /Type /StructElem"))
			g_array_append_val(elems, i);
	}
	edits = g_hash_table_new_full(NULL, NULL, NULL, elem_edit_free);
	repl = g_hash_table_new(NULL, NULL);
	gone = g_hash_table_new(NULL, NULL);
	drop = g_hash_table_new(NULL, NULL);		/* elements leaving their parent */
	dropped_from = g_hash_table_new(NULL, NULL);	/* ... which parent */
	for (guint k = 0; k < cont->len && k < elems->len; k++) {
		gint t = g_array_index(cont, gint, k);
		unsigned c = g_array_index(elems, unsigned, k), to, parent, page;
		struct elem_edit *ce, *te;
		const char *ck;
		GPtrArray *items;

		if (t <= -2 && (guint)(-2 - t) < k) {
			/* a link's words: the Link element goes inside the paragraph, in its place */
			to = g_array_index(elems, unsigned, -2 - t);
			parent = dict_ref(d0s[c], d1s[c], "\n   /P ");
			if (parent == 0 || parent >= count || d1s[parent] == NULL ||
			    (te = elem_edit(edits, to, d0s[to], d1s[to])) == NULL ||
			    elem_edit(edits, parent, d0s[parent], d1s[parent]) == NULL ||
			    (ce = elem_edit(edits, c, d0s[c], d1s[c])) == NULL)
				continue;
			g_ptr_array_add(te->items, g_strdup_printf("%u 0 R", c));
			ce->parent = to;
			g_hash_table_add(drop, GUINT_TO_POINTER(c));
			g_hash_table_insert(dropped_from, GUINT_TO_POINTER(c), GUINT_TO_POINTER(parent));
			continue;
		}
		if (t < 0 || (guint)t >= k)
			continue;
		to = g_array_index(elems, unsigned, t);
		parent = dict_ref(d0s[c], d1s[c], "\n   /P ");
		page = dict_ref(d0s[c], d1s[c], "\n   /Pg ");
		if (parent == 0 || parent >= count || d1s[parent] == NULL || page == 0 ||
		    (ck = find_bytes(d0s[c], (gsize)(d1s[c] - d0s[c]), "\n   /K ")) == NULL ||
		    (te = elem_edit(edits, to, d0s[to], d1s[to])) == NULL ||
		    elem_edit(edits, parent, d0s[parent], d1s[parent]) == NULL)
			continue;
		items = g_ptr_array_new_with_free_func(g_free);
		k_items(ck + 6, d1s[c] - 2, items);
		if ((ce = g_hash_table_lookup(edits, GUINT_TO_POINTER(c))) != NULL) {
			/* it had gained items itself (it continues one that was continued): those too */
			g_ptr_array_set_size(items, 0);
			for (guint i = 0; i < ce->items->len; i++)
				g_ptr_array_add(items, g_strdup(ce->items->pdata[i]));
		}
		for (guint i = 0; i < items->len; i++) {
			const char *it = items->pdata[i];

			if (g_ascii_isdigit(it[0]) && ref_end(it, it + strlen(it)) == NULL)
				g_ptr_array_add(te->items, g_strdup_printf("<< /Type /MCR /Pg %u 0 R /MCID %s >>", page, it));
			else
				g_ptr_array_add(te->items, g_strdup(it));
		}
		g_ptr_array_unref(items);
		g_hash_table_insert(repl, GUINT_TO_POINTER(c), GUINT_TO_POINTER(to));
		g_hash_table_add(gone, GUINT_TO_POINTER(c));
		g_hash_table_add(drop, GUINT_TO_POINTER(c));
		g_hash_table_insert(dropped_from, GUINT_TO_POINTER(c), GUINT_TO_POINTER(parent));
	}
	/* the elements changed: a parent without its continuations, an element with their items */
	{
		GHashTableIter it;
		gpointer key, val;

		g_hash_table_iter_init(&it, edits);
		while (g_hash_table_iter_next(&it, &key, &val)) {
			const struct elem_edit *e = val;
			GString *s;

			if (g_hash_table_contains(gone, key))
				continue;
			s = g_string_new(NULL);
			g_string_append_len(s, e->d0, e->k0 - e->d0);
			g_string_append(s, "[");
			for (guint i = 0; i < e->items->len; i++) {
				const char *item = e->items->pdata[i];
				unsigned n;

				if (sscanf(item, "%u 0 R", &n) == 1 && ref_end(item, item + strlen(item)) != NULL &&
				    g_hash_table_contains(drop, GUINT_TO_POINTER(n)) &&
				    GPOINTER_TO_UINT(g_hash_table_lookup(dropped_from, GUINT_TO_POINTER(n))) == GPOINTER_TO_UINT(key))
					continue;
				g_string_append_printf(s, " %s", item);
			}
			g_string_append(s, " ]");
			g_string_append_len(s, e->k1, e->d1 - e->k1);
			if (e->parent != 0) {
				char *p = strstr(s->str, "\n   /P ");
				unsigned old;
				int len = 0;

				if (p != NULL && sscanf(p + 7, "%u 0 R%n", &old, &len) == 1 && len > 0) {
					char *by = g_strdup_printf("%u 0 R", e->parent);

					g_string_erase(s, p + 7 - s->str, len);
					g_string_insert(s, p + 7 - s->str, by);
					g_free(by);
				}
			}
			g_hash_table_insert(out, key, s);
		}
	}
	/* the parent tree: its number tree and its arrays, pointing at the elements joined */
	for (unsigned i = 0; g_hash_table_size(repl) > 0 && i < count; i++) {
		const char *p, *e = d1s[i];
		GString *s;
		gboolean changed = FALSE;

		if (d0s[i] == NULL || e == NULL || g_hash_table_contains(out, GUINT_TO_POINTER(i)) ||
		    !(g_str_has_prefix(d0s[i], "<< /Nums") || d0s[i][0] == '\n'))
			continue;
		p = d0s[i][0] == '\n' ? d0s[i] + 1 : d0s[i];
		s = g_string_new(NULL);
		while (p < e) {
			const char *r = g_ascii_isdigit(*p) && (p == d0s[i] || !g_ascii_isdigit(p[-1])) ? ref_end(p, e) : NULL;
			unsigned n;
			gpointer to;

			if (r != NULL && read_obj(p, e, &n) != NULL &&
			    g_hash_table_lookup_extended(repl, GUINT_TO_POINTER(n), NULL, &to)) {
				g_string_append_printf(s, "%u 0 R", GPOINTER_TO_UINT(to));
				p = r;
				changed = TRUE;
			} else
				g_string_append_c(s, *p++);
		}
		if (changed)
			g_hash_table_insert(out, GUINT_TO_POINTER(i), s);
		else
			g_string_free(s, TRUE);
	}
	g_hash_table_destroy(edits);
	g_hash_table_destroy(repl);
	g_hash_table_destroy(gone);
	g_hash_table_destroy(drop);
	g_hash_table_destroy(dropped_from);
	g_array_free(elems, TRUE);
	g_free(d0s);
	g_free(d1s);
	return out;
}

/* An object of the file, where it is. */
struct object {
	unsigned	 num;
	gsize		 at, end;	/* its bytes, from "N 0 obj" up to the next object */
};

static gint
by_offset(gconstpointer a, gconstpointer b)
{
	const struct object *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

/*
 * A stream written again.  cairo compresses every page's content, which is then inflated here
 * to mark its artifacts and compressed again; main() asks cairo (CAIRO_DEBUG_PDF, its only way)
 * to leave the content streams and the ToUnicode maps uncompressed, and each is compressed
 * once, here (SCREEN_LEVEL, libdeflate): a quarter of the stage's time was the first deflate
 * and the inflate.  Either way the file is the same.  The streams are
 * independent: they are rewritten on several threads (rewrite_all).
 */
struct rewrite {
	const char	*at, *end;	/* the object's bytes */
	unsigned	 num;
	gboolean	 content;	/* a page's content (else a stream cairo would compress) */
	GString		*out;		/* the object written again, NULL: as it was */
	unsigned	 len_obj;	/* the object holding its /Length, or 0 */
	unsigned long	 length;	/* ... its new value */
	gboolean	 done;		/* ahead (fix_ahead_scan) */
};

/* The stream's data (st..*es) and whether it is Flate-compressed; FALSE if it is not a stream
 * this can read (another filter, decode parameters). */
static gboolean
stream_data(const char *p, const char *end, const char **st, const char **es, gboolean *flate, unsigned *len_obj)
{
	const char *d0, *d1, *l, *q;

	*es = NULL;
	*len_obj = 0;
	if ((d0 = find_bytes(p, MIN((gsize)64, (gsize)(end - p)), "<<")) == NULL || (d1 = dict_end(d0, end)) == NULL ||
	    find_bytes(d0, (gsize)(d1 - d0), "/DecodeParms") != NULL ||
	    (*st = find_bytes(d1, (gsize)(end - d1), "stream")) == NULL)
		return FALSE;
	*flate = find_bytes(d0, (gsize)(d1 - d0), "/FlateDecode") != NULL;
	if (!*flate && find_bytes(d0, (gsize)(d1 - d0), "/Filter") != NULL)
		return FALSE;
	if ((l = find_bytes(d0, (gsize)(d1 - d0), "/Length ")) != NULL && ref_end(l + 8, d1) != NULL)
		read_obj(l + 8, d1, len_obj);
	*st += 6;
	if (*st < end && **st == '\r')
		(*st)++;
	if (*st < end && **st == '\n')
		(*st)++;
	/* the last "endstream" (compressed data may hold the word), looked for from the end */
	for (q = end - 9; q >= *st && *es == NULL; q--)
		if (*q == 'e' && memcmp(q, "endstream", 9) == 0)
			*es = q;
	if (*es == NULL)
		return FALSE;
	/* cairo ends the data with a newline of its own before "endstream" */
	if (!*flate && *es > *st && (*es)[-1] == '\n')
		(*es)--;
	return TRUE;
}

/* libdeflate's level (flate.h) for the streams compressed here: the fastest whose files are no
 * larger than cairo's zlib at its default level (6) made them.  libdeflate's 5 made the screen
 * PDFs 0.07 % larger (bundled edition, both languages, and the stress edition). */
#define SCREEN_LEVEL	6

/* A page's content stream marked and compressed ahead, while the next pages are painted. */
struct ahead_job {
	gsize		 at;		/* the object's offset in cairo's bytes */
	char		*data;		/* a copy of its plain content */
	gsize		 len;
	guint8		*z;		/* the content marked and compressed; NULL: not done */
	gsize		 zlen;
};

struct fix_ahead {
	GThreadPool	*pool;
	GPtrArray	*jobs;		/* struct ahead_job * */
	gsize		 scanned;	/* cairo's bytes looked at so far */
};

static void
ahead_job_free(gpointer p)
{
	struct ahead_job *j = p;

	g_free(j->data);
	g_free(j->z);
	g_free(j);
}

static void
ahead_run(gpointer p, gpointer user)
{
	struct ahead_job *j = p;
	GString *m = mark_artifacts(j->data, j->len);

	(void)user;
	j->z = flate_bytes(SCREEN_LEVEL, m->str, m->len, &j->zlen);	/* kept until the end */
	g_string_free(m, TRUE);
	g_free(j->data);
	j->data = NULL;
}

struct fix_ahead *
fix_ahead_new(guint threads)
{
	struct fix_ahead *a;
	GThreadPool *pool;

	if (threads < 2 || (pool = g_thread_pool_new(ahead_run, NULL, (gint)threads - 1, FALSE, NULL)) == NULL)
		return NULL;
	a = g_new0(struct fix_ahead, 1);
	a->pool = pool;
	a->jobs = g_ptr_array_new_with_free_func(ahead_job_free);
	return a;
}

static gboolean plain_stream(const char *, const char *);

void
fix_ahead_scan(struct fix_ahead *a, const GByteArray *pdf)
{
	const char *data = (const char *)pdf->data, *end = data + pdf->len, *h;

	if (a == NULL || a->pool == NULL)
		return;
	while ((h = memmem(data + a->scanned, (gsize)(end - data - a->scanned), " 0 obj\n<< /Length ", 18)) != NULL) {
		const char *o = h, *st, *es;
		struct ahead_job *j;

		while (o > data && g_ascii_isdigit(o[-1]))
			o--;
		if (o == h || (o > data && o[-1] != '\n') || !plain_stream(o, end)) {
			if (end - h < 64) {
				a->scanned = (gsize)(o - data);	/* perhaps not all written yet */
				return;
			}
			a->scanned = (gsize)(h + 18 - data);
			continue;
		}
		st = (const char *)memmem(h, (gsize)(end - h), "\n>>\nstream\n", 11) + 11;
		if ((es = memmem(st, (gsize)(end - st), "\nendstream\n", 11)) == NULL) {
			a->scanned = (gsize)(o - data);	/* not all written yet */
			return;
		}
		j = g_new0(struct ahead_job, 1);
		j->at = (gsize)(o - data);
		j->len = (gsize)(es - st);
		j->data = g_memdup2(st, j->len);
		g_ptr_array_add(a->jobs, j);
		g_thread_pool_push(a->pool, j, NULL);
		a->scanned = (gsize)(es - data);
	}
	/* a header cut at the end is looked at again next time */
	a->scanned = MAX(a->scanned, pdf->len > 32 ? pdf->len - 32 : 0);
}

/* The work ahead finished. */
static void
fix_ahead_wait(struct fix_ahead *a)
{
	if (a != NULL && a->pool != NULL) {
		g_thread_pool_free(a->pool, FALSE, TRUE);
		a->pool = NULL;
	}
}

void
fix_ahead_free(struct fix_ahead *a)
{
	if (a == NULL)
		return;
	fix_ahead_wait(a);
	g_ptr_array_unref(a->jobs);
	g_free(a);
}

/* r's data compressed (a page's content with its artifacts marked first) into r->out. */
static void
rewrite_one(struct rewrite *r)
{
	const char *st, *es;
	gboolean flate;
	GByteArray *plain = NULL;
	GString *marked = NULL;
	const char *data;
	gsize len;
	gsize zlen;
	guint8 *z;

	if (!stream_data(r->at, r->end, &st, &es, &flate, &r->len_obj) || (!r->content && flate))
		return;
	if (flate) {
		if ((plain = inflate_bytes(st, (gsize)(es - st))) == NULL)
			return;
		data = (const char *)plain->data;
		len = plain->len;
	} else {
		data = st;
		len = (gsize)(es - st);
	}
	if (r->content) {
		marked = mark_artifacts(data, len);
		data = marked->str;
		len = marked->len;
	}
	if ((z = flate_bytes(SCREEN_LEVEL, data, len, &zlen)) != NULL) {
		r->out = g_string_sized_new(zlen + 128);
		if (r->content)
			g_string_append_printf(r->out, "%u 0 obj\n<< /Length %lu\n   /Filter /FlateDecode\n>>\nstream\n",
			    r->num, (unsigned long)zlen);
		else
			g_string_append_printf(r->out, "%u 0 obj\n<< /Length %u 0 R\n   /Filter /FlateDecode\n>>\nstream\n",
			    r->num, r->len_obj);
		g_string_append_len(r->out, (const char *)z, (gssize)zlen);
		g_string_append(r->out, "\nendstream\nendobj\n");
		r->length = zlen;
	}
	if (r->out == NULL && !r->content)
		r->len_obj = 0;	/* left as it was: so is its length */
	g_free(z);
	if (marked != NULL)
		g_string_free(marked, TRUE);
	if (plain != NULL)
		g_byte_array_free(plain, TRUE);
}

/* The rewrites shared by the threads: each takes the next one not taken. */
struct rewrite_all {
	struct rewrite	*r;
	guint		 n;
	gint		 next;
};

static gpointer
rewrite_worker(gpointer p)
{
	struct rewrite_all *all = p;

	for (gint i; (i = g_atomic_int_add(&all->next, 1)) < (gint)all->n;)
		if (!all->r[i].done)
			rewrite_one(&all->r[i]);
	return NULL;
}

/* Every rewrite done, on up to `threads` threads (this one included). */
static void
rewrite_all(struct rewrite *r, guint n, guint threads)
{
	struct rewrite_all all = { r, n, 0 };
	GThread *t[8];
	guint nt = 0;

	threads = MIN(MIN(threads, G_N_ELEMENTS(t) + 1), n / 4 + 1);
	for (guint i = 1; i < threads; i++)
		if ((t[nt] = g_thread_try_new("pdf-streams", rewrite_worker, &all, NULL)) != NULL)
			nt++;
	rewrite_worker(&all);
	for (guint i = 0; i < nt; i++)
		g_thread_join(t[i]);
}

/* A cross-reference entry "%010lu 00000 n \n" for offset off, written by hand: one per object
 * (50,000 for the stress booklet), a printf each was 5 % of fix_cairo_artifacts. */
static void
xref_entry(GString *s, gsize off)
{
	char e[20];

	memcpy(e + 10, " 00000 n \n", 10);
	for (int k = 9; k >= 0; k--, off /= 10)
		e[k] = (char)('0' + off % 10);
	g_string_append_len(s, e, 20);
}

/* Bytes of the file written again. */
struct piece {
	const char	*p;
	gsize		 n;
};

/* Whether the object at p..end is a stream cairo leaves uncompressed only when asked to
 * (CAIRO_DEBUG_PDF): "<< /Length N 0 R\n>>" and its data. */
static gboolean
plain_stream(const char *p, const char *end)
{
	const char *d = find_bytes(p, MIN((gsize)32, (gsize)(end - p)), "\n<< /Length "), *r;

	return d != NULL && (r = ref_end(d + 12, end)) != NULL && (gsize)(end - r) > 13 &&
	    memcmp(r, "\n>>\nstream\n", 11) == 0;
}

/* The object holding the /Length of plain_stream p. */
static unsigned
plain_len_obj(const char *p, const char *end)
{
	const char *d = find_bytes(p, MIN((gsize)32, (gsize)(end - p)), "\n<< /Length ");
	unsigned n = 0;

	if (d != NULL)
		read_obj(d + 12, end, &n);
	return n;
}

/* Whether the object at p..end is a length as cairo writes one: "N 0 obj\n   LENGTH\nendobj\n". */
static gboolean
length_object(const char *p, const char *end)
{
	const char *q = memchr(p, '\n', MIN((gsize)16, (gsize)(end - p)));

	if (q == NULL || (gsize)(end - q) < 12 || memcmp(q, "\n   ", 4) != 0)
		return FALSE;
	for (q += 4; q < end && g_ascii_isdigit(*q); q++)
		;
	return (gsize)(end - q) == 8 && memcmp(q, "\nendobj\n", 8) == 0;
}

/*
 * Every page's content stream with its artifacts marked (mark_artifacts).  The file is written
 * again, object by object in cairo's order, the content streams changed (and the lengths cairo
 * wrote for them), with a new cross-reference table and cairo's trailer: no old stream is left
 * behind in the file.  The file written again is returned and `pdf` freed (no copy back).
 */
GByteArray *
fix_cairo_artifacts(GByteArray *pdf, const GArray *cont, guint threads, struct fix_ahead *ahead)
{
	const char *data = (const char *)pdf->data, *end = data + pdf->len, *xr, *x, *tr, *t0, *t1, *sx;
	unsigned first, count;
	GArray *objs;
	GHashTable *contents, *merged;
	GString *out;
	char *free_gen;
	gsize xref_at, out_len;
	struct rewrite *rw;
	guint nrw = 0;
	unsigned long *lengths;		/* per object: its new value + 1 if it is a length, or 0 */

	if ((xr = last_bytes(pdf, "\nxref\n")) == NULL || (x = read_obj(xr + 6, end, &first)) == NULL || read_obj(x, end, &count) == NULL || first != 0 ||
	    (x = memchr(xr + 6, '\n', (gsize)(end - xr - 6))) == NULL || (tr = last_bytes(pdf, "\ntrailer")) == NULL ||
	    (sx = last_bytes(pdf, "\nstartxref")) == NULL || tr < xr ||
	    (t0 = g_strstr_len(tr, sx - tr, "<<")) == NULL || (t1 = dict_end(t0, sx)) == NULL)
		return pdf;
	x++;
	xref_at = (gsize)(xr + 1 - data);
	if ((gsize)(end - x) < (gsize)count * 20)
		return pdf;
	objs = g_array_new(FALSE, FALSE, sizeof(struct object));
	free_gen = g_new0(char, count);
	for (unsigned i = 0; i < count; i++) {
		const char *e = x + (gsize)i * 20;
		unsigned long off;
		struct object o;

		if (e[17] != 'n' || read_digits(e, e + 10, 10, &off) == NULL || off >= xref_at) {
			free_gen[i] = 1;
			continue;
		}
		o.num = i;
		o.at = off;
		o.end = xref_at;
		g_array_append_val(objs, o);
	}
	g_array_sort(objs, by_offset);
	for (guint i = 0; i + 1 < objs->len; i++)
		g_array_index(objs, struct object, i).end = g_array_index(objs, struct object, i + 1).at;
	/* the pages' content streams */
	contents = g_hash_table_new(NULL, NULL);
	for (guint i = 0; i < objs->len; i++) {
		const struct object *o = &g_array_index(objs, struct object, i);
		const char *d0 = find_bytes(data + o->at, MIN((gsize)64, o->end - o->at), "<<"), *d1, *c;
		unsigned n;

		if (d0 == NULL || !g_str_has_prefix(d0, "<< /Type /Page") || d0[14] == 's' ||
		    (d1 = dict_end(d0, data + o->end)) == NULL)
			continue;
		if ((c = find_bytes(d0, (gsize)(d1 - d0), "/Contents ")) != NULL && read_obj(c + 10, d1, &n) != NULL)
			g_hash_table_add(contents, GUINT_TO_POINTER(n));
	}
	if (objs->len == 0 || g_hash_table_size(contents) == 0) {
		g_hash_table_destroy(contents);
		g_array_free(objs, TRUE);
		g_free(free_gen);
		return pdf;
	}
	merged = merge_continued(data, x, count, xref_at, cont);
	/* the streams to write again, on several threads */
	rw = g_new0(struct rewrite, objs->len);
	for (guint i = 0; i < objs->len; i++) {
		const struct object *o = &g_array_index(objs, struct object, i);
		gboolean content = g_hash_table_contains(contents, GUINT_TO_POINTER(o->num));

		if (g_hash_table_contains(merged, GUINT_TO_POINTER(o->num)) ||
		    (!content && !plain_stream(data + o->at, data + o->end)))
			continue;
		rw[nrw].at = data + o->at;
		rw[nrw].end = data + o->end;
		rw[nrw].num = o->num;
		rw[nrw].content = content;
		nrw++;
	}
	/* the pages' contents done ahead (fix_ahead_scan) are not done again */
	fix_ahead_wait(ahead);
	if (ahead != NULL && ahead->jobs->len > 0) {
		GHashTable *at = g_hash_table_new(NULL, NULL);

		for (guint i = 0; i < ahead->jobs->len; i++) {
			struct ahead_job *j = ahead->jobs->pdata[i];

			if (j->z != NULL)
				g_hash_table_insert(at, GSIZE_TO_POINTER(j->at), j);
		}
		for (guint i = 0; i < nrw; i++) {
			struct rewrite *r = &rw[i];
			struct ahead_job *j = r->content ? g_hash_table_lookup(at, GSIZE_TO_POINTER((gsize)(r->at - data))) : NULL;

			if (j == NULL || !plain_stream(r->at, r->end))
				continue;
			r->len_obj = plain_len_obj(r->at, r->end);
			r->out = g_string_sized_new(j->zlen + 128);
			g_string_append_printf(r->out, "%u 0 obj\n<< /Length %lu\n   /Filter /FlateDecode\n>>\nstream\n",
			    r->num, (unsigned long)j->zlen);
			g_string_append_len(r->out, (const char *)j->z, (gssize)j->zlen);
			g_string_append(r->out, "\nendstream\nendobj\n");
			r->length = j->zlen;
			r->done = TRUE;
			g_free(j->z);	/* not held twice */
			j->z = NULL;
		}
		g_hash_table_destroy(at);
	}
	rewrite_all(rw, nrw, threads);
	lengths = g_new0(unsigned long, count);
	for (guint i = 0; i < nrw; i++)
		if (rw[i].out != NULL && rw[i].len_obj != 0 && rw[i].len_obj < count)
			lengths[rw[i].len_obj] = rw[i].length + 1;
	{
		struct piece *pc = g_new(struct piece, objs->len);
		GPtrArray *made = g_ptr_array_new_with_free_func(g_free);
		gsize *offsets = g_new0(gsize, count), w;
		gboolean in_place = TRUE;
		guint next = 0;
		GString *tail;

		/* each object's bytes in the new file: as it was, or written again */
		for (guint i = 0; i < objs->len; i++) {
			const struct object *o = &g_array_index(objs, struct object, i);
			const GString *m = g_hash_table_lookup(merged, GUINT_TO_POINTER(o->num));
			struct rewrite *r = next < nrw && rw[next].num == o->num ? &rw[next++] : NULL;
			char *t = NULL;

			if (m != NULL)
				t = g_strdup_printf("%u 0 obj\n%s\nendobj\n", o->num, m->str);
			else if (lengths[o->num] != 0 && length_object(data + o->at, data + o->end))
				t = g_strdup_printf("%u 0 obj\n   %lu\nendobj\n", o->num, lengths[o->num] - 1);
			if (t != NULL) {
				g_ptr_array_add(made, t);
				pc[i].p = t;
				pc[i].n = strlen(t);
			} else if (r != NULL && r->out != NULL) {
				pc[i].p = r->out->str;
				pc[i].n = r->out->len;
			} else {
				pc[i].p = data + o->at;
				pc[i].n = o->end - o->at;
			}
		}
		/* Written over the old bytes when no object's new bytes reach past its old end (the
		 * compressed content is a third of cairo's plain content): no second copy of the
		 * file in memory.  Otherwise (a cairo that compressed the content itself, whose
		 * content grows by its artifact marks) into a new buffer. */
		w = g_array_index(objs, struct object, 0).at;
		for (guint i = 0; i < objs->len && in_place; i++) {
			w += pc[i].n;
			in_place = w <= g_array_index(objs, struct object, i).end;
		}
		out = in_place ? NULL : g_string_sized_new(pdf->len);
		if (out != NULL)
			g_string_append_len(out, data, (gssize)g_array_index(objs, struct object, 0).at);
		w = g_array_index(objs, struct object, 0).at;
		for (guint i = 0; i < objs->len; i++) {
			offsets[g_array_index(objs, struct object, i).num] = w;
			if (out != NULL)
				g_string_append_len(out, pc[i].p, (gssize)pc[i].n);
			else
				memmove(pdf->data + w, pc[i].p, pc[i].n);
			w += pc[i].n;
		}
		/* the cross-reference table and the trailer, made before they are written over */
		tail = g_string_sized_new((gsize)count * 20 + (gsize)(t1 - t0) + 64);
		g_string_append_printf(tail, "xref\n0 %u\n", count);
		for (unsigned i = 0; i < count; i++)
			if (free_gen[i])
				g_string_append_len(tail, x + (gsize)i * 20, 20);
			else
				xref_entry(tail, offsets[i]);
		g_string_append(tail, "trailer\n");
		g_string_append_len(tail, t0, t1 - t0);
		g_string_append_printf(tail, "\nstartxref\n%lu\n%%%%EOF\n", (unsigned long)w);
		if (out != NULL)
			g_string_append_len(out, tail->str, (gssize)tail->len);
		else {
			g_byte_array_set_size(pdf, (guint)w);
			g_byte_array_append(pdf, (const guint8 *)tail->str, (guint)tail->len);
		}
		g_string_free(tail, TRUE);
		for (guint i = 0; i < nrw; i++)
			if (rw[i].out != NULL)
				g_string_free(rw[i].out, TRUE);
		g_ptr_array_unref(made);
		g_free(pc);
		g_free(offsets);
	}
	g_hash_table_destroy(merged);
	g_hash_table_destroy(contents);
	g_array_free(objs, TRUE);
	g_free(free_gen);
	g_free(rw);
	g_free(lengths);
	if (out == NULL)
		return pdf;
	g_byte_array_free(pdf, TRUE);
	out_len = out->len;
	return g_byte_array_new_take((guint8 *)g_string_free(out, FALSE), out_len);
}
