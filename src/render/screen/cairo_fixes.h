/* cairo_fixes.h: cairo 1.16's PDF surface mended in the bytes it wrote (a PDF in memory).
 *
 * The third workaround, named destinations for internal links (cairo 1.16.0 drops a link's
 * page=N destination when that page comes later), is how screen.c makes its links.
 */
#ifndef PAISANO_CAIRO_FIXES_H
#define PAISANO_CAIRO_FIXES_H

#include <glib.h>

/* The cross-reference entries of objects cairo reserved and never wrote, marked free. */
void	 fix_cairo_xref(GByteArray *pdf);
/* The catalog's /Lang (cairo has no call for it), as an incremental update. */
void	 fix_cairo_lang(GByteArray *pdf, const char *lang);

#endif
