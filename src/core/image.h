/* image.h: reading the guide's images (PNG) safely, for `check` and for every renderer.
 *
 * An image is a regular file (never a symbolic link, FIFO or device) read with a size limit,
 * decoded in full by libpng under its own error handler (a damaged file is an error, never an
 * abort), and held to the limits below, so that a small file cannot expand into gigabytes.
 */
#ifndef PAISANO_IMAGE_H
#define PAISANO_IMAGE_H

#include <glib.h>

/* The limits (README, "Limits").  A page of the booklet is 396 pt wide: 3,300 pixels at 600 dpi. */
#define IMAGE_MAX_BYTES		(32u * 1024 * 1024)	/* bytes of the PNG file */
#define IMAGE_MAX_SIDE		10000u			/* pixels, width or height */
#define IMAGE_MAX_PIXELS	25000000u		/* width x height */

#define IMAGE_ERROR (image_error_quark())

enum image_error {
	IMAGE_ERROR_MISSING,		/* no such file */
	IMAGE_ERROR_NOT_FILE,		/* a symbolic link, directory, FIFO, device... */
	IMAGE_ERROR_UNREADABLE,		/* open or read failed */
	IMAGE_ERROR_FILE_TOO_BIG,	/* more than IMAGE_MAX_BYTES */
	IMAGE_ERROR_NOT_PNG,		/* no PNG signature */
	IMAGE_ERROR_DAMAGED,		/* libpng could not decode it */
	IMAGE_ERROR_TOO_WIDE,		/* a side over IMAGE_MAX_SIDE */
	IMAGE_ERROR_TOO_MANY_PIXELS,	/* over IMAGE_MAX_PIXELS */
};

struct image_info {
	guint32	 w, h;
	int	 depth, ctype, interlace, trns;
	char	*what;		/* IMAGE_ERROR_NOT_FILE, DAMAGED: the reason, in words (owned) */
};

GQuark		 image_error_quark(void);
/* The bytes of the PNG file at `path`, checked and fully decoded; NULL and *err on any problem,
 * with `info` (w, h, what) filled as far as it was read.  info->what must be g_free()d. */
GBytes		*image_read(const char *path, struct image_info *info, GError **err);
/* "images/NAME.png" with a plain file name: nothing outside the images folder. */
gboolean	 image_src_ok(const char *src);

#endif
