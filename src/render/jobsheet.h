/* jobsheet.h: the print shop's job sheet, written by `paisano build` beside the PDFs.
 *
 * jobsheet.txt (in Spanish, for people) and jobsheet.json (the same facts, for programs):
 * the edition and its version string, the pages of each language, trim and bleed, colours
 * (4/4 process CMYK), the output intent the print PDFs carry, the paper that output intent
 * assumes, the binding (saddle stitch), the quantity ("no indicada": the manifest has no
 * attribute for it), and each print file's size and SHA-256.  Nothing in it depends on the
 * time of the build, so the same edition gives the same job sheet.
 */
#ifndef PAISANO_RENDER_JOBSHEET_H
#define PAISANO_RENDER_JOBSHEET_H

#include <glib.h>

#include "model.h"

struct jobsheet_file {
	const char	*kind;		/* "print" or "imposed" */
	int		 lang;		/* enum lang */
	const char	*path;		/* relative to the edition's directory */
	guint64		 bytes;
	const char	*sha256;
};

struct jobsheet {
	const char	*edition;	/* "2026-invierno" */
	const char	*version;	/* "2026-invierno r2 3fa9c1e0" */
	const char	*status;	/* "final" or "draft" */
	guint		 langs;		/* 1 << enum lang */
	guint		 pages[LANG__MAX];
	double		 trim_w, trim_h, bleed;	/* points */
	GArray		*files;		/* struct jobsheet_file */
};

/* Writes DIR/jobsheet.txt and DIR/jobsheet.json (output_write: whole or not at all). */
gboolean	 jobsheet_write(const char *dir, const struct jobsheet *, GError **err);

#endif
