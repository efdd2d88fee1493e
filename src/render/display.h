/* display.h: the display list, the laid-out pages that every page renderer paints.
 *
 * The layout (layout/) produces it from the model (pango shapes, para.c breaks the lines);
 * the print PDF (libharu), the screen PDF and the PNG proofs (cairo) only paint it: they do
 * no layout.
 *
 * Coordinates are PostScript points (1/72 in), origin at the top-left corner of the TRIM box,
 * y growing downwards.  Items may extend outside the trim (backgrounds into the bleed); the
 * renderer adds the bleed and the marks around the trim box.
 *
 * Text: one DL_TEXT item is a run of glyphs of one font, size and colour on one baseline,
 * usually one word (justification moves words, it never stretches a run).  Each glyph comes with
 * its glyph id in the font file (for cairo), its x offset from the run's origin, and the UTF-8
 * characters it stands for (for libharu, which draws text by character, and for text
 * extraction).  Runs are laid out without ligatures, so each glyph is one character, and with
 * the font's own advances (no kerning), so a renderer that draws the characters with the same
 * font at the same size lands every glyph where the layout put it.
 *
 * Memory: a struct display owns everything in it (GLib containers, a string chunk, and blocks
 * that every run's glyph array is cut from), freed by display_free().  The items, most of a
 * display's memory, end in arrays of their exact size (display_finish).
 */
#ifndef PAISANO_DISPLAY_H
#define PAISANO_DISPLAY_H

#include <glib.h>

struct node;

/* Process colour, each ink 0..1.  Screen renderers convert to RGB. */
struct dl_color {
	float	c, m, y, k;	/* float: 24 bits are more than any ink needs */
};

/* A bundled font file, registered from fonts/. */
struct dl_font {
	char	*path;		/* "fonts/NotoSans-Regular.ttf" */
	char	*family;	/* "Noto Sans" */
	int	 bold;
	int	 italic;
};

enum dl_kind {
	DL_TEXT,	/* a glyph run */
	DL_RECT,	/* a filled and/or stroked rectangle */
	DL_LINE,	/* a stroked line */
	DL_IMAGE,	/* a PNG placed in a rectangle */
	DL_LINK,	/* a clickable area: a URI or a page in this document */
};

/* How many kinds there are: tables indexed by the kind are this long (no DL__MAX member, so
 * that a switch over the kinds without `default:` must name each one: -Wswitch). */
#define DL_KINDS	(DL_LINK + 1)

/*
 * A structure element of the tagged screen PDF: what the items that point at it are (a
 * paragraph, a heading, a list item's label...), and the element it belongs to.  The layout
 * makes them in reading order (a leaf made before another is read before it) and gives each
 * item the innermost one; only the screen PDF uses them.  Roles are PDF's standard structure
 * types ("P", "H2", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "Figure", "Caption",
 * "Sect", "TOC", "TOCI"), or DL_ARTIFACT for what is not content (running heads, folios,
 * decorations, the draft stamp, a table header repeated on a new page).
 */
#define DL_ARTIFACT	"Artifact"

struct dl_elem {
	const char	*role;
	struct dl_elem	*parent;	/* NULL: the document */
	guint		 seq;		/* order of making: reading order among leaves */
	const char	*alt;		/* Figure: the words that stand for it */
	const char	*lang;		/* a passage in another language than the document's */
	const char	*list;		/* L: "Disc" or "Decimal" (ListNumbering) */
	gboolean	 column;	/* TH: heads its column (Scope) */
};

/* A run drawn turned and as outlines: the draft stamp, one run a page. */
struct dl_turn {
	double	 angle;		/* radians, counter-clockwise about the run's (x, y) */
	double	 outline;	/* > 0: the glyphs' outlines stroked this wide, as paths, not text */
};

struct dl_glyph {
	guint32	 id;	/* glyph index in the font */
	float	 x;	/* offset from the run's x, in points (float: a run is short) */
};

struct dl_item {
	enum dl_kind		 kind;
	const struct node	*src;	/* the block it comes from (proofs trace it to file:line); may be NULL */
	struct dl_elem		*el;	/* the structure element it belongs to; NULL: none */
	struct dl_color		 color;	/* text, fill, or line colour */
	union {
		struct {
			int		 font;		/* index into display->fonts */
			guint		 nglyphs;	/* (beside font: no padding; an item is
							 * 96 bytes, most of a display's memory) */
			double		 size;		/* points */
			double		 x, y;		/* origin of the first glyph, on the baseline */
			const char	*utf8;		/* the characters of the run */
			struct dl_glyph	*glyphs;
			const struct dl_turn *turn;	/* the draft stamp's; NULL for every other run
							 * (dl_text_angle, dl_text_outline) */
		} text;
		struct {
			double		 x, y, w, h;
			float		 line_width;	/* float, as the inks: a rect is then no
							 * longer than a text run (an item 96 bytes) */
			guint8		 fill;		/* 0 or 1 */
			guint8		 stroke;	/* 0 or 1 */
			struct dl_color	 stroke_color;
		} rect;
		struct {
			double		 x1, y1, x2, y2;
			double		 width;
		} line;
		struct {
			double		 x, y, w, h;
			const char	*path;		/* PNG file */
			const char	*alt;
		} image;
		struct {
			double		 x, y, w, h;
			const char	*uri;		/* "tel:+18772109469", "https://..." or NULL */
			int		 page;		/* target page index (0-based) when uri == NULL */
			double		 dest_y;	/* target y on that page */
		} link;
	} u;
};

