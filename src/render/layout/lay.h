/* lay.h: what the files of the layout share (internal: the rest of the program sees layout.h).
 *
 * The layout runs in stages, one file each, all working on one struct lay:
 *   shape.c     the template's fonts (a private fontconfig, pango) and each character's glyph
 *   para.c      a paragraph: its text and spans assembled from inlines, its lines broken
 *   strip.c     strips, the unit of the flow, and the items drawn on them
 *   blocks.c    blocks (paragraphs, lists, tables, notices, cards, images, the form), sections
 *               and chapters turned into strips
 *   matter.c    front and back matter: cover, contents, directory, notes pages, colophon
 *   paginate.c  strips placed on pages; page numbers and links filled in; running heads,
 *               folios and the outline
 *   chapters.c  the chapters' strips made on several threads, taken in order by the pagination
 *   layout.c    layout_edition(): the stages in order
 *
 * The body is a flow of strips (one per text line, or one per unbreakable box: notices, cards,
 * table rows, the form), each with its height, the space above it and whether it keeps with the
 * next one (headings, orphans and widows, table captions and headers).  One pass places the
 * strips on pages; page numbers that the text quotes (contents, "ver pág.") are set with a
 * placeholder of fixed digit width and filled in once every page is known.
 *
 * Shaping and line breaking: the text is set without ligatures or kerning, so a character's
 * glyph and advance never depend on its neighbours.  pango shapes each distinct character of
 * each face once (shape_glyph); a paragraph is then a row of those clusters, and lines are
 * broken over it (para_shape, then para_set: total fit for justified text, linebreak.c),
 * instead of pango shaping every paragraph again after each line break, which was four fifths
 * of the layout's time.
 *
 * Memory: strips and their arrays belong to the layout state and are freed with it; items move
 * from strips into the display, which owns their glyph arrays (display_glyphs).
 */
#ifndef PAISANO_LAY_H
#define PAISANO_LAY_H

#include <fontconfig/fontconfig.h>
#include <pango/pango.h>

#include "display.h"
#include "hyphen.h"
#include "layout.h"
#include "linebreak.h"
#include "model.h"
#include "template.h"
#include "words.h"

/* The layout's functions are the module's own: not exported, called directly. */
#pragma GCC visibility push(hidden)

enum fix_kind {
	FIX_NUMBER,	/* digits inside a run: "(ver pág. 00)" */
	FIX_RIGHT,	/* a right-aligned number run: the contents */
	FIX_LINK,	/* an internal link's target */
};

/* A page number or a link target to fill in once every page is known. */
struct fixup {
	enum fix_kind		 kind;
	int			 page;
	guint			 item;
	guint			 glyph;		/* first digit */
	const struct node	*target;
};

/* Where a node lands: what links, the contents and the outline point to. */
struct anchor {
	const struct node	*node;
	int			 page;
	double			 y;
};

struct strip {
	double			 before;	/* space above; dropped at the top of a page */
	double			 h;
	gboolean		 keep;		/* keep with the next strip */
	gboolean		 newpage;	/* starts a page */
	gboolean		 alone;		/* ends its page */
	gboolean		 leaf;		/* a tear-out page: on a recto, its verso left blank */
	gboolean		 opening;	/* opens a chapter: new page, no running head on it */
	gboolean		 is_header;	/* a table header: placed as a copy, repeated */
	gboolean		 floats;	/* a box without facts: may go after the paragraph that
						 * follows it when it does not fit where it is */
	gboolean		 para;		/* the first line of a paragraph of running text */
	gboolean		 text;		/* a line of running text (not a heading, not a list) */
	gboolean		 in_list;	/* a line of a list item */
	const char		*head;		/* the running head from here on */
	const struct node	*chapter;	/* the node the running head comes from */
	struct strip		*header;	/* a table row: the header to repeat on a new page */
	GArray			*items;		/* struct dl_item, x from the column, y from the strip top */
	GArray			*fixups;	/* struct fixup, item = index in items; NULL if none */
	GArray			*anchors;	/* struct anchor, y in the strip; NULL if none */
};

