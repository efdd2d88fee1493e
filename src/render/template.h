/* template.h: the page design (templates/booklet.xml) read into one struct.
 *
 * Every measure, font file, size and colour the layout uses comes from here, so a designer
 * changes the template, not the C code.  Lengths are in points; a "fraction" multiplies the
 * measure its comment names.  What stays in the code are tolerances (how close two positions
 * must be to count as equal) and the rules of the typesetting itself (orphans and widows, the
 * RAE hyphen rule).
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
	/* <lines>: where a line's baseline and its links sit, as fractions of the font size */
	double		 ascent;	/* baseline below the top of the size, centred in the leading */
	double		 link_top;	/* a link's box: from this above the baseline ... */
	double		 link_height;	/* ... this high */
	/* <spacing> */
	double		 block;		/* space between blocks */
	double		 box_space;	/* above and below a notice, a card */
	double		 list_indent;
	double		 steps_indent;	/* numbered steps' indent: fraction of list_indent */
	double		 label_gap;	/* between a bullet, a step or a chapter number and its text */
	double		 item;		/* space between list items */
	double		 rule;		/* hairline width */
	double		 thin_rule;	/* the running head's, the directory's and the notes pages' rules */
	double		 accent_rule;	/* rules in the accent colour */
	double		 strong_rule;	/* the accent rules of chapter openings, the cover, the colophon */
	double		 short_rule;	/* their length: fraction of the column */
	double		 head_gap;	/* running head above the text block */
	double		 head_rule;	/* the running head's rule below its baseline */
	double		 folio_gap;	/* folio baseline below the text block */
	double		 form_line;	/* a form field's writing line */
	double		 notes_line;
	/* <boxes> */
	double		 notice_pad, notice_rule, card_pad, cell_pad;
	double		 box_move;	/* 1: a notice may go after the paragraph that follows it */
	/* <pages> */
	double		 page_stretch;	/* a page that ends short: its spaces between blocks may grow
					 * by up to this fraction of themselves to fill it */
	double		 cell_slack;	/* added to a table column's natural width */
	/* <images> */
	double		 image_max_h;	/* fraction of the text block's height */
	/* <form> */
	double		 form_space;	/* between its paragraphs, added to the small style's after */
	double		 form_field_space;	/* below a field's writing lines */
	double		 form_tighten;	/* the writing lines shrink by this until the form fits its page */
	/* <contacts>: a contact's lines in cards and in the directory */
	double		 contact_tab;	/* the values' column: fraction of the width */
	double		 contact_label_gap;	/* between a label and the values' column */
	double		 contact_note;	/* above a contact's note */
	double		 dir_space;	/* between the directory's entries */
	double		 dir_rule;	/* the rule below an entry */
	/* <contents> */
	double		 toc_indent;	/* the entries' indent: fraction of list_indent */
	double		 toc_number;	/* room for the page number: fraction of the size */
	double		 toc_gap;	/* between an entry's text and its page number */
	/* <cover> */
	double		 cover_band;
	double		 cover_title;	/* the title's baseline: fraction of the band */
	double		 cover_date;	/* the operation's dates: baseline above the band's foot */
	double		 cover_strip;	/* the emergency phones: below the band */
	double		 cover_strip_rule;	/* the rule above them */
	double		 cover_phone;	/* from one phone to the next */
	double		 cover_strip_end;	/* the rule below them, from the first phone */
	/* <colophon> */
	double		 colophon_top;	/* the title's baseline: fraction of the trim height */
	double		 colophon_rule;	/* its rule above the title's baseline */
	double		 colophon_gap;	/* after the title, after the date: fraction of the leading */
	double		 colophon_small_gap;	/* before the fonts' line: fraction of the leading */
	double		 colophon_baseline;	/* the agencies' lines' baselines: fraction of the leading */
	/* <draft>: the stamp across every page of a draft, its glyphs' outlines stroked */
	struct dl_color	 draft_color;
	double		 draft_angle;	/* degrees, counter-clockwise */
	double		 draft_size;	/* fraction of the largest size that fits the page */
	double		 draft_outline;	/* the outlines' width */
	double		 draft_cap;	/* the capitals' height: fraction of the size */
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
