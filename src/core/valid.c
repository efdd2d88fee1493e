/* valid.c: guide-src/schema/paisano.rng written out by hand (see valid.h).
 *
 * One function per element or <define> of the schema, in its order; each answers FALSE as soon
 * as something is not surely valid.  Values are only accepted in their plain form: exactly the
 * pattern, with no white space for the schema's datatypes to normalize away, no sign or leading
 * zeros in a number, dates as YYYY-MM-DD.  Element-only content may have comments, processing
 * instructions and white space between the elements (RelaxNG ignores them); empty elements and
 * value elements may have nothing but their value.
 */
#include <stdlib.h>
#include <string.h>

#include "valid.h"

/* The schema this file follows: sha256sum guide-src/schema/paisano.rng */
#define SCHEMA_SHA256	"b4adea3412ad54bc7ed04c3d866cf000acaa4a77b57d545644e35d5d6fc432a0"

extern const unsigned char paisano_schema_rng[];
extern const unsigned int paisano_schema_rng_len;

gboolean
valid_active(void)
{
	static int active = -1;

	if (active < 0) {
		char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, paisano_schema_rng, paisano_schema_rng_len);

		active = strcmp(sum, SCHEMA_SHA256) == 0;
		g_free(sum);
	}
	return active != 0;
}

/* ----- values ----- */

typedef gboolean (*value_fn)(const char *);

static gboolean
one_of(const char *v, const char *const *set)
{
	for (; *set != NULL; set++)
		if (strcmp(v, *set) == 0)
			return TRUE;
	return FALSE;
}

static gboolean
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* [a-z0-9]+(-[a-z0-9]+)*, at most 64 characters */
static gboolean
is_id(const char *v)
{
	gsize n = 0;
	gboolean prev_alnum = FALSE;

	for (const char *p = v; *p != '\0'; p++, n++) {
		if ((*p >= 'a' && *p <= 'z') || is_digit(*p))
			prev_alnum = TRUE;
		else if (*p == '-' && prev_alnum)
			prev_alnum = FALSE;
		else
			return FALSE;
	}
	return n > 0 && n <= 64 && prev_alnum;
}

/* YYYY-MM-DD, a day of the Gregorian calendar, year 0001 to 9999 */
static gboolean
is_date(const char *v)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;

	if (strlen(v) != 10 || v[4] != '-' || v[7] != '-')
		return FALSE;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !is_digit(v[i]))
			return FALSE;
	y = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
	m = (v[5] - '0') * 10 + (v[6] - '0');
	d = (v[8] - '0') * 10 + (v[9] - '0');
	if (y == 0 || m < 1 || m > 12 || d < 1)
		return FALSE;
	if (m == 2 && d == 29)
		return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1];
}

static gboolean
is_season(const char *v)
{
	static const char *const seasons[] = { "semana-santa", "verano", "invierno", NULL };

	return one_of(v, seasons);
}

/* One season or more, separated by single spaces */
static gboolean
is_seasons(const char *v)
{
	char **words = g_strsplit(v, " ", -1);
	gboolean ok = words[0] != NULL;

	for (char **w = words; ok && *w != NULL; w++)
		ok = is_season(*w);
	g_strfreev(words);
	return ok;
}

static gboolean
is_lang(const char *v)
{
	return strcmp(v, "es") == 0 || strcmp(v, "en") == 0;
}

static gboolean
is_languages(const char *v)
{
	return strcmp(v, "es") == 0 || strcmp(v, "es en") == 0;
}

/* [0-9a-f]{8,64} */
static gboolean
is_es_hash(const char *v)
{
	gsize n = strspn(v, "0123456789abcdef");

	return v[n] == '\0' && n >= 8 && n <= 64;
}

static gboolean
is_notice_type(const char *v)
{
	static const char *const types[] = { "warning", "important", "tip", NULL };

	return one_of(v, types);
}

/* images/[A-Za-z0-9._-]+ */
static gboolean
is_image_src(const char *v)
{
	const char *p = v + 7;
	gsize n;

	if (strncmp(v, "images/", 7) != 0)
		return FALSE;
	n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");
	return n > 0 && p[n] == '\0';
}

/* [0-9]{1,3}% */
static gboolean
is_width(const char *v)
{
	gsize n = strspn(v, "0123456789");

	return n >= 1 && n <= 3 && strcmp(v + n, "%") == 0;
}

