/* png.c: cairo pictures as PNG bytes, with a deflate made for proof pages.
 *
 * A proof is white paper with some text: after the Sub filter most of it is runs of zero
 * bytes.  Instead of a general compressor searching for repeats, the encoder looks only for
 * runs of equal pixels, sends each as one or a few copies of the byte before (distance 1),
 * and codes the rest with Huffman codes made for each block of rows (a dynamic deflate block
 * per 64 Ki tokens, small enough to stay in the cache).  The pixels of a block are read once
 * to make its tokens, the tokens once to write the bits.
 */
#include <string.h>
#include <zlib.h>

#include "png.h"
#include "i18n.h"

enum {
	LITLEN	= 286,		/* literal/length symbols: 0-255, end of block, 29 lengths */
	EOB	= 256,
	MAXBITS	= 15,		/* longest literal/length code */
	CLBITS	= 7,		/* longest code-length code */
	ADLER	= 65521,
	COPY	= 256,		/* token COPY + n: a copy of n bytes (3-258) at distance 1 */
};

/* Lengths 3-258: symbol 257 + index, base length and extra bits (RFC 1951 3.2.5). */
static const guint16 len_base[29] = {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
	35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258
};
static const guint8 len_extra[29] = {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
	3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0
};
/* The order the code-length code's lengths are sent in. */
static const guint8 cl_order[19] = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15 };

/* The tokens of a block of rows, their symbol counts, and the Adler-32 of the bytes they stand
 * for.  A token is a byte (0-255) or COPY + a length. */
struct tokens {
	guint16		*t;
	gsize		 n, cap;
	guint32		 freq[LITLEN];
	guint8		 len_sym[259];	/* length -> index into len_base */
	guint64		 a, b;		/* Adler-32 sums, reduced now and then (64 bits leave room) */
	guint		 pending;	/* literals added since they were reduced */
	guint8		 last;		/* the last byte: a run can copy it only if it is 0 */
};

static void
tok_reserve(struct tokens *k, gsize more)
{
	if (k->n + more <= k->cap)
		return;
	k->cap = MAX(k->cap * 2, k->n + more);
	k->t = g_renew(guint16, k->t, k->cap);
}

/* A pixel's three bytes, minus those of the pixel to its left. */
static inline void
tok_pixel(struct tokens *k, guint32 p, guint32 left)
{
	guint8 r = (guint8)((p >> 16) - (left >> 16)), g = (guint8)((p >> 8) - (left >> 8)), b = (guint8)(p - left);
	guint16 *t = k->t + k->n;

	t[0] = r;
	t[1] = g;
	t[2] = b;
	k->n += 3;
	k->freq[r]++;
	k->freq[g]++;
	k->freq[b]++;
	k->a += r;
	k->b += k->a;
	k->a += g;
	k->b += k->a;
	k->a += b;
	k->b += k->a;
	k->last = b;
	if ((k->pending += 3) >= 1u << 20) {	/* a < 2^29, b < 2^50 until then */
		k->a %= ADLER;
		k->b %= ADLER;
		k->pending = 0;
	}
}

static inline void
tok_lit(struct tokens *k, guint8 v)
{
	k->t[k->n++] = v;
	k->freq[v]++;
	k->a += v;
	k->b += k->a;
	k->pending++;
	k->last = v;
}

/* n zero bytes: a literal 0 when the byte before is not 0, then copies of at most 258. */
static void
tok_zeros(struct tokens *k, gsize n)
{
	gsize left;

	k->b += k->a * (guint64)n;	/* zeros leave a alone and add it to b once each */
	if (k->b >= (guint64)1 << 62)
		k->b %= ADLER;
	if (k->last != 0) {
		k->t[k->n++] = 0;
		k->freq[0]++;
		k->last = 0;
		n--;
	}
	for (left = n; left >= 3;) {
		gsize l = MIN(left, 258);

		if (left - l > 0 && left - l < 3)	/* leave at least 3 for the last copy */
			l = left - 3;
		k->t[k->n++] = (guint16)(COPY + l);
		k->freq[257 + k->len_sym[l]]++;
		left -= l;
	}
	for (; left > 0; left--) {
		k->t[k->n++] = 0;
		k->freq[0]++;
	}
}

static void
tok_start(struct tokens *k)
{
	for (int l = 0; l < 29; l++)
		for (int v = len_base[l]; v < (l < 28 ? len_base[l + 1] : 259); v++)
			k->len_sym[v] = (guint8)l;
	k->a = 1;
}

/* How many pixels from px[x] on equal p (24 bits), x < w: white paper is most of a page, so
 * eight at a time. */
