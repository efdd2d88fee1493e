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

/*
 * cairo 1.16 has no call for the document's language (/Lang in the catalog, which screen
 * readers and search engines use).  It goes in as an incremental update, the PDF's own way of
 * amending a file: the catalog again with /Lang, a cross-reference section for that one object,
 * and a trailer pointing back (/Prev) at cairo's.  Nothing cairo wrote moves.
 */
void
fix_cairo_lang(GByteArray *pdf, const char *lang)
{
	const char *end = (const char *)pdf->data + pdf->len, *tr, *sx, *obj, *d0, *d1, *t0, *t1, *r;
	unsigned root;
	unsigned long prev, off, xref;
	char head[32];
	GString *add;

	if (lang == NULL || (tr = last_bytes(pdf, "\ntrailer")) == NULL ||
	    (sx = last_bytes(pdf, "\nstartxref")) == NULL || sscanf(sx + 10, "%lu", &prev) != 1)
		return;
	if ((t0 = g_strstr_len(tr, sx - tr, "<<")) == NULL || (t1 = dict_end(t0, sx)) == NULL)
		return;
	if ((r = g_strstr_len(t0, t1 - t0, "/Root")) == NULL || sscanf(r + 5, "%u", &root) != 1)
		return;
	g_snprintf(head, sizeof(head), "\n%u 0 obj", root);
	/* bytes, not g_strstr_len: the streams before it hold NULs */
	if ((obj = find_bytes((const char *)pdf->data, pdf->len, head)) == NULL ||
	    (d0 = find_bytes(obj, (gsize)(end - obj), "<<")) == NULL || (d1 = dict_end(d0, end)) == NULL)
		return;
	add = g_string_new(NULL);
	off = pdf->len + 1;
	g_string_append_printf(add, "\n%u 0 obj\n", root);
	g_string_append_len(add, d0, d1 - 2 - d0);
	g_string_append_printf(add, " /Lang (%s)\n>>\nendobj\n", lang);
	xref = pdf->len + add->len;
	g_string_append_printf(add, "xref\n%u 1\n%010lu 00000 n \ntrailer\n", root, off);
	g_string_append_len(add, t0, t1 - 2 - t0);
	g_string_append_printf(add, " /Prev %lu\n>>\nstartxref\n%lu\n%%%%EOF\n", prev, xref);
	g_byte_array_append(pdf, (const guint8 *)add->str, (guint)add->len);
	g_string_free(add, TRUE);
}