/* 1 to 9 digits, no leading zero: a positiveInteger in its plain form */
static gboolean
is_positive(const char *v)
{
	gsize n = strspn(v, "0123456789");

	return n >= 1 && n <= 9 && v[n] == '\0' && v[0] != '0';
}

/* a positiveInteger up to 12 */
static gboolean
is_lines(const char *v)
{
	return is_positive(v) && strlen(v) <= 2 && atoi(v) <= 12;
}

/* four digits, not 0000 */
static gboolean
is_year(const char *v)
{
	return strlen(v) == 4 && strspn(v, "0123456789") == 4 && strcmp(v, "0000") != 0;
}

static gboolean
is_status(const char *v)
{
	return strcmp(v, "draft") == 0 || strcmp(v, "final") == 0;
}

static gboolean
is_currency(const char *v)
{
	return strcmp(v, "USD") == 0 || strcmp(v, "MXN") == 0;
}

static gboolean
is_country(const char *v)
{
	return strcmp(v, "MX") == 0 || strcmp(v, "US") == 0;
}

static gboolean
is_role(const char *v)
{
	static const char *const roles[] = { "paisano-eua", "paisano-mx", "emergencias", "quejas", "denuncia",
		"auxilio-vial", NULL };

	return one_of(v, roles);
}

static gboolean
is_quejas(const char *v)
{
	return strcmp(v, "quejas") == 0;
}

static gboolean
is_format(const char *v)
{
	return strcmp(v, "1") == 0;
}

/* [0-9a-f]{64} */
static gboolean
is_sha256(const char *v)
{
	gsize n = 0;

	for (; *v != '\0'; v++, n++)
		if (!is_digit(*v) && !(*v >= 'a' && *v <= 'f'))
			return FALSE;
	return n == 64;
}

/* a string of one character or more */
static gboolean
is_nonempty(const char *v)
{
	return v[0] != '\0';
}

/* [0-9]+ followed by a '.' and `decimals` digits (0: any number of them, at least one) or by
 * nothing */
static gboolean
is_number_with(const char *v, gsize decimals)
{
	gsize n = strspn(v, "0123456789"), m;

	if (n == 0)
		return FALSE;
	if (v[n] == '\0')
		return TRUE;
	if (v[n] != '.')
		return FALSE;
	m = strspn(v + n + 1, "0123456789");
	return v[n + 1 + m] == '\0' && m > 0 && (decimals == 0 || m == decimals);
}

/* [0-9]+(\.[0-9]{2})? */
static gboolean
is_amount(const char *v)
{
	return is_number_with(v, 2);
}

/* [0-9]+(\.[0-9]+)? */
static gboolean
is_number(const char *v)
{
	return is_number_with(v, 0);
}

/* A token as it is after collapsing its white space: single spaces between words, none at the
 * ends, no tabs or line ends; `min` characters or more. */
static gboolean
is_plain_token(const char *v, glong min)
{
	gsize n = strlen(v);

	if (strpbrk(v, "\t\n\r") != NULL || strstr(v, "  ") != NULL)
		return FALSE;
	if (n > 0 && (v[0] == ' ' || v[n - 1] == ' '))
		return FALSE;
	return g_utf8_strlen(v, (gssize)n) >= min;
}

static gboolean
is_token1(const char *v)
{
	return is_plain_token(v, 1);
}

static gboolean
is_token3(const char *v)
{
	return is_plain_token(v, 3);
}

/* [0-9 ()+-]{3,24}, as a plain token */
static gboolean
is_phone(const char *v)
{
	gsize n = strspn(v, "0123456789 ()+-");

	return v[n] == '\0' && n >= 3 && n <= 24 && is_plain_token(v, 3);
}

/* ----- attributes ----- */

struct attr_rule {
	const char	*name;
	gboolean	 required;
	value_fn	 ok;
	gboolean	 xml_ns;	/* xml:name */
};

#define VALIDITY_ATTRS \
	{ "from", FALSE, is_date, FALSE }, { "to", FALSE, is_date, FALSE }, { "season", FALSE, is_seasons, FALSE }
#define VALUE_VALIDITY_ATTRS \
	{ "from", TRUE, is_date, FALSE }, { "to", FALSE, is_date, FALSE }, { "season", FALSE, is_seasons, FALSE }