/* A strip placed on the page being filled: where its items start, where the anchors it made
 * start (in lay.page_anchors), and the space above it (what vertical justification opens). */
struct placed {
	guint			 item;
	guint			 anchor;
	double			 gap;
};

/* What a page is, for running heads and folios. */
enum page_kind { PK_COVER, PK_FRONT, PK_OPENING, PK_BODY, PK_NOTES, PK_COLOPHON, PK_BLANK };

struct pinfo {
	enum page_kind		 kind;
	const char		*head;
	const struct node	*chapter;
	/* the tagged screen PDF's structure (strip.c: lay_tag) */
	int			 hlevel;	/* the heading level (PDF's H1-H6) of the section being laid out */
	struct dl_elem		*artifact;	/* what is not content: decorations, running heads, folios */
	struct dl_elem		*stamp;		/* the draft stamp: an artifact painted last */
};

/* A paragraph being assembled: text for pango, its attributes, and the spans we track. */
enum span_kind { SPAN_URI, SPAN_SEE };

struct span {
	enum span_kind		 kind;
	guint			 start, end;	/* bytes */
	guint			 digits;	/* SPAN_SEE: where the placeholder digits are */
	const char		*uri;
	const struct node	*target;
	double			 x0, x1;	/* on the current line; x0 > x1 = not on it */
};

/* A range of a paragraph's text, in bytes. */
struct range {
	guint		 start, end;
	int		 bits;		/* style ranges: TF_BOLD and/or TF_ITALIC */
};

struct para {
	GString		*text;
	GArray		*styles;	/* struct range: <strong>, <em> */
	GArray		*nobreak;	/* struct range: fact values, "ver pág." */
	GArray		*spans;
	gboolean	 hyphenate;
	gboolean	 space;		/* a space is pending */
};

/* A character as one of the faces sets it: its glyph, advance and offset at 1 pt, and the
 * face pango chose (another of the template's faces when this one lacks the character). */
struct glyph_info {
	guint32		 glyph;
	int		 font;
	gboolean	 known;
	double		 adv, dx;
};

/* Characters below GLYPH_TABLE have their glyph_info in a table per face, in pages of
 * GLYPH_PAGE characters made when one of them is first used; others in a hash. */
#define GLYPH_TABLE	0x3000
#define GLYPH_PAGE	256

/* One character of the paragraph being set. */
struct cluster {
	guint		 off, len;	/* bytes in the text */
	gunichar	 c;
	guint32		 glyph;
	int		 font;
	double		 adv, dx;	/* at the paragraph's size */
	gboolean	 brk;		/* a line may start here */
	gboolean	 glue;		/* a word space: justification widens or narrows it */
	gboolean	 cut;		/* ...only because what it is in is wider than the measure:
					 * the line before it ends with a hyphen (para_cut) */
};

/* How to set a paragraph. */
struct setting {
	enum tpl_style	 style;
	double		 width;
	double		 x;		/* of the lines, from the column */
	PangoAlignment	 align;
	gboolean	 justify;
	gboolean	 balance;	/* a heading: lines of even length, set ragged */
	int		 color;		/* -1 = the style's */
};

