/* image.c: an image is a regular file, read with a size limit and decoded in full by libpng
 * under our own error handler, within the pixel limits of image.h. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <png.h>

#include "image.h"
#include "i18n.h"

G_DEFINE_QUARK(paisano-image-error-quark, image_error)

gboolean
image_src_ok(const char *src)
{
	const char *name;

	if (src == NULL || !g_str_has_prefix(src, "images/"))
		return FALSE;
	name = src + strlen("images/");
	if (*name == '\0' || *name == '.')
		return FALSE;
	for (const char *p = name; *p != '\0'; p++)
		if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_' && *p != '.')
			return FALSE;
	return TRUE;
}

static const char *
file_kind(mode_t m)
{
	if (S_ISLNK(m))
		return _("a symbolic link");
	if (S_ISDIR(m))
		return _("a directory");
	if (S_ISFIFO(m))
		return _("a FIFO (named pipe)");
	if (S_ISCHR(m) || S_ISBLK(m))
		return _("a device");
	if (S_ISSOCK(m))
		return _("a socket");
	return _("not a regular file");
}

/* The file's bytes: a regular file only (O_NOFOLLOW: a link is refused, not followed; O_NONBLOCK:
 * opening a FIFO does not wait for a writer), at most IMAGE_MAX_BYTES, counted while reading. */
static GBytes *
read_regular(const char *path, struct image_info *info, GError **err)
{
	struct stat sb;
	GByteArray *buf;
	int fd;

	if (lstat(path, &sb) != 0) {
		info->what = g_strdup(g_strerror(errno));
		g_set_error(err, IMAGE_ERROR, errno == ENOENT || errno == ENOTDIR ? IMAGE_ERROR_MISSING :
		    IMAGE_ERROR_UNREADABLE, _("cannot open the image %s: %s"), path, g_strerror(errno));
		return NULL;
	}
	if (!S_ISREG(sb.st_mode)) {
		char *target = S_ISLNK(sb.st_mode) ? g_file_read_link(path, NULL) : NULL;

		info->what = target != NULL ? g_strdup_printf(_("%s (to %s)"), file_kind(sb.st_mode), target) :
		    g_strdup(file_kind(sb.st_mode));
		g_free(target);
		g_set_error(err, IMAGE_ERROR, IMAGE_ERROR_NOT_FILE, _("the image %s is %s, not a regular file"),
		    path, info->what);
		return NULL;
	}
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) < 0 ||
	    fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		int e = errno;

		if (fd >= 0)
			close(fd);
		info->what = g_strdup(fd >= 0 ? file_kind(sb.st_mode) : _("replaced while it was read"));
		g_set_error(err, IMAGE_ERROR, IMAGE_ERROR_NOT_FILE, _("the image %s is %s, not a regular file"),
		    path, fd >= 0 ? info->what : g_strerror(e));
		return NULL;
	}
	buf = g_byte_array_sized_new(sb.st_size > 0 && (guint64)sb.st_size <= IMAGE_MAX_BYTES ?
	    (guint)sb.st_size : 0);
	for (;;) {
		guchar chunk[65536];
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			info->what = g_strdup(g_strerror(errno));
			g_set_error(err, IMAGE_ERROR, IMAGE_ERROR_UNREADABLE, _("cannot read the image %s: %s"),
			    path, g_strerror(errno));
			break;
		}
		if (n == 0)
			break;
		if (buf->len + (guint64)n > IMAGE_MAX_BYTES) {
			g_set_error(err, IMAGE_ERROR, IMAGE_ERROR_FILE_TOO_BIG,
			    _("the image %s is more than %u MB, the most one image may have"), path,
			    IMAGE_MAX_BYTES / (1024 * 1024));
			break;
		}
		g_byte_array_append(buf, chunk, (guint)n);
	}
	close(fd);
	if (err != NULL && *err != NULL) {
		g_byte_array_free(buf, TRUE);
		return NULL;
	}
	return g_byte_array_free_to_bytes(buf);
}

