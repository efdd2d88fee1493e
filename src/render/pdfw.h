/* pdfw.h: a PDF file written object by object, and the numbers of its page operators.
 *
 * The object writer keeps the file's bytes, each object's offset, and writes the
 * cross-reference table and the trailer at the end.  Objects are numbered first
 * (pdfw_reserve: a page's object is referred to before it is written) and written in any
 * order, each once.  A stream is written with its /Length and, when its data were deflated
 * (flate.h), its /Filter.
 *
 * The number writers append PDF numbers without printf: a page's operators are a few bytes
 * each, written a million times for a long booklet, and snprintf's %f was most of the time
 * of writing them.
 *
 * Memory: a struct pdfw owns its bytes until pdfw_finish() hands them over.
 */
#ifndef PAISANO_PDFW_H
#define PAISANO_PDFW_H

#include <math.h>
#include <string.h>

#include <glib.h>

/* PDF 1.3's implementation limit for real numbers (Appendix C): no operand may exceed it. */
#define PDF_MAX_REAL	32767.0

struct pdfw;

/* A new file with its header ("%PDF-1.7" and a binary comment). */
struct pdfw	*pdfw_new(const char *version);
void		 pdfw_free(struct pdfw *);
/* A new object number, for an object written later. */
unsigned	 pdfw_reserve(struct pdfw *);
/* Object num (0: a new number) begins: its body is appended to the returned buffer (the
 * file's), and ends at pdfw_end().  Returns the buffer; *num is set when it was 0. */
GString		*pdfw_begin(struct pdfw *, unsigned *num);
void		 pdfw_end(struct pdfw *);
/* A whole object whose body is the formatted text; returns its number (num, or a new one
 * when num is 0). */
unsigned	 pdfw_obj(struct pdfw *, unsigned num, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
/* A stream object: "<< DICT /Length N [/Filter /FlateDecode] >>" and the data.  `dict` is the
 * dictionary's other entries without the brackets ("" or "/Type /XObject ...").  If deflated,
 * data is already deflated (flate.h).  Returns its number. */
unsigned	 pdfw_stream(struct pdfw *, unsigned num, const char *dict, const void *data, gsize len,
		    gboolean deflated);
/* The same, deflated here at `level` (flate.h); 0 on out of memory. */
unsigned	 pdfw_stream_deflate(struct pdfw *, unsigned num, const char *dict, const void *data,
		    gsize len, int level);
/* The cross-reference table and the trailer ("/Root R /Info I /ID [<id><id>]", Info and ID left
 * out when 0 or NULL): the file's bytes, which the caller owns; the writer is freed.  Every
 * reserved object must have been written (an unwritten one is a free entry, read as null). */
GByteArray	*pdfw_finish(struct pdfw *, unsigned root, unsigned info, const char *id_hex);

/* ----- numbers and strings ----- */

/* len bytes appended, in place when the buffer has room. */
static inline void
pdf_put(GString *s, const char *p, gsize len)
{
	if (s->len + len < s->allocated_len) {
		memcpy(s->str + s->len, p, len);
		s->len += len;
		s->str[s->len] = '\0';
	} else {
		g_string_append_len(s, p, (gssize)len);
	}
}

/* Room for len more bytes and the NUL at the string's end: the end, where the writers
 * "..._at" below write without checks; pdf_done() then sets the length.  (A run's glyph is
 * one check, not one per piece.) */
static inline char *
pdf_room(GString *s, gsize len)
{
	if (s->len + len >= s->allocated_len) {
		gsize l = s->len;

		g_string_set_size(s, l + len);	/* grows the buffer as appending would */
		g_string_truncate(s, l);
	}
	return s->str + s->len;
}

/* The string ends at `end` (after pdf_room and writes within its room). */
static inline void
pdf_done(GString *s, char *end)
{
	s->len = (gsize)(end - s->str);
	*end = '\0';
}

/* A number's bytes p..end (at most PDF_NUM_MAX), written backwards into a buffer that holds
 * PDF_NUM_MAX more bytes after end, copied to o, which has PDF_NUM_MAX bytes of room: all
 * PDF_NUM_MAX at once (a copy of a known size is a few moves, not a call; the bytes after
 * the number are overwritten next).  Returns the number's end at o. */
#define PDF_NUM_MAX	32
static inline char *
pdf_num_at(char *o, const char *p, const char *end)
{
	memcpy(o, p, PDF_NUM_MAX);
	return o + (end - p);
}

/* A string literal appended (its length known when compiled, no strlen). */
#define pdf_lit(s, lit)	pdf_put((s), "" lit "", sizeof(lit) - 1)

/* llround(x), without the library call (most of a page's numbers go through it): the same
 * integer for every x, halves away from zero; beyond 2^52 (where every double is an integer)
 * and for a NaN it is llround's. */
static inline gint64
pdf_round(double x)
{
	gint64 r;
	double d;

	if (!(x > -4503599627370496.0 && x < 4503599627370496.0))
		return (gint64)llround(x);
	r = (gint64)x;		/* toward zero */
	d = x - (double)r;	/* exact: both have x's exponent or less */
	return r + (d >= 0.5) - (d <= -0.5);
}

/* "00" to "FF", for pdf_hex4. */
extern const char pdf_hex_pairs[513];

/* Four hex digits of v's low 16 bits (a glyph id, a UTF-16 unit), upper case, at o (4 bytes
 * of room); returns their end. */
static inline char *
pdf_hex4_at(char *o, unsigned v)
{
	memcpy(o, pdf_hex_pairs + 2 * (v >> 8 & 255), 2);
	memcpy(o + 2, pdf_hex_pairs + 2 * (v & 255), 2);
	return o + 4;
}

static inline void
pdf_hex4(GString *s, unsigned v)
{
	pdf_done(s, pdf_hex4_at(pdf_room(s, 4), v));
}

/* n / 10^places without trailing zeros ("12.5", "-0.25", "3"), then `sep` (0: none). */
void		 pdf_scaled(GString *, gint64 n, int places, char sep);
/* n / 10 ("-27.6", "34", "0.1") at o (PDF_NUM_MAX bytes of room): what pdf_scaled(s, n, 1, 0)
 * writes, for the TJ moves (a glyph in two is moved), without its general loops.  Returns
 * its end. */
static inline char *
pdf_tenths_at(char *o, gint64 n)
{
	char buf[2 * PDF_NUM_MAX], *end = buf + PDF_NUM_MAX, *p = end;
	guint64 u = n < 0 ? -(guint64)n : (guint64)n;
	guint r = (guint)(u % 10);

	if (r != 0) {
		*--p = (char)('0' + r);
		*--p = '.';
	}
	u /= 10;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (n < 0)
		*--p = '-';
	return pdf_num_at(o, p, end);
}

/* v in units of 10^-places (0 to 4), within PDF 1.3's limits (a NaN is 0). */
gint64		 pdf_scale(double v, int places);
/* An indirect reference: "NUM 0 R". */
void		 pdf_ref(GString *, unsigned num);
/* A number rounded to `places` decimals (0 to 4), then `sep` (0: none). */
void		 pdf_num(GString *, double v, int places, char sep);
/* A PDF text string: UTF-16BE with its byte order mark, in hex (any character, no escapes). */
void		 pdf_text(GString *, const char *utf8);
/* A PDF literal string of bytes: "(...)", parentheses and backslashes escaped, bytes outside
 * the printable ASCII range in octal (URIs, destination names, language tags). */
void		 pdf_string(GString *, const char *bytes);
/* A PDF name's characters after its "/" (#xx for what a name may not hold). */
void		 pdf_name(GString *, const char *s);

#endif
