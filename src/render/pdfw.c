/* pdfw.c: a PDF file written object by object (pdfw.h). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "flate.h"
#include "pdfw.h"

struct pdfw {
	GString	*out;		/* the file so far */
	GArray	*offsets;	/* gsize per object number (index 0 unused); 0: not written */
	unsigned open;		/* the object being written, 0: none */
};

struct pdfw *
pdfw_new(const char *version)
{
	struct pdfw *w = g_new0(struct pdfw, 1);
	gsize none = 0;

	w->out = g_string_sized_new(1 << 20);
	w->offsets = g_array_new(FALSE, TRUE, sizeof(gsize));
	g_array_append_val(w->offsets, none);
	/* the binary comment tells transfer programs the file is not text */
	g_string_append_printf(w->out, "%%PDF-%s\n%%\xe2\xe3\xcf\xd3\n", version);
	return w;
}

void
pdfw_free(struct pdfw *w)
{
	if (w == NULL)
		return;
	g_string_free(w->out, TRUE);
	g_array_free(w->offsets, TRUE);
	g_free(w);
}

unsigned
pdfw_reserve(struct pdfw *w)
{
	gsize none = 0;

	g_array_append_val(w->offsets, none);
	return w->offsets->len - 1;
}

GString *
pdfw_begin(struct pdfw *w, unsigned *num)
{
	g_return_val_if_fail(w->open == 0, w->out);
	if (*num == 0)
		*num = pdfw_reserve(w);
	g_return_val_if_fail(*num < w->offsets->len && g_array_index(w->offsets, gsize, *num) == 0, w->out);
	g_array_index(w->offsets, gsize, *num) = w->out->len;
	w->open = *num;
	pdf_scaled(w->out, *num, 0, ' ');
	pdf_put(w->out, "0 obj\n", 6);
	return w->out;
}

void
pdfw_end(struct pdfw *w)
{
	pdf_lit(w->out, "\nendobj\n");
	w->open = 0;
}

unsigned
pdfw_obj(struct pdfw *w, unsigned num, const char *fmt, ...)
{
	GString *s = pdfw_begin(w, &num);
	va_list ap;

	va_start(ap, fmt);
	g_string_append_vprintf(s, fmt, ap);
	va_end(ap);
	pdfw_end(w);
	return num;
}

unsigned
pdfw_stream(struct pdfw *w, unsigned num, const char *dict, const void *data, gsize len,
    gboolean deflated)
{
	GString *s = pdfw_begin(w, &num);

	g_string_append_printf(s, "<<%s%s /Length %" G_GSIZE_FORMAT "%s >>\nstream\n",
	    *dict != '\0' ? " " : "", dict, len, deflated ? " /Filter /FlateDecode" : "");
	g_string_append_len(s, data, (gssize)len);
	g_string_append(s, "\nendstream");
	pdfw_end(w);
	return num;
}

unsigned
pdfw_stream_deflate(struct pdfw *w, unsigned num, const char *dict, const void *data, gsize len,
    int level)
{
	gsize zlen;
	guint8 *z = flate_bytes(level, data, len, &zlen);

	if (z == NULL)
		return 0;
	num = pdfw_stream(w, num, dict, z, zlen, TRUE);
	g_free(z);
	return num;
}

GByteArray *
pdfw_finish(struct pdfw *w, unsigned root, unsigned info, const char *id_hex)
{
	gsize xref = w->out->len, len;
	unsigned n = w->offsets->len;

	/* each entry is 20 bytes: "OOOOOOOOOO GGGGG n\r\n"; the first heads the free list */
	g_string_append_printf(w->out, "xref\n0 %u\n0000000000 65535 f\r\n", n);
	for (unsigned i = 1; i < n; i++) {
		gsize off = g_array_index(w->offsets, gsize, i);

		if (off == 0) {
			g_string_append(w->out, "0000000000 00001 f\r\n");
		} else {
			char e[21] = "0000000000 00000 n\r\n";

			for (int k = 9; k >= 0 && off > 0; k--, off /= 10)
				e[k] = (char)('0' + off % 10);
			pdf_put(w->out, e, 20);
		}
	}
	g_string_append_printf(w->out, "trailer\n<< /Size %u /Root %u 0 R", n, root);
	if (info != 0)
		g_string_append_printf(w->out, " /Info %u 0 R", info);
	if (id_hex != NULL)
		g_string_append_printf(w->out, " /ID [<%s> <%s>]", id_hex, id_hex);
	g_string_append_printf(w->out, " >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n", xref);
	len = w->out->len;
	g_array_free(w->offsets, TRUE);
	GByteArray *b = g_byte_array_new_take((guint8 *)g_string_free(w->out, FALSE), len);
	g_free(w);
	return b;
}

