/* print.h: the display list painted as a print-ready PDF/X-1a:2001 file (libharu).
 *
 * The output is PDF 1.3, every colour DeviceCMYK, no transparency, every font a subset embedded
 * from fonts/, one /GTS_PDFX OutputIntent naming a registered print condition, TrimBox and
 * BleedBox on every page, crop marks in registration colour outside the bleed, and no
 * annotations (DL_LINK items are for the screen PDF and are skipped).  The same display list
 * gives a byte-identical file: the dates come from display->date, the /ID from display->version.
 *
 * The file is written by output_write() (atomic: on error nothing is left behind) and `err`
 * (domain PRINT_ERROR) says why it could not be.  The renderer has the shape every renderer has:
 * print_new(opts) / print_render(ctx, display) / print_free(ctx).
 */
#ifndef PAISANO_RENDER_PRINT_H
#define PAISANO_RENDER_PRINT_H

#include <glib.h>

#include "display.h"

#define PRINT_ERROR (print_error_quark())

enum print_error {
	PRINT_ERROR_INPUT,	/* the display list asks for something X-1a cannot print */
	PRINT_ERROR_FONT,	/* a font cannot be loaded, or lacks a character */
	PRINT_ERROR_IMAGE,	/* an image cannot be read or converted */
	PRINT_ERROR_PDF,	/* libharu failed (the message names its error code) */
	PRINT_ERROR_IO,		/* the file cannot be written */
};

/* What the print shop asks for.  print_opts_init() fills the defaults. */
struct print_opts {
	const char	*condition_id;	/* OutputConditionIdentifier: "FOGRA39" */
	const char	*condition;	/* OutputCondition, in words; NULL for none */
	const char	*registry;	/* RegistryName: "http://www.color.org" */
	const char	*info;		/* Info: "Coated FOGRA39 (ISO 12647-2:2004)" */
	double		 mark_length;	/* crop mark length, points */
	double		 mark_gap;	/* from the bleed box to the start of a mark, points */
	double		 mark_width;	/* crop mark line width, points */
	double		 one_ink_text;	/* text below this size (points) must use one ink; 0: no check */
	double		 one_ink_line;	/* rules below this width (points) must use one ink; 0: no check */
	/* Printer's spreads for saddle stitching instead of one PDF page per page: sheets twice
	 * the trim width, pages paired n/1, 2/n-1, n-2/3, ...; the page count must be a multiple
	 * of 4. */
	int		 impose;
	const char	*path;		/* the file to write */
	struct print_cache *cache;	/* shared with the process's other print PDFs; NULL: none */
};

struct print;
/* What the print PDFs one process writes have in common, worked out once (the fonts' deflated
 * streams): made by the build before its first print PDF and freed after its last, given to
 * each in print_opts.cache.  Thread-safe. */
struct print_cache;

GQuark		 print_error_quark(void);
void		 print_opts_init(struct print_opts *);

/* The options are copied (not the strings they point to); NULL with `err` set without a path. */
struct print	*print_new(const struct print_opts *, GError **err);
/* The display list written to the options' path.  FALSE with `err` set. */
gboolean	 print_render(struct print *, const struct display *, GError **err);
void		 print_free(struct print *);

struct print_cache *print_cache_new(void);
void		 print_cache_free(struct print_cache *);

#endif