static inline int
run_end(const guint32 *px, int x, int w, guint32 p)
{
	typedef guint32 v4 __attribute__((vector_size(16)));
	const v4 mask = { 0xffffff, 0xffffff, 0xffffff, 0xffffff }, want = { p, p, p, p };

	while (x + 8 <= w) {
		v4 a, b;

		memcpy(&a, px + x, sizeof a);
		memcpy(&b, px + x + 4, sizeof b);
		a = ((a & mask) ^ want) | ((b & mask) ^ want);
		if ((a[0] | a[1] | a[2] | a[3]) != 0)
			break;
		x += 8;
	}
	while (x < w && (px[x] & 0xffffff) == p)
		x++;
	return x;
}

/* One row: filter type 1 (Sub), then each pixel's bytes minus those of the pixel to its left. */
static void
tok_row(struct tokens *k, const guint32 *px, int w)
{
	guint32 left = 0;	/* the pixel left of the first is 0 for Sub */
	int x = 0;

	tok_reserve(k, 3 * (gsize)w + 1);
	tok_lit(k, 1);
	while (x < w) {
		guint32 p = px[x] & 0xffffff;	/* cairo's pixels: native-endian 0xAARRGGBB words */

		if (p == left && x > 0) {
			int run = run_end(px, x, w, p);

			tok_zeros(k, 3 * (gsize)(run - x));
			x = run;
			continue;
		}
		tok_pixel(k, p, left);
		left = p;
		x++;
	}
}

/* Code lengths of at most maxbits for the symbols with a count, from a Huffman tree
 * (Moffat and Katajainen's in-place method) then limited as miniz does.  Unused symbols
 * get 0; at least two symbols get a code, so every code is complete as inflate wants. */
struct sym { guint32 key; guint16 sym; };

static int
sym_cmp(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->sym < y->sym ? -1 : x->sym > y->sym;
}

static void
code_lengths(const guint32 *freq, int nsym, int maxbits, guint8 *len)
{
	struct sym a[LITLEN];
	int n = 0, count[33] = { 0 };
	guint32 total = 0;

	for (int s = 0; s < nsym; s++)
		if (freq[s] > 0)
			a[n++] = (struct sym){ freq[s], (guint16)s };
	for (int s = 0; n < 2 && s < nsym; s++)	/* a code needs two symbols to be complete */
		if (freq[s] == 0)
			a[n++] = (struct sym){ 1, (guint16)s };
	qsort(a, (size_t)n, sizeof a[0], sym_cmp);

	{
		int root = 0, leaf = 2, next, avbl, used, depth;

		a[0].key += a[1].key;
		for (next = 1; next < n - 1; next++) {
			if (leaf >= n || a[root].key < a[leaf].key) {
				a[next].key = a[root].key;
				a[root++].key = (guint32)next;
			} else
				a[next].key = a[leaf++].key;
			if (leaf >= n || (root < next && a[root].key < a[leaf].key)) {
				a[next].key += a[root].key;
				a[root++].key = (guint32)next;
			} else
				a[next].key += a[leaf++].key;
		}
		a[n - 2].key = 0;
		for (next = n - 3; next >= 0; next--)
			a[next].key = a[a[next].key].key + 1;
		avbl = 1;
		used = depth = 0;
		root = n - 2;
		next = n - 1;
		while (avbl > 0) {
			while (root >= 0 && (int)a[root].key == depth) {
				used++;
				root--;
			}
			while (avbl > used) {
				a[next--].key = (guint32)depth;
				avbl--;
			}
			avbl = 2 * used;
			depth++;
			used = 0;
		}
	}
	for (int i = 0; i < n; i++)
		count[MIN(a[i].key, 32)]++;
	for (int i = maxbits + 1; i <= 32; i++) {
		count[maxbits] += count[i];
		count[i] = 0;
	}
	for (int i = maxbits; i > 0; i--)
		total += (guint32)count[i] << (maxbits - i);
	while (total != 1u << maxbits) {
		count[maxbits]--;
		for (int i = maxbits - 1; i > 0; i--)
			if (count[i] > 0) {
				count[i]--;
				count[i + 1] += 2;
				break;
			}
		total--;
	}
	memset(len, 0, (size_t)nsym);
	/* the rarest symbols (first in a) get the longest codes */
	for (int bits = 1, j = n; bits <= maxbits; bits++)
		for (int c = count[bits]; c > 0; c--)
			len[a[--j].sym] = (guint8)bits;
}