#define END { NULL, FALSE, NULL, FALSE }

static const struct attr_rule no_attrs[] = { END };
static const struct attr_rule validity_attrs[] = { VALIDITY_ATTRS, END };
static const struct attr_rule id_validity_attrs[] = { { "id", TRUE, is_id, FALSE }, VALIDITY_ATTRS, END };
static const struct attr_rule id_attrs[] = { { "id", TRUE, is_id, FALSE }, END };
static const struct attr_rule to_attrs[] = { { "to", TRUE, is_id, FALSE }, END };
static const struct attr_rule text_attrs[] = {
	{ "lang", TRUE, is_lang, TRUE }, { "es-hash", FALSE, is_es_hash, FALSE }, END };
static const struct attr_rule notice_attrs[] = { { "type", TRUE, is_notice_type, FALSE }, VALIDITY_ATTRS, END };
static const struct attr_rule image_attrs[] = {
	{ "src", TRUE, is_image_src, FALSE }, { "width", FALSE, is_width, FALSE }, VALIDITY_ATTRS, END };
static const struct attr_rule card_attrs[] = { { "ref", TRUE, is_id, FALSE }, VALIDITY_ATTRS, END };
static const struct attr_rule field_attrs[] = { { "lines", FALSE, is_lines, FALSE }, END };
static const struct attr_rule fact_attrs[] = {
	{ "id", TRUE, is_id, FALSE }, { "label", TRUE, is_nonempty, FALSE }, { "kind", TRUE, is_nonempty, FALSE }, END };
static const struct attr_rule phone_fact_attrs[] = {
	{ "id", TRUE, is_id, FALSE }, { "label", TRUE, is_nonempty, FALSE }, { "kind", TRUE, is_nonempty, FALSE },
	{ "country", TRUE, is_country, FALSE }, { "role", FALSE, is_role, FALSE }, END };
static const struct attr_rule value_attrs[] = { VALUE_VALIDITY_ATTRS, END };
static const struct attr_rule amount_value_attrs[] = { { "currency", TRUE, is_currency, FALSE }, VALUE_VALIDITY_ATTRS, END };
static const struct attr_rule phone_entry_attrs[] = {
	{ "id", FALSE, is_id, FALSE }, { "country", TRUE, is_country, FALSE }, { "role", FALSE, is_role, FALSE },
	{ "label", FALSE, is_nonempty, FALSE }, { "label-en", FALSE, is_nonempty, FALSE }, VALIDITY_ATTRS, END };
static const struct attr_rule web_entry_attrs[] = {
	{ "id", FALSE, is_id, FALSE }, { "role", FALSE, is_quejas, FALSE }, VALIDITY_ATTRS, END };
static const struct attr_rule agency_attrs[] = { { "id", TRUE, is_id, FALSE }, { "lang", FALSE, is_lang, TRUE }, END };
static const struct attr_rule edition_attrs[] = {
	{ "id", TRUE, is_id, FALSE }, { "lang", FALSE, is_lang, TRUE }, { "languages", FALSE, is_languages, FALSE },
	{ "year", TRUE, is_year, FALSE }, { "season", TRUE, is_season, FALSE }, { "revision", TRUE, is_positive, FALSE },
	{ "status", TRUE, is_status, FALSE }, { "previous", FALSE, is_id, FALSE }, { "date", TRUE, is_date, FALSE }, END };
static const struct attr_rule operation_attrs[] = { { "start", TRUE, is_date, FALSE }, { "end", TRUE, is_date, FALSE }, END };
static const struct attr_rule include_attrs[] = { { "section", TRUE, is_id, FALSE }, END };
static const struct attr_rule signoff_attrs[] = {
	{ "agency", TRUE, is_id, FALSE }, { "editor", TRUE, is_nonempty, FALSE }, { "date", TRUE, is_date, FALSE },
	{ "revision", TRUE, is_positive, FALSE }, { "sha256", FALSE, is_sha256, FALSE }, END };
static const struct attr_rule image_file_attrs[] = {
	{ "src", TRUE, is_nonempty, FALSE }, { "sha256", TRUE, is_sha256, FALSE }, END };
static const struct attr_rule snapshot_attrs[] = { { "format", TRUE, is_format, FALSE }, END };