/* ----- numbers and strings ----- */

const char pdf_hex_pairs[513] =
    "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F"
    "202122232425262728292A2B2C2D2E2F303132333435363738393A3B3C3D3E3F"
    "404142434445464748494A4B4C4D4E4F505152535455565758595A5B5C5D5E5F"
    "606162636465666768696A6B6C6D6E6F707172737475767778797A7B7C7D7E7F"
    "808182838485868788898A8B8C8D8E8F909192939495969798999A9B9C9D9E9F"
    "A0A1A2A3A4A5A6A7A8A9AAABACADAEAFB0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF"
    "C0C1C2C3C4C5C6C7C8C9CACBCCCDCECFD0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF"
    "E0E1E2E3E4E5E6E7E8E9EAEBECEDEEEFF0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF";

/* "00" to "99": two digits a step (most numbers are two to six digits). */
static const char pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

void
pdf_scaled(GString *s, gint64 n, int places, char sep)
{
	/* at most 23 bytes: 20 digits, '.', '-', sep */
	char buf[2 * PDF_NUM_MAX], *end = buf + PDF_NUM_MAX, *p = end;
	guint64 u = n < 0 ? -(guint64)n : (guint64)n;

	if (sep != 0)
		*--p = sep;
	/* the fraction without its trailing zeros, then the point, if any is left */
	for (; places > 0 && u % 10 == 0; places--)
		u /= 10;
	if (places > 0) {
		for (; places > 0; places--) {
			*--p = (char)('0' + u % 10);
			u /= 10;
		}
		*--p = '.';
	}
	for (; u >= 100; u /= 100) {
		p -= 2;
		memcpy(p, pairs + 2 * (u % 100), 2);
	}
	if (u >= 10) {
		p -= 2;
		memcpy(p, pairs + 2 * u, 2);
	} else {
		*--p = (char)('0' + u);
	}
	if (n < 0)
		*--p = '-';
	pdf_done(s, pdf_num_at(pdf_room(s, PDF_NUM_MAX), p, end));
}

gint64
pdf_scale(double v, int places)
{
	static const double scale[] = { 1, 10, 100, 1000, 10000 };

	if (isnan(v))
		return 0;
	return pdf_round(CLAMP(v, -PDF_MAX_REAL, PDF_MAX_REAL) * scale[places]);
}

void
pdf_ref(GString *s, unsigned num)
{
	pdf_scaled(s, num, 0, ' ');
	pdf_put(s, "0 R", 3);
}

void
pdf_num(GString *s, double v, int places, char sep)
{
	pdf_scaled(s, pdf_scale(v, places), places, sep);
}

void
pdf_text(GString *s, const char *utf8)
{
	glong n = 0;
	gunichar2 *u = g_utf8_to_utf16(utf8 != NULL ? utf8 : "", -1, NULL, &n, NULL);

	g_string_append(s, "<FEFF");
	for (glong i = 0; u != NULL && i < n; i++)
		pdf_hex4(s, u[i]);
	g_string_append_c(s, '>');
	g_free(u);
}

void
pdf_string(GString *s, const char *p)
{
	g_string_append_c(s, '(');
	for (; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '(' || c == ')' || c == '\\') {
			g_string_append_c(s, '\\');
			g_string_append_c(s, (char)c);
		} else if (c < ' ' || c > '~') {
			g_string_append_printf(s, "\\%03o", c);
		} else {
			g_string_append_c(s, (char)c);
		}
	}
	g_string_append_c(s, ')');
}

void
pdf_name(GString *s, const char *p)
{
	for (; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		/* regular characters as they are; delimiters, blanks, # and bytes outside ! .. ~ as #xx
		 * (the test for letters first: a role or a font name is letters) */
		if (!g_ascii_isalnum(c) && (c < '!' || c > '~' || strchr("#()<>[]{}/%", c) != NULL))
			g_string_append_printf(s, "#%02X", c);
		else
			g_string_append_c(s, (char)c);
	}
}