struct lay {
	GError			*err;	/* the first image that cannot be read: the layout fails */
	const struct model	*m;
	const struct template	*t;
	const char		*src_root;
	struct display		*d;
	/* shape.c */
	struct faces		*faces;		/* the font map, shared (shape_lock) */
	PangoContext		*ctx;
	PangoLayout		*pl;
	PangoFontDescription	*desc[TF__MAX];
	struct glyph_info	*glyph_page[TF__MAX][GLYPH_TABLE / GLYPH_PAGE];
	gboolean		 batched[TF__MAX];	/* shape_batch() has run for the face */
	GHashTable		*glyph_hash[TF__MAX];	/* gunichar -> struct glyph_info * */
	guint32			 digit[TF__MAX][10];
	guint32			 hyphen[TF__MAX];
	double			 digit_w[TF__MAX];	/* advances at 1 pt */
	double			 hyphen_w[TF__MAX];
	/* para.c */
	GArray			*clusters;	/* struct cluster: the paragraph being set */
	GByteArray		*marks;		/* per byte of it: style bits, NO_BREAK */
	struct linebreaker	*lb;		/* total fit, for justified paragraphs */
	GArray			*items;		/* struct lb_item: the paragraph being set */
	GArray			*lines;		/* struct lb_line: its lines */
	GString			*word_utf8;	/* the word being set on a line (emit_line) */
	GArray			*word_glyphs;	/* struct dl_glyph: its glyphs */
	GArray			*paras;		/* struct para: buffers para_clear() gave back */
	struct hyphenator	*hy;
	enum lang		 lang;
	const struct words	*w;
	/* blocks.c, matter.c: the flow */
	double			 col, area_h;
	GPtrArray		*strips;	/* struct strip *, the flow */
	/* paginate.c */
	GPtrArray		*pinfo;		/* struct pinfo *, per page */
	GArray			*fixups;	/* placed */
	GHashTable		*anchors;	/* node -> struct anchor * (placed) */
	struct dl_page		*page;
	GArray			*onpage;	/* struct placed: the strips on this page */
	GPtrArray		*page_anchors;	/* struct anchor *: the anchors made on this page */
	double			 y;
	double			 page_h;	/* how far this page may be filled: the text block, or
						 * on a right-hand page, where its left-hand page had
						 * to end short (the spread ends on one line) */
	double			 next_h;	/* the next page's page_h, if not the text block's */
	struct dl_page		*planned;	/* the last left-hand page whose spread was planned */
	gboolean		 empty;
	const char		*head;
	const struct node	*chapter;
	/* the tagged screen PDF's structure (strip.c: lay_tag) */
	int			 hlevel;	/* the heading level (PDF's H1-H6) of the section being laid out */
	struct dl_elem		*artifact;	/* what is not content: decorations, running heads, folios */
	struct dl_elem		*stamp;		/* the draft stamp: an artifact painted last */
};

static inline const struct dl_color *
lay_color(const struct lay *L, enum tpl_color c)
{
	return &L->t->color[c];
}

/* The baseline of a line of style `sd`, from the top of its leading. */
static inline double
lay_baseline(const struct lay *L, const struct tpl_style_def *sd)
{
	return (sd->leading - sd->size) / 2 + sd->size * L->t->ascent;
}

/* shape.c: the fonts, and each character's glyph in a face. */
gboolean		 shape_init(struct lay *, GError **);
void			 shape_free(struct lay *);
const struct glyph_info	*shape_glyph_slow(struct lay *, int role, gunichar);

/* A character's glyph in a face (role): a table look-up once the character has been shaped
 * (inline: it runs for every character of every paragraph). */
static inline const struct glyph_info *
shape_glyph(struct lay *L, int role, gunichar c)
{
	if (c < GLYPH_TABLE) {
		const struct glyph_info *pg = L->glyph_page[role][c / GLYPH_PAGE];

		if (pg != NULL && pg[c % GLYPH_PAGE].known)
			return &pg[c % GLYPH_PAGE];
	}
	return shape_glyph_slow(L, role, c);
}

/* para.c: a paragraph assembled from inlines, then set into line strips. */
void			 para_init(struct lay *, struct para *, gboolean hyphenate);
void			 para_clear(struct lay *, struct para *);
void			 para_free_all(struct lay *);
void			 para_text(struct lay *, struct para *, const char *);
void			 para_fact(struct lay *, struct para *, const struct fact *);
void			 para_inlines(struct lay *, struct para *, const struct node *);
const char		*para_fact_uri(struct lay *, const struct fact *);
/* The paragraph's characters as clusters in lay.clusters, with where a line may start. */
void			 para_shape(struct lay *, const struct para *, int font, double size);
/* One strip per line appended to `out`. */
void			 para_set(struct lay *, struct para *, const struct setting *,
			    const struct node *src, GPtrArray *out);