/* Canonical codes for the lengths, bit-reversed: deflate sends codes from their top bit. */
static void
code_words(const guint8 *len, int nsym, guint16 *code)
{
	int count[MAXBITS + 1] = { 0 }, next[MAXBITS + 2];

	for (int s = 0; s < nsym; s++)
		count[len[s]]++;
	count[0] = 0;
	next[1] = 0;
	for (int bits = 1; bits <= MAXBITS; bits++)
		next[bits + 1] = (next[bits] + count[bits]) << 1;
	for (int s = 0; s < nsym; s++) {
		guint c = len[s] > 0 ? (guint)next[len[s]]++ : 0, r = 0;

		for (int i = 0; i < len[s]; i++, c >>= 1)
			r = (r << 1) | (c & 1);
		code[s] = (guint16)r;
	}
}

/* Bits out, least significant first, into out; room is made before each block.  Each put
 * stores 8 bytes and moves on by the whole bytes it filled: no branch per code.  The buffer
 * therefore keeps 8 bytes to spare after what is made room for. */
struct bits {
	GByteArray	*out;
	guint8		*p;		/* in out->data */
	guint64		 acc;		/* fewer than 8 bits waiting */
	int		 n;
};

static void
bits_room(struct bits *o, gsize n)
{
	gsize at = (gsize)(o->p - o->out->data);

	if (at + n + 8 > o->out->len)
		g_byte_array_set_size(o->out, (guint)MAX(at + n + 8, (gsize)o->out->len * 3 / 2));
	o->p = o->out->data + at;
}

/* v: at most 25 bits */
static inline void
put(struct bits *o, guint32 v, int n)
{
	guint64 le;

	o->acc |= (guint64)v << o->n;
	o->n += n;
	le = GUINT64_TO_LE(o->acc);
	memcpy(o->p, &le, sizeof le);
	o->p += o->n >> 3;
	o->acc >>= o->n & ~7;
	o->n &= 7;
}

static void
flush_bits(struct bits *o)
{
	if (o->n > 0)
		*o->p++ = (guint8)o->acc;
	o->acc = 0;
	o->n = 0;
}

/* The tokens as one deflate block with codes made for them; the counts are reset. */
static void
put_block(struct bits *o, struct tokens *k, gboolean last)
{
	guint8 len[LITLEN], cl_len[19], tok_len[COPY + 259] = { 0 };
	guint16 code[LITLEN], cl_code[19];
	guint32 cl_freq[19] = { 0 }, tok_bits[COPY + 259] = { 0 };
	int ncl = 19;

	/* the head takes at most 17 + 19 * 3 + 288 * 7 bits, each token 15 + 5 + 1 */
	bits_room(o, 8 + 262 + (k->n * 21 + 7) / 8 + 8);
	k->freq[EOB]++;
	code_lengths(k->freq, LITLEN, MAXBITS, len);
	code_words(len, LITLEN, code);
	/* the code lengths are sent as they are: 286 literal/length, then 2 distance (1 bit each) */
	for (int s = 0; s < LITLEN; s++)
		cl_freq[len[s]]++;
	cl_freq[1] += 2;
	code_lengths(cl_freq, 19, CLBITS, cl_len);
	code_words(cl_len, 19, cl_code);
	while (ncl > 4 && cl_len[cl_order[ncl - 1]] == 0)
		ncl--;

	put(o, last, 1);
	put(o, 2, 2);		/* dynamic Huffman codes */
	put(o, LITLEN - 257, 5);
	put(o, 2 - 1, 5);	/* two distance codes: 1 and 2, only 1 used */
	put(o, (guint32)ncl - 4, 4);
	for (int i = 0; i < ncl; i++)
		put(o, cl_len[cl_order[i]], 3);
	for (int s = 0; s < LITLEN; s++)
		put(o, cl_code[len[s]], cl_len[len[s]]);
	put(o, cl_code[1], cl_len[1]);
	put(o, cl_code[1], cl_len[1]);

	/* every token's bits: a byte's code, or a copy's length code, extra bits and distance code
	 * (0, one bit) as one string */
	for (int t = 0; t < 256; t++) {
		tok_bits[t] = code[t];
		tok_len[t] = len[t];
	}
	for (int l = 3; l <= 258; l++) {
		guint s = k->len_sym[l];

		tok_bits[COPY + l] = code[257 + s] | (guint32)(l - len_base[s]) << len[257 + s];
		tok_len[COPY + l] = (guint8)(len[257 + s] + len_extra[s] + 1);
	}
	for (gsize i = 0; i < k->n; i++)
		put(o, tok_bits[k->t[i]], tok_len[k->t[i]]);
	put(o, code[EOB], len[EOB]);
	k->n = 0;
	memset(k->freq, 0, sizeof k->freq);
}

