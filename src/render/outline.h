/* outline.h: a run's glyph outlines as PDF path operators (the draft stamp, drawn as stroked
 * outlines by the print and the screen PDF alike).
 *
 * The glyphs are read unscaled and unhinted from a FreeType face, placed at the run's glyph
 * offsets, scaled to its size and turned by `angle` (radians, counter-clockwise) about
 * (x0, y0), in PDF's coordinates (y up).  Each glyph's contours are one path, closed and
 * stroked ("h S").
 */
#ifndef PAISANO_OUTLINE_H
#define PAISANO_OUTLINE_H

#include <glib.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include "display.h"

void	 outline_run(GString *ops, FT_Face face, const struct dl_item *it, double x0, double y0,
	    double angle);

#endif
