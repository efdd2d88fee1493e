/* html.h: the web edition, from the model (not from the pages) with libxml2's HTML tree.
 *
 * index.html is the cover and the contents, each chapter a page of its own (its id + ".html"),
 * directorio.html the directory; every page has a bar with the contents, the emergency numbers
 * and the directory (see html.c).  No JavaScript and no external resources.
 *
 * The renderer has the shape every renderer has: html_new(opts) / html_render(ctx, model) /
 * html_free(ctx); its document is the model, not the pages.
 */
#ifndef PAISANO_RENDER_HTML_H
#define PAISANO_RENDER_HTML_H

#include <glib.h>

#include "model.h"

#define HTML_ERROR	(html_error_quark())
GQuark		 html_error_quark(void);

struct html_opts {
	enum lang	 lang;
	const char	*other_dir;	/* the edition in the other language ("../html-en"): each page
					 * links to its namesake there, and names it as an alternate;
					 * NULL: none */
	const char	*template_dir;	/* html/paisano.css is copied from here */
	const char	*src_root;	/* the images the edition shows are copied from its images/ */
	const char	*outdir;	/* created if needed */
};

struct html;

/* The options are copied (not the strings they point to). */
struct html	*html_new(const struct html_opts *, GError **err);
/* Writes the web edition of m->edition into outdir: index.html, a page per chapter,
 * directorio.html, paisano.css and images/.
 * Every file is written atomically.  FALSE with err set when a file cannot be read or written. */
gboolean	 html_render(struct html *, const struct model *m, GError **err);
void		 html_free(struct html *);

#endif