/* An entry of the PDF outline (bookmarks): chapters at level 1, sections at level 2. */
struct dl_outline {
	char	*title;
	int	 level;
	int	 page;
	double	 y;
};

struct dl_page {
	int		 number;	/* the folio printed on it, 0 if none (cover, notes) */
	char		*label;		/* page label for viewers: "1", "i", "Portada" */
	GArray		*items;		/* struct dl_item, while the layout adds them; NULL once
					 * the display is finished (display_finish) */
	struct dl_item	*item;		/* then the items, in an array of their exact size: what
					 * the renderers read (a GArray's room is a power of two) */
	guint		 nitem;
	double		 foot;		/* where the flow placed on it ends, from the page's top */
	gboolean	 flush;		/* the flow goes on overleaf: the page should end at the foot
					 * of the text block (not a chapter's last page) */
	double		 room;		/* flush: the room left at its foot before justification */
	double		 next;		/* flush: the height of what went overleaf, as it must go */
	gboolean	 next_box;	/* ... and it is a box (a notice, a card, a table row) */
};

struct display {
	double		 trim_w, trim_h;	/* points */
	double		 bleed;			/* points on every side */
	GPtrArray	*fonts;			/* struct dl_font * */
	GPtrArray	*pages;			/* struct dl_page * */
	GArray		*outline;		/* struct dl_outline */
	char		*title;			/* document title */
	char		*version;		/* "2026-invierno r2 3fa9c1e0" */
	char		*lang;			/* "es" */
	gint64		 date;			/* seconds since the epoch, for the PDF dates */
	int		 draft;			/* a draft: the layout stamps every page (display items) */
	guint		 notes;			/* blank notes pages added to reach a multiple of 4 */
	GPtrArray	*elems;			/* struct dl_elem *, in the order made */
	GPtrArray	*elem_blocks;		/* own the elements this display made (display_elem) */
	struct dl_elem	*elems_next;		/* the free part of the last block */
	guint		 elems_left;
	GStringChunk	*strings;		/* owns every const char * above */
	GHashTable	*interned;		/* the strings in it, while the layout adds them
						 * (display_intern); dropped by display_finish */
	GPtrArray	*glyph_blocks;		/* own every dl_glyph array of the items */
	struct dl_glyph	*glyphs_next;		/* the free part of the last block */
	guint		 glyphs_left;
	GPtrArray	*turns;			/* struct dl_turn *, owned */
	GPtrArray	*adopted;		/* struct display *: the strings and glyphs of chapters
						 * laid out on other threads (display_adopt), owned */
};

struct display	*display_new(void);
void		 display_free(struct display *);
/* The layout is done: each page's items move to an array of their exact size (dl_page.item),
 * which is what the renderers read; nothing may be added after. */
void		 display_finish(struct display *);
struct dl_page	*display_add_page(struct display *, int number, const char *label);
struct dl_item	*display_add_item(struct dl_page *, enum dl_kind);
const char	*display_intern(struct display *, const char *);
/* A new structure element (display.h: struct dl_elem), zeroed but for its role and order. */
struct dl_elem	*display_elem(struct display *, const char *role);
/* Room for n glyphs, zeroed, owned by the display (never freed on its own). */
struct dl_glyph	*display_glyphs(struct display *, guint n);
/* The layout of a chapter on another thread makes its items in a display of its own: `sub`'s
 * strings, glyphs and turns are now d's (freed with it); its elements are left to
 * display_take_elems(). */
void		 display_adopt(struct display *d, struct display *sub);
/* The n elements a chapter made elsewhere (its display's, in their order), appended to d's in
 * that order: their seq is now their place in d->elems (their memory stays their display's:
 * adopt it). */
void		 display_take_elems(struct display *d, struct dl_elem **elems, guint n);
/* Moves an item by (dx, dy), whatever its kind. */
void		 display_item_move(struct dl_item *, double dx, double dy);
/* A turn and outline for a run (dl_item.u.text.turn), owned by the display. */
const struct dl_turn *display_turn(struct display *, double angle, double outline);

/* A text run's angle (radians) and outline width: 0 unless it has a turn (the draft stamp). */
static inline double
dl_text_angle(const struct dl_item *it)
{
	return it->u.text.turn != NULL ? it->u.text.turn->angle : 0;
}

static inline double
dl_text_outline(const struct dl_item *it)
{
	return it->u.text.turn != NULL ? it->u.text.turn->outline : 0;
}

#endif