static guint8 *
put32(guint8 *p, guint32 v)
{
	p[0] = (guint8)(v >> 24);
	p[1] = (guint8)(v >> 16);
	p[2] = (guint8)(v >> 8);
	p[3] = (guint8)v;
	return p + 4;
}

/* Ends the chunk that starts at offset c of out and whose data runs to its end: length,
 * type and CRC. */
static void
chunk_end(GByteArray *out, gsize c, const char *type)
{
	guint32 n = (guint32)(out->len - c - 8);
	guint8 crc[4];

	put32(out->data + c, n);
	memcpy(out->data + c + 4, type, 4);
	put32(crc, (guint32)crc32(0, out->data + c + 4, n + 4));
	g_byte_array_append(out, crc, 4);
}

static gsize
chunk_start(GByteArray *out)
{
	static const guint8 head[8];

	g_byte_array_append(out, head, sizeof head);
	return out->len - sizeof head;
}

gboolean
png_encode(cairo_surface_t *surf, GByteArray *out, GError **err)
{
	static const guint8 sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	static const guint8 zlib_head[2] = {
		0x78,	/* deflate, 32 KiB window */
		0x01,	/* no dictionary; 0x7801 is a multiple of 31 */
	};
	struct tokens k = { 0 };
	struct bits o = { out, NULL, 0, 0 };
	const unsigned char *data;
	guint8 head[13], adler[4];
	int w, h, stride;
	gsize c;

	if (cairo_surface_get_type(surf) != CAIRO_SURFACE_TYPE_IMAGE ||
	    (cairo_image_surface_get_format(surf) != CAIRO_FORMAT_RGB24 &&
	    cairo_image_surface_get_format(surf) != CAIRO_FORMAT_ARGB32)) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("not an RGB picture"));
		return FALSE;
	}
	cairo_surface_flush(surf);
	w = cairo_image_surface_get_width(surf);
	h = cairo_image_surface_get_height(surf);
	stride = cairo_image_surface_get_stride(surf);
	data = cairo_image_surface_get_data(surf);
	if (w <= 0 || h <= 0 || data == NULL) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("an empty picture (%d x %d)"), w, h);
		return FALSE;
	}

	g_byte_array_append(out, sig, sizeof sig);
	c = chunk_start(out);
	put32(head, (guint32)w);
	put32(head + 4, (guint32)h);
	head[8] = 8;	/* bits per sample */
	head[9] = 2;	/* RGB */
	head[10] = 0;	/* deflate */
	head[11] = 0;	/* adaptive filtering: each row names its filter */
	head[12] = 0;	/* not interlaced */
	g_byte_array_append(out, head, sizeof head);
	chunk_end(out, c, "IHDR");

	c = chunk_start(out);
	g_byte_array_append(out, zlib_head, sizeof zlib_head);
	/* room for a page of text at 150 dpi, so that the array seldom moves */
	g_byte_array_set_size(out, (guint)MIN((gsize)out->len + (gsize)w * (gsize)h / 2 + 4096, G_MAXUINT / 2));
	o.p = out->data + c + 8 + sizeof zlib_head;
	/* Blocks of about 64 Ki tokens: they stay in the cache, and each gets codes for its rows. */
	tok_start(&k);
	for (int y = 0; y < h; y++) {
		tok_row(&k, (const guint32 *)(const void *)(data + (gsize)y * (gsize)stride), w);
		if (k.n >= 1 << 16 || y == h - 1)
			put_block(&o, &k, y == h - 1);
	}
	flush_bits(&o);
	g_byte_array_set_size(out, (guint)(o.p - out->data));
	k.a %= ADLER;
	k.b %= ADLER;
	put32(adler, (guint32)(k.b << 16 | k.a));	/* both reduced just before */
	g_byte_array_append(out, adler, 4);
	chunk_end(out, c, "IDAT");

	c = chunk_start(out);
	chunk_end(out, c, "IEND");
	g_free(k.t);
	return TRUE;
}

struct png_source {
	const guchar	*data;
	gsize		 len, at;
};

static cairo_status_t
png_source_read(void *closure, unsigned char *out, unsigned int n)
{
	struct png_source *src = closure;

	if (n > src->len - src->at)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(out, src->data + src->at, n);
	src->at += n;
	return CAIRO_STATUS_SUCCESS;
}

cairo_surface_t *
png_decode(GBytes *png)
{
	struct png_source src = { NULL, 0, 0 };

	src.data = g_bytes_get_data(png, &src.len);
	return cairo_image_surface_create_from_png_stream(png_source_read, &src);
}
