/* model.h: the guide model, the one artifact between the sources and every output.
 *
 * A model holds every agency (facts, contacts, sections) and one edition: its manifest, the
 * chapters with the sections they include, and for each fact the value that holds for the
 * edition's operation window.  Content is a tree of struct node (one struct for blocks and
 * inlines); text-bearing nodes hold one inline list per language.  Every node, fact and contact
 * keeps its source position.
 *
 * Memory: the model owns everything reachable from it.  Nodes, facts and strings live in the
 * model's arena and are freed together by model_free(); the GPtrArrays and GHashTables are owned
 * by the model or by the struct that holds them and are freed there too.
 */
#ifndef PAISANO_MODEL_H
#define PAISANO_MODEL_H

#include <glib.h>

enum lang {
	LANG_ES,
	LANG_EN,
	LANG__MAX
};

/* Seasons, as a bit set; 0 in a validity means "every season". */
enum season {
	SEASON_SEMANA_SANTA = 1 << 0,
	SEASON_VERANO = 1 << 1,
	SEASON_INVIERNO = 1 << 2,
};
#define SEASON_ALL (SEASON_SEMANA_SANTA | SEASON_VERANO | SEASON_INVIERNO)

struct srcpos {
	const char	*file;
	int		 line;
	int		 col;
};

/* Dates are days since 0001-01-01 (g_date_get_julian); 0 = open. */
typedef guint32 model_date;

struct validity {
	model_date	 from;
	model_date	 to;
	guint		 seasons;	/* 0 = all */
};

enum node_type {
	/* blocks */
	NODE_CHAPTER,
	NODE_SECTION,
	NODE_PARA,
	NODE_LIST,
	NODE_STEPS,
	NODE_ITEM,	/* in a list or steps */
	NODE_TABLE,
	NODE_HEADER,	/* the header row of a table */
	NODE_ROW,
	NODE_CELL,
	NODE_NOTICE,
	NODE_IMAGE,
	NODE_CARD,
	NODE_FORM,
	NODE_FIELD,
	/* inlines */
	NODE_TEXT,
	NODE_EM,
	NODE_STRONG,
	NODE_REF,	/* the value of a fact */
	NODE_SEE,	/* a cross-reference to a section */
	NODE__MAX
};

/* The block types and the inline types as case labels (with NODE__MAX, which is no node).  A
 * switch over the blocks names each block and ends with CASE_NODE_INLINES, a switch over the
 * inlines the other way round, and neither has a default: so -Wswitch (in -Wall) names every
 * switch a new node type is missing from, once it is added to one of these lists.  Tables indexed
 * by the type are sized by NODE__MAX and checked with G_STATIC_ASSERT. */
#define CASE_NODE_BLOCKS \
	case NODE_CHAPTER: case NODE_SECTION: case NODE_PARA: case NODE_LIST: case NODE_STEPS: \
	case NODE_ITEM: case NODE_TABLE: case NODE_HEADER: case NODE_ROW: case NODE_CELL: \
	case NODE_NOTICE: case NODE_IMAGE: case NODE_CARD: case NODE_FORM: case NODE_FIELD: \
	case NODE__MAX
#define CASE_NODE_INLINES \
	case NODE_TEXT: case NODE_EM: case NODE_STRONG: case NODE_REF: case NODE_SEE: \
	case NODE__MAX

enum notice_type {
	NOTICE_WARNING,
	NOTICE_IMPORTANT,
	NOTICE_TIP,
};

/* Text in every language we know: one inline list per language (NULL = not written). */
struct textual {
	struct node	*inl[LANG__MAX];
	struct srcpos	 pos[LANG__MAX];
	const char	*es_hash;	/* of the Spanish text the English was translated from */
	gboolean	 wrapped;	/* written in <text xml:lang=...> elements, not bare */
};

struct fact;
struct contact;

struct node {
	enum node_type	 type;
	struct node	*parent;
	struct node	*first;
	struct node	*last;
	struct node	*next;
	struct node	*prev;
	struct srcpos	 pos;
	const char	*agency;	/* owner's id */
	const char	*id;		/* sections, forms, chapters */
	struct validity	 valid;
	gboolean	 omit;		/* not part of this edition (season or dates) */
	struct textual	 text;		/* paragraph, item, cell, field text; image alt */
	struct textual	 title;		/* section, chapter, notice, form title; table and image caption */
	union {
		enum notice_type notice;
		struct {
			const char	*src;		/* "images/x.png" */
			int		 width;		/* percent of the text width, 0 = natural */
		} image;
		int		 lines;			/* a form field's writing lines */
		struct {
			const char	*to;
			struct fact	*fact;		/* NODE_REF, once resolved */
			struct contact	*contact;	/* NODE_CARD, once resolved */
			struct node	*section;	/* NODE_SEE, once resolved */
		} ref;
		const char	*str;			/* NODE_TEXT: runs of white space collapsed to one
							 * space, trimmed at the ends of the text */
	} u;
	const char	*raw;		/* NODE_TEXT as written in the source (positions of messages) */
};

