/* png_test.c: src/png.c's encoder against libpng's decoder (through cairo's PNG reader), on
 * pictures made to reach every path: white pages, noise, runs of every length around the
 * 258-byte copies, code lengths that must be limited to 15 bits, odd sizes.  GTest, TAP with
 * --tap (tests/t_png.sh runs it). */
#include <string.h>

#include <cairo.h>
#include <glib.h>

#include "png.h"

/* A picture of w x h in format fmt whose pixel (x, y) is px(x, y, data). */
static cairo_surface_t *
picture(cairo_format_t fmt, int w, int h, guint32 (*px)(int, int, gpointer), gpointer data)
{
	cairo_surface_t *s = cairo_image_surface_create(fmt, w, h);
	unsigned char *bytes = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);

	g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
	cairo_surface_flush(s);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			((guint32 *)(void *)(bytes + (gsize)y * (gsize)stride))[x] = px(x, y, data);
	cairo_surface_mark_dirty(s);
	return s;
}

struct reader {
	const GByteArray	*b;
	gsize			 at;
};

static cairo_status_t
read_bytes(void *p, unsigned char *to, unsigned int n)
{
	struct reader *r = p;

	if (r->at + n > r->b->len)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(to, r->b->data + r->at, n);
	r->at += n;
	return CAIRO_STATUS_SUCCESS;
}

/* Encodes s, decodes the result with libpng and checks every pixel; returns the PNG's size. */
static gsize
round_trip(cairo_surface_t *s)
{
	GByteArray *b = g_byte_array_new();
	GError *err = NULL;
	struct reader r = { b, 0 };
	cairo_surface_t *back;
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	gsize size;

	g_assert_true(png_encode(s, b, &err));
	g_assert_no_error(err);
	back = cairo_image_surface_create_from_png_stream(read_bytes, &r);
	g_assert_cmpstr(cairo_status_to_string(cairo_surface_status(back)), ==,
	    cairo_status_to_string(CAIRO_STATUS_SUCCESS));
	g_assert_cmpuint(r.at, ==, b->len);	/* nothing after IEND */
	g_assert_cmpint(cairo_image_surface_get_width(back), ==, w);
	g_assert_cmpint(cairo_image_surface_get_height(back), ==, h);
	g_assert_cmpint(cairo_image_surface_get_format(back), ==, CAIRO_FORMAT_RGB24);
	for (int y = 0; y < h; y++) {
		const guint32 *a = (const guint32 *)(const void *)(cairo_image_surface_get_data(s) +
		    (gsize)y * (gsize)cairo_image_surface_get_stride(s));
		const guint32 *c = (const guint32 *)(const void *)(cairo_image_surface_get_data(back) +
		    (gsize)y * (gsize)cairo_image_surface_get_stride(back));

		for (int x = 0; x < w; x++)
			if ((a[x] & 0xffffff) != (c[x] & 0xffffff))
				g_error("%dx%d: pixel (%d, %d) is %06x, decoded %06x", w, h, x, y,
				    a[x] & 0xffffff, c[x] & 0xffffff);
	}
	cairo_surface_destroy(back);
	size = b->len;
	g_byte_array_free(b, TRUE);
	return size;
}

static guint32
white(int x, int y, gpointer d)
{
	(void)x, (void)y, (void)d;
	return 0xffffff;
}

static guint32
noise(int x, int y, gpointer d)
{
	(void)x, (void)y;
	return g_rand_int(d);
}

/* A page at 150 dpi of white paper: runs only, a few bytes a row. */
static void
test_white(void)
{
	cairo_surface_t *s = picture(CAIRO_FORMAT_RGB24, 827, 1276, white, NULL);
	gsize n = round_trip(s);

	g_assert_cmpuint(n, <, 827 * 1276 * 3 / 200);
	cairo_surface_destroy(s);
}

/* Noise: every byte value, almost no runs. */
static void
test_noise(void)
{
	GRand *r = g_rand_new_with_seed(7);
	cairo_surface_t *s = picture(CAIRO_FORMAT_RGB24, 301, 203, noise, r);

	round_trip(s);
	cairo_surface_destroy(s);
	g_rand_free(r);
}

