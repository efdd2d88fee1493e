/* words.h: the words the guide prints around the sources' text, in each language.
 *
 * Headings of the generated pages, the cover strip, the colophon, the labels of contact
 * entries, "(ver pág. 23)", the draft stamp: everything the booklet, the screen PDF and the HTML
 * edition print that no agency wrote.  One table per language; the renderers take theirs from
 * the display's or the model's language, so both editions say the same things.
 */
#ifndef PAISANO_WORDS_H
#define PAISANO_WORDS_H

#include "model.h"

struct words {
	const char	*contents;	/* "Contenido" */
	const char	*directory;	/* "Directorio" */
	const char	*notes;		/* "Notas" */
	const char	*see_page;	/* "(ver pág. 00)": the 00 is replaced by the page number */
	const char	*see_section;	/* "ver «%s»": a cross-reference on the web */
	const char	*table_continued;	/* "(continuación)": a wide table's next columns */
	const char	*cover;		/* the cover's page label */
	const char	*cover_eua, *cover_mx, *cover_911, *cover_foot;
	const char	*operation;	/* "Del %s al %s" */
	const char	*colophon;
	const char	*free, *fonts, *version, *edition_date, *reviewed;
	const char	*phone, *web, *email;	/* contact entries without a label */
	const char	*skip, *back, *table;	/* HTML navigation */
	const char	*prev, *next, *guide, *chapters, *help, *locale;	/* the web pages' bar and pager */
	const char	*describe_cover, *describe_directory;	/* <meta name="description"> */
	const char	*notice[3];	/* by enum notice_type */
	const char	*draft;		/* "BORRADOR - NO IMPRIMIR" (ASCII: drawn letter by letter) */
	const char	*other_edition;	/* the link to the edition in the other language */
	const char	*language;	/* the language's name, in itself ("English"): a section's link */
	const char	*in_chapter;	/* the list of a chapter's sections at its top */
	const char	*to_page;	/* "Página %s": a link to a page, described (screen PDF) */
};

const struct words	*words_for(enum lang);
/* A date as the text prints it: "26 de noviembre de 2026", "November 26, 2026"; "" for 0.
 * Newly allocated. */
char			*words_date(enum lang, model_date);

#endif
