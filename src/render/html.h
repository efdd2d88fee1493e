/* html.h: the web edition, from the model (not from the pages) with libxml2's HTML tree.
 *
 * One page, index.html, holds the whole guide: on a phone it loads once and then works offline,
 * find-in-page searches every chapter, cross-references are in-page anchors and the file can be
 * passed around or opened from a USB stick.  No JavaScript and no external resources.
 */
#ifndef PAISANO_RENDER_HTML_H
#define PAISANO_RENDER_HTML_H

#include <glib.h>

#include "model.h"

#define HTML_ERROR	(html_error_quark())
GQuark		 html_error_quark(void);

/* Writes the web edition of m->edition in `lang` into outdir (created if needed): index.html,
 * paisano.css (copied from template_dir/html/paisano.css) and the images the edition shows
 * (copied from src_root/images/ to outdir/images/).  other_href, when not NULL, is the
 * address of the edition in the other language: linked from the header and as an alternate.
 * Every file is written atomically.  FALSE with err set when a file cannot be read or written. */
gboolean	 html_render(const struct model *m, enum lang lang, const char *other_href,
		    const char *template_dir, const char *src_root, const char *outdir, GError **err);

#endif
