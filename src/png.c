/* png.c: cairo pictures as PNG bytes (libpng), encoded for speed. */
#include <png.h>

#include "png.h"

static void
append(png_structp png, png_bytep data, png_size_t n)
{
	g_byte_array_append(png_get_io_ptr(png), data, (guint)n);
}

static void
flush(png_structp png)
{
	(void)png;
}

gboolean
png_encode(cairo_surface_t *surf, GByteArray *out, GError **err)
{
	png_structp png;
	png_infop info = NULL;
	int w, h, stride;
	const unsigned char *data;
	png_bytep row;

	if (cairo_surface_get_type(surf) != CAIRO_SURFACE_TYPE_IMAGE ||
	    (cairo_image_surface_get_format(surf) != CAIRO_FORMAT_RGB24 &&
	    cairo_image_surface_get_format(surf) != CAIRO_FORMAT_ARGB32)) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "not an RGB picture");
		return FALSE;
	}
	cairo_surface_flush(surf);
	w = cairo_image_surface_get_width(surf);
	h = cairo_image_surface_get_height(surf);
	stride = cairo_image_surface_get_stride(surf);
	data = cairo_image_surface_get_data(surf);
	if ((png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL)) == NULL ||
	    (info = png_create_info_struct(png)) == NULL) {
		png_destroy_write_struct(&png, NULL);
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOMEM, "libpng could not start");
		return FALSE;
	}
	row = g_malloc((gsize)w * 3 + 1);
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		g_free(row);
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, "libpng could not encode the picture");
		return FALSE;
	}
	png_set_write_fn(png, out, append, flush);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
	png_set_compression_level(png, 1);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
	    PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
	png_write_info(png, info);
	for (int y = 0; y < h; y++) {
		const guint32 *px = (const guint32 *)(const void *)(data + (gsize)y * (gsize)stride);

		/* cairo's pixels are native-endian 0xAARRGGBB words */
		for (int x = 0; x < w; x++) {
			row[3 * x] = (png_byte)(px[x] >> 16);
			row[3 * x + 1] = (png_byte)(px[x] >> 8);
			row[3 * x + 2] = (png_byte)px[x];
		}
		png_write_row(png, row);
	}
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	g_free(row);
	return TRUE;
}
