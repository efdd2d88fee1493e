/* pages.h: `paisano pages`: the laid-out pages as text, the regression view of the layout.
 *
 * One line per page, one per text line (baseline, extent, source block, words), the links,
 * and "N pages" at the end; optionally every page painted as a PNG, or only a text's
 * hyphenation points.
 */
#ifndef PAISANO_PAGES_H
#define PAISANO_PAGES_H

#include <stdio.h>

#include <glib.h>

#include "display.h"
#include "template.h"

struct pages_opts {
	const char	*src_root;	/* NULL: guide-src */
	const char	*template;	/* the template file; NULL: templates/booklet.xml */
	const char	*edition;	/* NULL: the newest */
	int		 lang;		/* enum lang */
	const char	*png;		/* also paint every page as png/page-NNN.png; NULL: no */
	const char	*hyphenate;	/* only print this text with its hyphenation points */
	gboolean	 timing;	/* print the layout time after the pages */
	gboolean	 feet;		/* print where each page's flow ends (foot=, flush=) */
	int		 jobs;		/* threads laying out; 0: one per core, at most 4 */
};

/* 0 printed, 1 errors in the sources, 2 could not run (the reason on stderr). */
int		 pages_run(const struct pages_opts *);

/* The page dump of a laid-out edition. */
void		 pages_dump(const struct display *, const struct template *, FILE *);

#endif