/* An attribute's value when it is the usual single text node. */
static const char *
attr_text(xmlAttrPtr a)
{
	xmlNodePtr t = a->children;

	if (t == NULL || t->next != NULL || t->type != XML_TEXT_NODE || t->content == NULL)
		return NULL;
	return (const char *)t->content;
}

/* Every attribute of n is one the rules allow, with a plain valid value, and every required
 * one is there; no namespace declarations. */
static gboolean
attrs_ok(xmlNodePtr n, const struct attr_rule *rules)
{
	guint seen = 0, i;

	if (n->nsDef != NULL)
		return FALSE;
	for (xmlAttrPtr a = n->properties; a != NULL; a = a->next) {
		const char *v = attr_text(a);

		for (i = 0; rules[i].name != NULL; i++)
			if (strcmp(rules[i].name, (const char *)a->name) == 0 &&
			    (rules[i].xml_ns ? a->ns != NULL && xmlStrEqual(a->ns->href, XML_XML_NAMESPACE) : a->ns == NULL))
				break;
		if (rules[i].name == NULL || v == NULL || (seen & (1u << i)) || !rules[i].ok(v))
			return FALSE;
		seen |= 1u << i;
	}
	for (i = 0; rules[i].name != NULL; i++)
		if (rules[i].required && !(seen & (1u << i)))
			return FALSE;
	return TRUE;
}

/* The value of a no-namespace attribute, if it is a plain one. */
static const char *
attr_of(xmlNodePtr n, const char *name)
{
	for (xmlAttrPtr a = n->properties; a != NULL; a = a->next)
		if (a->ns == NULL && strcmp((const char *)a->name, name) == 0)
			return attr_text(a);
	return NULL;
}

/* ----- element content ----- */

static gboolean
is_elem(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns == NULL && strcmp((const char *)n->name, name) == 0;
}

/* What RelaxNG passes over between elements: comments, PIs, white-space-only text. */
static gboolean
ignorable(xmlNodePtr n)
{
	if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE)
		return TRUE;
	if (n->type != XML_TEXT_NODE)
		return FALSE;
	for (const xmlChar *p = n->content; p != NULL && *p != '\0'; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			return FALSE;
	return TRUE;
}

/* The child elements of element-only content, one at a time. */
struct kids {
	xmlNodePtr	 cur;	/* the next element, or NULL at the end */
	gboolean	 ok;	/* nothing but ignorable nodes between them */
};

static void
kids_skip(struct kids *k)
{
	for (; k->cur != NULL && k->cur->type != XML_ELEMENT_NODE; k->cur = k->cur->next)
		if (!ignorable(k->cur))
			k->ok = FALSE;
}

static void
kids_init(struct kids *k, xmlNodePtr parent)
{
	k->cur = parent->children;
	k->ok = TRUE;
	kids_skip(k);
}

/* The next element if it is `name` (NULL: any), taken; or NULL. */
static xmlNodePtr
kids_take(struct kids *k, const char *name)
{
	xmlNodePtr n = k->cur;

	if (n == NULL || (name != NULL ? !is_elem(n, name) : n->ns != NULL))
		return NULL;
	k->cur = n->next;
	kids_skip(k);
	return n;
}

static gboolean
kids_done(const struct kids *k)
{
	return k->ok && k->cur == NULL;
}

/* An element with attributes only. */
static gboolean
empty_ok(xmlNodePtr n, const struct attr_rule *rules)
{
	return n->children == NULL && attrs_ok(n, rules);
}

/* An element holding one value: a single text node. */
static gboolean
value_ok(xmlNodePtr n, const struct attr_rule *rules, value_fn ok)
{
	xmlNodePtr t = n->children;

	return t != NULL && t->next == NULL && t->type == XML_TEXT_NODE && t->content != NULL &&
	    ok((const char *)t->content) && attrs_ok(n, rules);
}

/* ----- inline text ----- */

/* define "inline": text, <em>, <strong>, <ref to=""/>, <see to=""/> */
static gboolean
inline_ok(xmlNodePtr first)
{
	for (xmlNodePtr k = first; k != NULL; k = k->next) {
		if (k->type == XML_TEXT_NODE || k->type == XML_COMMENT_NODE || k->type == XML_PI_NODE)
			continue;
		if (is_elem(k, "em") || is_elem(k, "strong")) {
			if (!attrs_ok(k, no_attrs) || !inline_ok(k->children))
				return FALSE;
		} else if (is_elem(k, "ref") || is_elem(k, "see")) {
			if (!empty_ok(k, to_attrs))
				return FALSE;
		} else
			return FALSE;
	}
	return TRUE;
}

