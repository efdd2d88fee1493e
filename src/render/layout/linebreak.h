/* linebreak.h: total-fit paragraph breaking (Knuth and Plass) over boxes, glue and penalties.
 *
 * A paragraph is a row of items: boxes (text that is set as it is), glue (a word space, which
 * stretches and shrinks) and penalties (a place to break that is not a space: a hyphenation
 * point, the end of a URL's part; its width is what the line gets when it breaks there, a
 * hyphen).  linebreak_run() chooses the breaks of the whole paragraph at once, the ones with
 * the least demerits: every line's badness (how far its spaces are from natural), the
 * penalties, and extra demerits for two hyphenated lines in a row, a hyphenated penultimate
 * line, neighbouring lines of very different tightness and a last line that is too short.
 *
 * Three passes, as TeX makes them: without hyphenation within the pretolerance; with it within
 * the tolerance; then with the emergency stretch and the last-resort breaks (after "/", "." or
 * "@" in a URL), first with lines up to 8 x their stretch, then with no limit, where a line
 * that nothing can fit runs over the measure rather than fail.
 *
 * Pure: no pango, no fonts; widths are in any unit (points).  A struct linebreaker holds the
 * working memory, reused from one paragraph to the next.
 */
#ifndef PAISANO_LINEBREAK_H
#define PAISANO_LINEBREAK_H

#include <glib.h>

/* A penalty of LB_INF or more forbids the break; -LB_INF or less forces it. */
#define LB_INF		10000.0

enum lb_type { LB_BOX, LB_GLUE, LB_PENALTY };

enum {
	LB_FLAGGED	= 1 << 0,	/* penalty: a hyphen (counts for consecutive hyphens) */
	LB_NOBREAK	= 1 << 1,	/* glue: stretches and shrinks, but no line ends here */
	LB_LAST_RESORT	= 1 << 2,	/* penalty: only in the emergency pass (inside URLs) */
};

struct lb_item {
	enum lb_type	 type;
	unsigned	 flags;
	double		 width;		/* glue: natural; penalty: added to the line broken here */
	double		 stretch;	/* glue */
	double		 shrink;	/* glue */
	double		 penalty;	/* penalty */
	double		 post;		/* penalty: width at the start of the next line if broken
					 * here (the hyphen Spanish repeats: «X-» / «-ray») */
	guint		 user;		/* the caller's: where the item comes from */
};

struct lb_params {
	double		 pretolerance;	/* first pass, no hyphenation; < 0 skips it */
	double		 tolerance;	/* second pass */
	double		 emergency_stretch;	/* third pass: stretch every line may also take */
	double		 line_penalty;	/* added to every line's badness (fewer lines) */
	double		 hyphen_penalty;	/* a flagged penalty's cost when its own is 0 */
	double		 adj_demerits;	/* neighbouring lines two fitness classes apart */
	double		 double_hyphen_demerits;	/* two hyphenated lines in a row */
	double		 final_hyphen_demerits;	/* the penultimate line hyphenated */
	double		 min_last;	/* a last line narrower than this ... */
	double		 short_last_demerits;	/* ... costs this */
	double		 rerun_demerits;	/* a second pass's set that costs this much is
						 * tried again in the last pass, where no line
						 * is too loose to be considered */
	int		 looseness;	/* lines more (> 0) or fewer (< 0) than the best, if it can */
	gboolean	 ragged;	/* no justification: the last line is not free either, spaces
					 * do not stretch, and each line has `ragged_stretch`, so the
					 * lines of a heading come out balanced */
	double		 ragged_stretch;
};

/* A line: items [start, end) are on it; end is the item it breaks at (a glue or penalty
 * dropped from the line, the penalty's width set at its end) or n for the last line. */
struct lb_line {
	guint		 start, end;
	double		 ratio;		/* > 0: each glue takes ratio x its stretch; < 0: shrink;
					 * 0 for the last line unless it must shrink */
	double		 natural;	/* width with the glue natural, the hyphen, the post width */
	double		 pre;		/* the post width of the previous break (starts this line) */
	gboolean	 hyphen;	/* ends at a flagged penalty */
	gboolean	 overfull;	/* runs past the measure: nothing could fit (third pass) */
};

/* How the paragraph was set, for tests and the benchmark. */
struct lb_stats {
	int		 pass;		/* 1, 2 or 3 */
	double		 demerits;
};

struct linebreaker;

struct linebreaker	*linebreak_new(void);
void			 linebreak_free(struct linebreaker *);
/* The defaults: pretolerance 100, tolerance 200, emergency stretch 0, line penalty 10, hyphen
 * penalty 50, adjacent 10000, double hyphen 10000, final hyphen 5000, no minimum last line,
 * no rerun. */
void			 linebreak_defaults(struct lb_params *);
/* Breaks items[0..n) into lines of `width`: the lines are appended to `lines` (struct lb_line),
 * and their number returned (0 if n is 0).  Never fails: a box wider than the measure gets an
 * overfull line of its own. */
guint			 linebreak_run(struct linebreaker *, const struct lb_item *items, guint n,
			    double width, const struct lb_params *, GArray *lines, struct lb_stats *);

#endif