static guint32
be32(const guchar *p)
{
	return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

struct reader {
	const guchar	*data;
	gsize		 len, at;
	char		 msg[200];	/* libpng's error message */
};

static void
on_read(png_structp png, png_bytep out, png_size_t n)
{
	struct reader *r = png_get_io_ptr(png);

	if (n > r->len - r->at)
		png_error(png, "the file is cut short before the end of the image");
	memcpy(out, r->data + r->at, n);
	r->at += n;
}

static void
on_error(png_structp png, png_const_charp msg)
{
	struct reader *r = png_get_error_ptr(png);

	g_strlcpy(r->msg, msg, sizeof(r->msg));
	png_longjmp(png, 1);
}

static void
on_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/* Decode every row (and the chunks after them, up to IEND) without keeping the pixels: one row
 * of memory.  FALSE with r->msg on any error. */
static gboolean
decode(struct reader *r, struct image_info *info)
{
	png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, r, on_error, on_warning);
	png_infop pi = NULL;
	guchar *volatile row = NULL;
	volatile gboolean ok = FALSE;

	if (png == NULL) {
		g_strlcpy(r->msg, "out of memory", sizeof(r->msg));
		return FALSE;
	}
	if ((pi = png_create_info_struct(png)) == NULL) {
		g_strlcpy(r->msg, "out of memory", sizeof(r->msg));
		png_destroy_read_struct(&png, NULL, NULL);
		return FALSE;
	}
	if (setjmp(png_jmpbuf(png)) == 0) {
		int passes;
		png_uint_32 h;

		png_set_read_fn(png, r, on_read);
		png_set_user_limits(png, IMAGE_MAX_SIDE, IMAGE_MAX_SIDE);
		png_read_info(png, pi);
		info->trns = png_get_valid(png, pi, PNG_INFO_tRNS) != 0;
		passes = png_set_interlace_handling(png);
		png_read_update_info(png, pi);
		h = png_get_image_height(png, pi);
		row = g_malloc(png_get_rowbytes(png, pi));
		for (int p = 0; p < passes; p++)
			for (png_uint_32 y = 0; y < h; y++)
				png_read_row(png, row, NULL);
		png_read_end(png, NULL);
		ok = TRUE;
	}
	g_free(row);
	png_destroy_read_struct(&png, &pi, NULL);
	return ok;
}

GBytes *
image_read(const char *path, struct image_info *info, GError **err)
{
	static const guchar sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	struct reader r = { 0 };
	GBytes *b;
	gsize len;
	const guchar *p;

	memset(info, 0, sizeof(*info));
	if ((b = read_regular(path, info, err)) == NULL)
		return NULL;
	p = g_bytes_get_data(b, &len);
	if (len < 8 || memcmp(p, sig, 8) != 0) {
		g_set_error(err, IMAGE_ERROR, IMAGE_ERROR_NOT_PNG, _("the image %s is not a PNG file"), path);
		goto fail;
	}
	/* The size from the header first, so that a bomb is refused before anything is decoded. */
	if (len >= 33 && be32(p + 8) == 13 && memcmp(p + 12, "IHDR", 4) == 0) {
		info->w = be32(p + 16);
		info->h = be32(p + 20);
		info->depth = p[24];
		info->ctype = p[25];
		info->interlace = p[28];
		if (info->w > IMAGE_MAX_SIDE || info->h > IMAGE_MAX_SIDE) {
			g_set_error(err, IMAGE_ERROR, IMAGE_ERROR_TOO_WIDE,
			    _("the image %s is %u x %u pixels; no side may have more than %u"), path,
			    info->w, info->h, IMAGE_MAX_SIDE);
			goto fail;
		}
		if ((guint64)info->w * info->h > IMAGE_MAX_PIXELS) {
			g_set_error(err, IMAGE_ERROR, IMAGE_ERROR_TOO_MANY_PIXELS,
			    _("the image %s is %u x %u pixels, more than the %u an image may have"), path,
			    info->w, info->h, IMAGE_MAX_PIXELS);
			goto fail;
		}
	}
	r.data = p;
	r.len = len;
	if (!decode(&r, info)) {
		info->what = g_strdup(r.msg);
		g_set_error(err, IMAGE_ERROR, IMAGE_ERROR_DAMAGED, _("the image %s is damaged: %s"), path, r.msg);
		goto fail;
	}
	return b;
fail:
	g_bytes_unref(b);
	return NULL;
}