/* Row y: one pixel, then y + 1 pixels equal to it, then white: each run length, so each way a
 * run splits into copies of at most 258 bytes with none under 3. */
static guint32
runs(int x, int y, gpointer d)
{
	(void)d;
	if (x <= y + 1)
		return 0x102030 + (guint32)(y % 7);
	return x % 2 ? 0xffffff : 0xfefefe;
}

static void
test_runs(void)
{
	cairo_surface_t *s = picture(CAIRO_FORMAT_RGB24, 400, 360, runs, NULL);

	round_trip(s);
	cairo_surface_destroy(s);
}

/* Sizes down to one pixel, and widths where a row's run is 86, 87 or 88 pixels (258 bytes). */
static void
test_sizes(void)
{
	static const int ws[] = { 1, 2, 3, 4, 5, 86, 87, 88, 89, 90, 172, 173, 174, 175, 1000, 4097 };
	GRand *r = g_rand_new_with_seed(11);

	for (guint i = 0; i < G_N_ELEMENTS(ws); i++)
		for (int h = 1; h <= 3; h++) {
			cairo_surface_t *s = picture(CAIRO_FORMAT_RGB24, ws[i], h, white, NULL);

			round_trip(s);
			cairo_surface_destroy(s);
			s = picture(CAIRO_FORMAT_RGB24, ws[i], h, noise, r);
			round_trip(s);
			cairo_surface_destroy(s);
		}
	g_rand_free(r);
}

/* Bytes whose counts are Fibonacci numbers make a Huffman tree 25 levels deep: the encoder
 * must cut the codes to deflate's 15 bits and keep them a complete code.  The pixels are made
 * so that the Sub filter gives exactly those bytes. */
struct skew {
	guint8	*bytes;
	gsize	 n, at;
	guint32	 left;
};

static guint32
skewed(int x, int y, gpointer d)
{
	struct skew *k = d;
	guint32 p = 0;

	(void)y;
	if (x == 0)
		k->left = 0;
	for (int sh = 16; sh >= 0; sh -= 8) {
		guint8 delta = k->at < k->n ? k->bytes[k->at++] : 0x55;

		p |= (guint32)(guint8)((k->left >> sh) + delta) << sh;
	}
	return k->left = p;
}

static void
test_long_codes(void)
{
	struct skew k = { NULL, 0, 0, 0 };
	guint64 fib[26] = { 1, 1 };
	GRand *r = g_rand_new_with_seed(3);
	cairo_surface_t *s;

	for (int i = 2; i < 26; i++)
		fib[i] = fib[i - 1] + fib[i - 2];
	for (int i = 0; i < 26; i++)
		k.n += fib[i];
	k.bytes = g_malloc(k.n);
	for (gsize at = 0, i = 0; i < 26; i++)
		for (guint64 c = 0; c < fib[i]; c++)
			k.bytes[at++] = (guint8)(40 + i * 7);
	for (gsize i = k.n - 1; i > 0; i--) {	/* shuffled: no runs to speak of */
		gsize j = (gsize)g_rand_int_range(r, 0, (gint32)(i + 1));
		guint8 t = k.bytes[i];

		k.bytes[i] = k.bytes[j];
		k.bytes[j] = t;
	}
	s = picture(CAIRO_FORMAT_RGB24, 256, (int)(k.n / 3 / 256 + 1), skewed, &k);
	round_trip(s);
	cairo_surface_destroy(s);
	g_free(k.bytes);
	g_rand_free(r);
}

/* Antialiased shapes drawn by cairo, as the outlines and rules of a proof are (text is
 * covered by the proofs of the bundled edition, tests/t_outputs.sh). */