void			 para_set_inlines(struct lay *, const struct node *inl, const char *plain,
			    const struct setting *, gboolean hyphenate, const struct node *src, GPtrArray *out);
struct setting		 para_setting(struct lay *, enum tpl_style, double x, double width);

/* strip.c */
struct strip		*strip_new(double h);
void			 strip_free(struct strip *);
struct dl_item		*strip_item(struct strip *, enum dl_kind, const struct node *src,
			    const struct dl_color *);
void			 strip_absorb(struct strip *dst, struct strip *src, double dx, double dy);
void			 strip_fixup(struct strip *, const struct fixup *);
void			 strip_anchor(struct strip *, const struct node *, double y);
void			 lay_tag_items(GArray *items, guint from, struct dl_elem *e);
struct dl_elem		*lay_tag(struct lay *, GPtrArray *strips, guint from, const char *role);
struct dl_elem		*lay_tag_in(struct lay *, GPtrArray *strips, guint from, const char *role,
			    struct dl_elem *parent);
struct dl_elem		*lay_heading(struct lay *, GPtrArray *strips, guint from, int level);
const char		*lay_lang(const struct lay *, const struct textual *);
struct strip		*strips_stack(GPtrArray *lines, double dx, double y0, gboolean use_before);
struct strip		*strip_split(struct strip *, double room);
void			 item_rect(struct dl_item *, double x, double y, double w, double h);
void			 item_line(struct dl_item *, double x1, double y1, double x2, double y2,
			    double width);
void			 strip_rect(struct strip *, const struct node *src, double x, double y, double w,
			    double h, const struct dl_color *fill);
void			 strip_hline(struct strip *, const struct node *src, double x1, double x2, double y,
			    double width, const struct dl_color *);

/* blocks.c */
void			 flow_add(struct lay *, struct strip *);
void			 block_label(struct lay *, struct strip *, const char *text, enum tpl_style,
			    enum tpl_color, double x, double width, PangoAlignment, const struct node *src);
void			 block_contact_lines(struct lay *, const struct contact *, double x, double width,
			    const struct node *src, enum tpl_style body, GPtrArray *out);
void			 block_chapter(struct lay *, const struct node *ch, int num);

/* chapters.c: the body's chapters, laid out on `threads` threads (this one included). */
struct chapters		*chapters_start(struct lay *, int threads);
guint			 chapters_count(const struct chapters *);
void			 chapters_take(struct chapters *, guint k);
void			 chapters_finish(struct chapters *);

/* layout.c */
gboolean		 lay_init_helper(struct lay *, const struct lay *of, GError **);
void			 lay_free(struct lay *);

/* matter.c */
void			 matter_cover(struct lay *);
void			 matter_contents(struct lay *);
void			 matter_directory(struct lay *);
void			 matter_notes(struct lay *);
void			 matter_colophon(struct lay *);

/* paginate.c */
double			 page_col_left(const struct lay *, int page);
struct dl_page		*page_new(struct lay *, enum page_kind);
void			 paginate(struct lay *, enum page_kind);
void			 page_fixups(struct lay *);
void			 page_text(struct lay *, struct dl_page *, const char *text, enum tpl_style, int color,
			    double x, double y, double width, PangoAlignment, const struct node *src);
void			 page_rect(struct dl_page *, double x, double y, double w, double h,
			    const struct dl_color *);
void			 page_line(struct dl_page *, double x1, double y1, double x2, double y2, double w,
			    const struct dl_color *);
void			 page_decorate(struct lay *);
void			 page_outline(struct lay *);
void			 page_stamps(struct lay *);

#pragma GCC visibility pop

#endif