/* define "textual": inline text, or one <text xml:lang=""> or more */
static gboolean
textual_ok(xmlNodePtr n)
{
	struct kids k;
	xmlNodePtr t;
	guint texts = 0;

	for (t = n->children; t != NULL && !is_elem(t, "text"); t = t->next)
		;
	if (t == NULL)
		return inline_ok(n->children);
	kids_init(&k, n);
	while ((t = kids_take(&k, "text")) != NULL) {
		if (!attrs_ok(t, text_attrs) || !inline_ok(t->children))
			return FALSE;
		texts++;
	}
	return texts > 0 && kids_done(&k);
}

/* An element with no attributes holding a textual: <title>, <name>, <caption>, <cell>... */
static gboolean
text_elem_ok(xmlNodePtr n)
{
	return attrs_ok(n, no_attrs) && textual_ok(n);
}

/* ----- blocks ----- */

/* <list>/<steps>: one <item>/<step> or more, each with `item_attrs` and a textual */
static gboolean
items_ok(xmlNodePtr x, const char *item, const struct attr_rule *item_attrs)
{
	struct kids k;
	xmlNodePtr i;
	guint n = 0;

	kids_init(&k, x);
	for (; (i = kids_take(&k, item)) != NULL; n++)
		if (!attrs_ok(i, item_attrs) || !textual_ok(i))
			return FALSE;
	return n > 0 && kids_done(&k);
}

/* define "cell", one or more */
static gboolean
cells_ok(xmlNodePtr x)
{
	return items_ok(x, "cell", no_attrs);
}

static gboolean
table_ok(xmlNodePtr x)
{
	struct kids k;
	xmlNodePtr c;
	guint rows = 0;

	if (!attrs_ok(x, validity_attrs))
		return FALSE;
	kids_init(&k, x);
	if ((c = kids_take(&k, "caption")) != NULL && !text_elem_ok(c))
		return FALSE;
	if ((c = kids_take(&k, "header")) == NULL || !attrs_ok(c, no_attrs) || !cells_ok(c))
		return FALSE;
	for (; (c = kids_take(&k, "row")) != NULL; rows++)
		if (!attrs_ok(c, validity_attrs) || !cells_ok(c))
			return FALSE;
	return rows > 0 && kids_done(&k);
}

/* define "simple.block": <p> or <list>, without validity */
static gboolean
simple_block_ok(xmlNodePtr x)
{
	if (is_elem(x, "p"))
		return text_elem_ok(x);
	if (is_elem(x, "list"))
		return attrs_ok(x, no_attrs) && items_ok(x, "item", no_attrs);
	return FALSE;
}

static gboolean
notice_ok(xmlNodePtr x)
{
	struct kids k;
	xmlNodePtr c;
	guint n = 0;

	if (!attrs_ok(x, notice_attrs))
		return FALSE;
	kids_init(&k, x);
	if ((c = kids_take(&k, "title")) != NULL && !text_elem_ok(c))
		return FALSE;
	for (; (c = kids_take(&k, NULL)) != NULL; n++)
		if (!simple_block_ok(c))
			return FALSE;
	return n > 0 && kids_done(&k);
}

static gboolean
image_ok(xmlNodePtr x)
{
	struct kids k;
	xmlNodePtr c;

	if (!attrs_ok(x, image_attrs))
		return FALSE;
	kids_init(&k, x);
	if ((c = kids_take(&k, "alt")) == NULL || !text_elem_ok(c))
		return FALSE;
	if ((c = kids_take(&k, "caption")) != NULL && !text_elem_ok(c))
		return FALSE;
	return kids_done(&k);
}

static gboolean
form_ok(xmlNodePtr x)
{
	struct kids k;
	xmlNodePtr c;
	guint fields = 0;

	if (!attrs_ok(x, id_validity_attrs))
		return FALSE;
	kids_init(&k, x);
	if ((c = kids_take(&k, "title")) == NULL || !text_elem_ok(c))
		return FALSE;
	while ((c = kids_take(&k, "p")) != NULL)
		if (!text_elem_ok(c))
			return FALSE;
	for (; (c = kids_take(&k, "field")) != NULL; fields++)
		if (!attrs_ok(c, field_attrs) || !textual_ok(c))
			return FALSE;
	return fields > 0 && kids_done(&k);
}