enum fact_kind {
	FACT_AMOUNT,
	FACT_NUMBER,
	FACT_PERCENT,
	FACT_DATE,
	FACT_PHONE,
	FACT_URL,
	FACT_EMAIL,
};

enum country {
	COUNTRY_NONE,
	COUNTRY_MX,
	COUNTRY_US,
};

/* A document or page fact values were checked against (<source> in an agency file). */
struct source {
	const char	*id;
	const char	*agency;
	const char	*title;		/* what it is and where it was found, as written */
	const char	*href;		/* its address, or NULL */
	model_date	 verified;	/* when the values were last checked against it */
	const char	*by;		/* who checked them */
	gboolean	 unconfirmed;	/* status="unconfirmed": nothing settles the values */
	struct srcpos	 pos;
};

struct fact_value {
	const char	*text;		/* as written: "500", "800 201 8542", "https://..." */
	const char	*currency;	/* "USD", "MXN" or NULL */
	struct validity	 valid;
	struct srcpos	 pos;
	const char	*source_id;	/* source="..." as written, or NULL */
	const struct source *source;	/* resolved within the agency, or NULL */
};

/* A fact: a value defined once and referenced everywhere.  The entries of a contact (phones,
 * web sites, e-mail addresses) are facts too, with `contact` set. */
struct fact {
	const char		*id;	/* may be NULL for a contact entry without one */
	const char		*agency;
	enum fact_kind		 kind;
	const char		*label;	/* Spanish label: "franquicia (terrestre)" */
	const char		*label_en;	/* a contact entry's English label, or NULL */
	enum country		 country;
	const char		*role;	/* "paisano-eua", "quejas", ... or NULL */
	struct contact		*contact;
	struct srcpos		 pos;
	GPtrArray		*values;	/* struct fact_value * */
	const struct fact_value	*value;		/* the one for this edition, NULL if none */
	guint			 uses;		/* references from the edition's content */
};

struct contact {
	const char	*id;
	const char	*agency;
	struct srcpos	 pos;
	struct textual	 name;
	struct textual	 note;
	GPtrArray	*entries;	/* struct fact * */
	guint		 uses;
};

struct agency {
	const char	*id;
	const char	*file;
	const char	*short_name;
	const char	*short_en;	/* <short en="...">: the English short name, or NULL */
	struct textual	 name;
	struct srcpos	 pos;
	GPtrArray	*sources;	/* struct source *, in file order */
	GPtrArray	*facts;		/* struct fact *, in file order */
	GPtrArray	*contacts;	/* struct contact * */
	GPtrArray	*sections;	/* struct node * (NODE_SECTION), in file order */
	gboolean	 in_edition;	/* has content in the edition */
	gsize		 snap_from;	/* its <agency> in the model's kept snapshot (snapshot_stamp()): */
	gsize		 snap_to;	/* bytes [from, to); to = 0 when not written there */
};

struct signoff {
	const char	*agency;
	const char	*editor;
	model_date	 date;
	guint		 revision;
	const char	*sha256;	/* the agency's content hash it covers (signoff.h), or NULL */
	struct srcpos	 pos;
};

enum edition_status {
	STATUS_DRAFT,
	STATUS_FINAL,
};

struct edition {
	const char		*id;
	const char		*file;
	guint			 year;
	enum season		 season;
	guint			 revision;
	enum edition_status	 status;
	const char		*previous;
	model_date		 date;
	model_date		 op_start;
	model_date		 op_end;
	struct textual		 title;
	guint			 langs;		/* 1 << enum lang: the languages it is published in */
	struct srcpos		 pos;
	GPtrArray		*chapters;	/* struct node * (NODE_CHAPTER); children are the sections */
	GPtrArray		*signoffs;	/* struct signoff * */
	const char		*hash;		/* SHA-256 of the snapshot, hex; set by snapshot_stamp() */
	const char		*version;	/* "2026-invierno r2 3fa9c1e0"; set by snapshot_stamp() */
};

/* What an id names. */
enum id_kind {
	ID_FACT,
	ID_CONTACT,
	ID_SECTION,
	ID_FORM,
	ID_CHAPTER,
	ID_AGENCY,
	ID_SOURCE,
};

