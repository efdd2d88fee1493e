/* template.h: the page design (templates/booklet.xml) read into one struct.
 *
 * Every measure, font file, size and colour the layout uses comes from here, so a designer
 * changes the template, not the C code.  Lengths are in points.
 */
#ifndef PAISANO_TEMPLATE_H
#define PAISANO_TEMPLATE_H

#include <glib.h>

#include "display.h"

enum tpl_font {
	TF_REGULAR,
	TF_BOLD,
	TF_ITALIC,
	TF_BOLDITALIC,
	TF__MAX
};

enum tpl_color {
	TC_TEXT,
	TC_PAPER,
	TC_ACCENT,
	TC_MUTED,
	TC_RULE,
	TC_TINT_WARNING,
	TC_TINT_IMPORTANT,
	TC_TINT_TIP,
	TC_TINT_CARD,
	TC__MAX
};

enum tpl_style {
	TS_BODY,
	TS_H1,
	TS_H2,
	TS_H3,
	TS_SMALL,
	TS_CAPTION,
	TS_HEAD,
	TS_FOLIO,
	TS_CHAPNUM,
	TS_TOC,
	TS_TOC_CHAPTER,
	TS_COVER_TITLE,
	TS_COVER_SUB,
	TS_COVER_LABEL,
	TS_COVER_PHONE,
	TS_NOTES,
	TS__MAX
};

struct tpl_style_def {
	enum tpl_font	 font;
	double		 size;
	double		 leading;
	enum tpl_color	 color;
	double		 before;
	double		 after;
};

struct template {
	char		*file;
	double		 trim_w, trim_h, bleed;
	double		 inner, outer, top, bottom;	/* margins */
	char		*font_file[TF__MAX];
	struct dl_color	 color[TC__MAX];
	struct tpl_style_def style[TS__MAX];
	double		 block;		/* space between blocks */
	double		 list_indent;
	double		 item;		/* space between list items */
	double		 rule;		/* hairline width */
	double		 accent_rule;	/* rules in the accent colour */
	double		 head_gap;	/* running head above the text block */
	double		 folio_gap;	/* folio baseline below the text block */
	double		 form_line;	/* a form field's writing line */
	double		 notes_line;
	double		 notice_pad, notice_rule, card_pad, cell_pad;
	double		 cover_band;
	int		 hyph_min_word, hyph_left, hyph_right;
	char		*hyph_dict_es, *hyph_dict_en;
};

GQuark		 template_error_quark(void);
/* Reads a template file; NULL with `err` set (file:line: what is wrong) on failure. */
struct template	*template_load(const char *path, GError **err);
void		 template_free(struct template *);
/* The width of the text column. */
double		 template_column(const struct template *);

#endif