/* define "block" */
static gboolean
block_ok(xmlNodePtr x)
{
	if (is_elem(x, "p"))
		return attrs_ok(x, validity_attrs) && textual_ok(x);
	if (is_elem(x, "list"))
		return attrs_ok(x, validity_attrs) && items_ok(x, "item", validity_attrs);
	if (is_elem(x, "steps"))
		return attrs_ok(x, validity_attrs) && items_ok(x, "step", validity_attrs);
	if (is_elem(x, "table"))
		return table_ok(x);
	if (is_elem(x, "notice"))
		return notice_ok(x);
	if (is_elem(x, "image"))
		return image_ok(x);
	if (is_elem(x, "card"))
		return empty_ok(x, card_attrs);
	if (is_elem(x, "form"))
		return form_ok(x);
	return FALSE;
}

/* define "section" (top: blocks, then subsections) and "subsection" (one block or more) */
static gboolean
section_ok(xmlNodePtr s, gboolean top)
{
	struct kids k;
	xmlNodePtr c;
	guint blocks = 0;

	if (!attrs_ok(s, id_validity_attrs))
		return FALSE;
	kids_init(&k, s);
	if ((c = kids_take(&k, "title")) == NULL || !text_elem_ok(c))
		return FALSE;
	for (; k.cur != NULL && !is_elem(k.cur, "section") && (c = kids_take(&k, NULL)) != NULL; blocks++)
		if (!block_ok(c))
			return FALSE;
	if (!top)
		return blocks > 0 && kids_done(&k);
	while ((c = kids_take(&k, "section")) != NULL)
		if (!section_ok(c, FALSE))
			return FALSE;
	return kids_done(&k);
}

/* ----- facts and contacts ----- */

static gboolean
fact_ok(xmlNodePtr f)
{
	const char *kind = attr_of(f, "kind");
	const struct attr_rule *rules = fact_attrs, *vrules = value_attrs;
	value_fn value;
	struct kids k;
	xmlNodePtr v;
	guint n = 0;

	if (kind == NULL)
		return FALSE;
	if (strcmp(kind, "amount") == 0) {
		vrules = amount_value_attrs;
		value = is_amount;
	} else if (strcmp(kind, "number") == 0 || strcmp(kind, "percent") == 0)
		value = is_number;
	else if (strcmp(kind, "date") == 0)
		value = is_date;
	else if (strcmp(kind, "phone") == 0) {
		rules = phone_fact_attrs;
		value = is_phone;
	} else if (strcmp(kind, "url") == 0 || strcmp(kind, "email") == 0)
		value = is_token3;
	else
		return FALSE;
	if (!attrs_ok(f, rules))
		return FALSE;
	kids_init(&k, f);
	for (; (v = kids_take(&k, "value")) != NULL; n++)
		if (!value_ok(v, vrules, value))
			return FALSE;
	return n > 0 && kids_done(&k);
}

static gboolean
contact_ok(xmlNodePtr ct)
{
	struct kids k;
	xmlNodePtr c;
	guint entries = 0;

	if (!attrs_ok(ct, id_attrs))
		return FALSE;
	kids_init(&k, ct);
	if ((c = kids_take(&k, "name")) == NULL || !text_elem_ok(c))
		return FALSE;
	for (;; entries++) {
		if ((c = kids_take(&k, "phone")) != NULL) {
			if (!value_ok(c, phone_entry_attrs, is_phone))
				return FALSE;
		} else if ((c = kids_take(&k, "web")) != NULL || (c = kids_take(&k, "email")) != NULL) {
			if (!value_ok(c, web_entry_attrs, is_token3))
				return FALSE;
		} else
			break;
	}
	if (entries == 0)
		return FALSE;
	if ((c = kids_take(&k, "note")) != NULL && !text_elem_ok(c))
		return FALSE;
	return kids_done(&k);
}