struct id_entry {
	enum id_kind	 kind;
	gpointer	 ptr;
	struct srcpos	 pos;
};

struct arena;

struct model {
	struct arena	*arena;
	GPtrArray	*agencies;	/* struct agency *, sorted by id */
	GHashTable	*ids;		/* id -> struct id_entry * (facts, contacts, sections, forms, chapters) */
	struct edition	*edition;	/* NULL when only agencies were compiled */
	GPtrArray	*owned;		/* GPtrArrays to free with the model */
	GHashTable	*images;	/* "images/x.png" -> SHA-256 hex of its bytes, for the images the
					 * edition prints (snapshot_hash_images, or a snapshot's <images>);
					 * NULL until known.  Owned, keys and values in the arena. */
	char		*snapshot;	/* snapshot_stamp()'s bytes, kept for snapshot_take() and the */
	gsize		 snapshot_len;	/* agencies' parts (snapshot_write_agency()); owned, or NULL */
};

struct model	*model_new(void);
void		 model_free(struct model *);
gpointer	 model_alloc(struct model *, gsize);
const char	*model_strdup(struct model *, const char *);
/* model_collapse_space() of s, in the model's memory. */
const char	*model_strdup_collapsed(struct model *, const char *s);
GPtrArray	*model_array(struct model *);
struct node	*model_node(struct model *, enum node_type, const struct srcpos *);
void		 model_append(struct node *parent, struct node *child);
struct agency	*model_agency(const struct model *, const char *id);
const struct id_entry *model_lookup(const struct model *, const char *id);
/* The agency's short name as printed in `lang`: its English form in English when it has one,
 * else the short name, else NULL (`paisano check` requires one; an id is never printed). */
const char	*model_agency_short(const struct agency *, enum lang);

/* Dates. */
model_date	 model_date_parse(const char *);	/* "YYYY-MM-DD" -> date, 0 if invalid */
char		*model_date_iso(model_date);		/* newly allocated */
const char	*model_season_name(enum season);
guint		 model_seasons_parse(const char *);	/* "verano invierno" -> bits */
gboolean	 model_valid_covers(const struct validity *, model_date start, model_date end);
gboolean	 model_valid_overlaps(const struct validity *, model_date start, model_date end);

/* Languages. */
const char	*model_lang_code(enum lang);		/* "es", "en" */
gboolean	 model_lang_parse(const char *, enum lang *);
/* The inlines of a textual in `lang`, or the Spanish ones when it has none in that language
 * (a text without words needs no translation; a draft may still lack one). */
struct node	*model_text(const struct textual *, enum lang);
/* Whether the Spanish has words to translate: a lowercase letter outside the fact values
 * ("CAPUFE" or a lone <ref> reads the same in every language). */
gboolean	 model_needs_translation(const struct textual *);
/* The hash a translation records in es-hash: the first 8 hex digits of the SHA-256 of the
 * Spanish text's markup with white space collapsed, so re-wrapping lines changes nothing but
 * any change of words, emphasis or references does.  Newly allocated; NULL without Spanish. */
char		*model_es_hash(const struct textual *);
/* A contact entry's label in `lang` (the Spanish one if it has none), or NULL. */
const char	*model_fact_label(const struct fact *, enum lang);

/* Calls fn on every textual of the model: each agency's name, contacts' names and notes and
 * sections (all seasons), then the edition's title and chapter titles. */
typedef void	(*model_textual_fn)(const struct textual *, gpointer);
void		 model_each_textual(const struct model *, model_textual_fn, gpointer);

/* Runs of XML white space collapsed to one space (newly allocated). */
char		*model_collapse_space(const char *);
/* The plain text of one language of a textual, with fact values filled in (newly allocated). */
char		*model_plain_text(const struct textual *, enum lang);
/* A fact value as printed in `lang`: "10 000 dólares" / "USD 10,000", "20 %" / "20%",
 * "26 de noviembre de 2026" / "November 26, 2026", "800 201 8542". Newly allocated. */
char		*model_format_value(const struct fact *, const struct fact_value *, enum lang);
/* A phone number in the printed form: "800 201 8542", "55 5568 8722", "1 877 210 9469". */
char		*model_format_phone(const char *, enum country);
const char	*model_kind_name(enum fact_kind);
/* The phone with this role (role="paisano-eua", ...) among the contacts, or NULL. */
const struct fact *model_role_phone(const struct model *, const char *role);
/* Levenshtein distance between two strings (bytes). */
guint		 model_edit_distance(const char *, const char *);
const char	*model_node_name(enum node_type);

#endif