static void
test_drawing(void)
{
	cairo_surface_t *s = picture(CAIRO_FORMAT_RGB24, 600, 300, white, NULL);
	cairo_t *cr = cairo_create(s);

	cairo_set_source_rgb(cr, 0.8, 0.1, 0.4);
	cairo_set_line_width(cr, 0.7);
	for (int i = 0; i < 40; i++) {
		cairo_move_to(cr, 10 + i * 13.3, 15);
		cairo_line_to(cr, 40 + i * 11.1, 285);
		cairo_arc(cr, 300, 150, 5 + i * 3.3, 0, G_PI * 2);
		cairo_stroke(cr);
	}
	cairo_set_source_rgb(cr, 0.92, 0.92, 0.92);
	cairo_rectangle(cr, 100.5, 100.25, 200.3, 50.6);
	cairo_fill(cr);
	cairo_destroy(cr);
	round_trip(s);
	cairo_surface_destroy(s);
}

/* ARGB32 pictures are written without their alpha; the unused byte of RGB24 is ignored. */
static guint32
opaque(int x, int y, gpointer d)
{
	(void)d;
	return 0xff000000u | (guint32)(x * 37 + y) % 0xffffff;
}

static guint32
junk_top(int x, int y, gpointer d)
{
	(void)d;
	return (guint32)(x * 31 + y) << 24 | (x < 50 ? 0x808080u : 0x00ffffu);
}

static void
test_formats(void)
{
	cairo_surface_t *s = picture(CAIRO_FORMAT_ARGB32, 97, 31, opaque, NULL);

	round_trip(s);
	cairo_surface_destroy(s);
	s = picture(CAIRO_FORMAT_RGB24, 97, 31, junk_top, NULL);
	round_trip(s);
	cairo_surface_destroy(s);
}

/* What is not an RGB picture is refused, and nothing is written. */
static void
test_refused(void)
{
	cairo_surface_t *a8 = cairo_image_surface_create(CAIRO_FORMAT_A8, 10, 10);
	cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR, NULL);
	cairo_surface_t *empty = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 0, 0);
	GByteArray *b = g_byte_array_new();
	GError *err = NULL;

	g_assert_false(png_encode(a8, b, &err));
	g_assert_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL);
	g_assert_cmpstr(err->message, ==, "not an RGB picture");
	g_clear_error(&err);
	g_assert_false(png_encode(rec, b, &err));
	g_assert_cmpstr(err->message, ==, "not an RGB picture");
	g_clear_error(&err);
	g_assert_false(png_encode(empty, b, &err));
	g_assert_cmpstr(err->message, ==, "an empty picture (0 x 0)");
	g_clear_error(&err);
	g_assert_cmpuint(b->len, ==, 0);
	g_byte_array_free(b, TRUE);
	cairo_surface_destroy(a8);
	cairo_surface_destroy(rec);
	cairo_surface_destroy(empty);
}

/* The same picture gives the same bytes, appended after what the array held. */
static void
test_appends(void)
{
	GRand *r = g_rand_new_with_seed(5);
	cairo_surface_t *s = picture(CAIRO_FORMAT_RGB24, 64, 48, noise, r);
	GByteArray *a = g_byte_array_new(), *b = g_byte_array_new();

	g_byte_array_append(b, (const guint8 *)"head", 4);
	g_assert_true(png_encode(s, a, NULL));
	g_assert_true(png_encode(s, b, NULL));
	g_assert_cmpuint(b->len, ==, a->len + 4);
	g_assert_true(memcmp(b->data, "head", 4) == 0);
	g_assert_true(memcmp(b->data + 4, a->data, a->len) == 0);
	g_assert_true(memcmp(a->data, "\x89PNG\r\n\x1a\n", 8) == 0);
	g_byte_array_free(a, TRUE);
	g_byte_array_free(b, TRUE);
	cairo_surface_destroy(s);
	g_rand_free(r);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/png/white page", test_white);
	g_test_add_func("/png/noise", test_noise);
	g_test_add_func("/png/runs of every length", test_runs);
	g_test_add_func("/png/sizes", test_sizes);
	g_test_add_func("/png/codes limited to 15 bits", test_long_codes);
	g_test_add_func("/png/drawing", test_drawing);
	g_test_add_func("/png/formats", test_formats);
	g_test_add_func("/png/refused", test_refused);
	g_test_add_func("/png/appends", test_appends);
	return g_test_run();
}