/* one or more of `name`, each checked by ok, in an element without attributes */
static gboolean
list_of(xmlNodePtr x, const char *name, gboolean (*ok)(xmlNodePtr))
{
	struct kids k;
	xmlNodePtr c;
	guint n = 0;

	if (!attrs_ok(x, no_attrs))
		return FALSE;
	kids_init(&k, x);
	for (; (c = kids_take(&k, name)) != NULL; n++)
		if (!ok(c))
			return FALSE;
	return n > 0 && kids_done(&k);
}

/* ----- an agency file ----- */

static gboolean
top_section_ok(xmlNodePtr s)
{
	return section_ok(s, TRUE);
}

static gboolean
agency_ok(xmlNodePtr a)
{
	struct kids k;
	xmlNodePtr c;

	if (!attrs_ok(a, agency_attrs))
		return FALSE;
	kids_init(&k, a);
	if ((c = kids_take(&k, "name")) == NULL || !text_elem_ok(c))
		return FALSE;
	if ((c = kids_take(&k, "short")) != NULL && !value_ok(c, no_attrs, is_token1))
		return FALSE;
	if ((c = kids_take(&k, "facts")) != NULL && !list_of(c, "fact", fact_ok))
		return FALSE;
	if ((c = kids_take(&k, "contacts")) != NULL && !list_of(c, "contact", contact_ok))
		return FALSE;
	while ((c = kids_take(&k, "section")) != NULL)
		if (!top_section_ok(c))
			return FALSE;
	return kids_done(&k);
}

/* ----- an edition manifest ----- */

static gboolean
include_ok(xmlNodePtr i)
{
	return empty_ok(i, include_attrs);
}

static gboolean
chapter_ok(xmlNodePtr ch)
{
	struct kids k;
	xmlNodePtr c;
	guint n = 0;

	if (!attrs_ok(ch, id_attrs))
		return FALSE;
	kids_init(&k, ch);
	if ((c = kids_take(&k, "title")) == NULL || !text_elem_ok(c))
		return FALSE;
	for (; (c = kids_take(&k, "include")) != NULL; n++)
		if (!include_ok(c))
			return FALSE;
	return n > 0 && kids_done(&k);
}

static gboolean
edition_ok(xmlNodePtr e)
{
	struct kids k, sk;
	xmlNodePtr c;

	if (!attrs_ok(e, edition_attrs))
		return FALSE;
	kids_init(&k, e);
	if ((c = kids_take(&k, "title")) == NULL || !text_elem_ok(c))
		return FALSE;
	if ((c = kids_take(&k, "operation")) == NULL || !empty_ok(c, operation_attrs))
		return FALSE;
	if ((c = kids_take(&k, "contents")) == NULL || !list_of(c, "chapter", chapter_ok))
		return FALSE;
	if ((c = kids_take(&k, "signoffs")) == NULL || !attrs_ok(c, no_attrs))
		return FALSE;
	kids_init(&sk, c);
	while ((c = kids_take(&sk, "signoff")) != NULL)
		if (!empty_ok(c, signoff_attrs))
			return FALSE;
	return kids_done(&sk) && kids_done(&k);
}

/* define "snapshot" */
static gboolean
snapshot_ok(xmlNodePtr m)
{
	struct kids k;
	xmlNodePtr c;

	if (!attrs_ok(m, snapshot_attrs))
		return FALSE;
	kids_init(&k, m);
	if ((c = kids_take(&k, "edition")) == NULL || !edition_ok(c))
		return FALSE;
	while ((c = kids_take(&k, "agency")) != NULL)
		if (!agency_ok(c))
			return FALSE;
	if ((c = kids_take(&k, "images")) != NULL) {
		struct kids ik;
		guint n = 0;

		if (!attrs_ok(c, no_attrs))
			return FALSE;
		kids_init(&ik, c);
		for (; (c = kids_take(&ik, "file")) != NULL; n++)
			if (!empty_ok(c, image_file_attrs))
				return FALSE;
		if (n == 0 || !kids_done(&ik))
			return FALSE;
	}
	return kids_done(&k);
}

gboolean
valid_surely(xmlDocPtr doc)
{
	xmlNodePtr root;

	if (doc == NULL || !valid_active() || (root = xmlDocGetRootElement(doc)) == NULL)
		return FALSE;
	if (is_elem(root, "agency"))
		return agency_ok(root);
	if (is_elem(root, "edition"))
		return edition_ok(root);
	if (is_elem(root, "paisano-model"))
		return snapshot_ok(root);
	return FALSE;
}
