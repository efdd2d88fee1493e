/* check.c: consistency checks on the compiled model, one function each, in one table. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "check.h"
#include "image.h"
#include "signoff.h"
#include "uname.h"
#include "i18n.h"

struct fact_index;

struct checker {
	const struct model	*m;
	const struct check_opts	*opts;
	struct diag_list	*dl;
	const struct fact_index	*facts;	/* built once for the literal-facts check */
	GHashTable		*images;	/* path -> struct image_seen: during the images check */
};

/* ----- flattened text: a textual's inlines as one string, with positions ----- */

#define OBJ "\xef\xbf\xbc"	/* U+FFFC stands for a <ref> or <see> in flattened text */

struct seg {
	gsize			 off;	/* byte offset in the flat string */
	const struct node	*text;	/* NODE_TEXT, or NULL for a placeholder */
	const struct node	*inl;	/* the inline node */
};

struct flat {
	GString		*s;
	GArray		*segs;
	struct srcpos	 pos;	/* of the textual, for placeholders */
	enum lang	 lang;
};

static void
flatten_inlines(struct flat *fl, const struct node *n)
{
	for (; n != NULL; n = n->next) {
		struct seg sg = { fl->s->len, NULL, n };

		switch (n->type) {
		case NODE_TEXT:
			sg.text = n;
			g_array_append_val(fl->segs, sg);
			g_string_append(fl->s, n->raw != NULL ? n->raw : n->u.str);
			break;
		case NODE_REF:
		case NODE_SEE:
			g_array_append_val(fl->segs, sg);
			g_string_append(fl->s, OBJ);
			break;
		case NODE_EM:
		case NODE_STRONG:
		CASE_NODE_BLOCKS:
			flatten_inlines(fl, n->first);
			break;
		}
	}
}

/* The buffers of a flat are reused from text to text: flat_fill() empties and refills them. */
static void
flat_init(struct flat *fl)
{
	fl->s = g_string_sized_new(1024);
	fl->segs = g_array_new(FALSE, FALSE, sizeof(struct seg));
}

static void
flat_fill(struct flat *fl, const struct textual *t, enum lang lang)
{
	g_string_truncate(fl->s, 0);
	g_array_set_size(fl->segs, 0);
	fl->pos = t->pos[lang];
	fl->lang = lang;
	flatten_inlines(fl, t->inl[lang]);
}

static void
flat_free(struct flat *fl)
{
	g_string_free(fl->s, TRUE);
	g_array_free(fl->segs, TRUE);
}

/* The source position of byte `off` of the flat string. */
static struct srcpos
flat_pos(const struct flat *fl, gsize off)
{
	const struct seg *best = NULL;
	struct srcpos p = fl->pos;

	for (guint i = 0; i < fl->segs->len; i++) {
		const struct seg *sg = &g_array_index(fl->segs, struct seg, i);

		if (sg->off > off)
			break;
		best = sg;
	}
	if (best == NULL)
		return p;
	p = best->inl->pos;
	if (best->text != NULL) {
		const char *s = best->text->raw != NULL ? best->text->raw : best->text->u.str, *end = s + (off - best->off);

		for (; s < end && *s != '\0'; s = g_utf8_next_char(s)) {
			if (*s == '\n') {
				p.line++;
				p.col = 1;
			} else
				p.col++;
		}
	}
	return p;
}

/* Whether messages about `file` are kept (check_opts.only_files); an unknown file always. */
static gboolean
kept_file(const struct checker *c, const char *file)
{
	return c->opts == NULL || c->opts->only_files == NULL || file == NULL ||
	    g_hash_table_contains(c->opts->only_files, file);
}

static void
report(struct checker *c, enum msg_id id, const struct srcpos *p, ...)
{
	va_list ap;

	va_start(ap, p);
	diag_vmsg(c->dl, id, p->file, p->line, p->col, ap);
	va_end(ap);
}

static void
report_at(struct checker *c, enum msg_id id, const struct flat *fl, gsize off, ...)
{
	struct srcpos p = flat_pos(fl, off);
	va_list ap;

	va_start(ap, off);
	diag_vmsg(c->dl, id, p.file, p.line, p.col, ap);
	va_end(ap);
}

/* ----- walking all text ----- */

/* A check of one text in one language.  The text checks share one walk over the model (see
 * check_texts()): each text is flattened once and handed to every one of them in turn. */
typedef void (*text_fn)(struct checker *, const struct flat *);

typedef void (*fact_fn)(struct checker *, const struct fact *);

static void
each_fact(struct checker *c, fact_fn fn)
{
	for (guint i = 0; i < c->m->agencies->len; i++) {
		const struct agency *a = c->m->agencies->pdata[i];

		for (guint j = 0; j < a->facts->len; j++)
			fn(c, a->facts->pdata[j]);
	}
}

/* The value a fact prints in this edition, or (no edition) its first. */
static const struct fact_value *
current_value(const struct fact *f)
{
	if (f->value != NULL)
		return f->value;
	return f->values->len > 0 ? f->values->pdata[0] : NULL;
}

/* How a message names a fact: its id; a contact entry without one by its label, else by what
 * it is and whose (never "?": the reader must find it). */
static const char *
fact_name(const struct fact *f)
{
	const char *whose, *r;
	char *s;

	if (f->id != NULL)
		return f->id;
	if (f->label != NULL)
		return f->label;
	whose = f->contact != NULL && f->contact->id != NULL ? f->contact->id : f->agency != NULL ? f->agency : "";
	if (f->contact == NULL)
		s = g_strdup_printf(_("the value of agency %s without an id"), whose);
	else
		s = g_strdup_printf(f->kind == FACT_PHONE ? _("the phone of contact %s") :
		    f->kind == FACT_URL ? _("the web address of contact %s") :
		    f->kind == FACT_EMAIL ? _("the email address of contact %s") : _("the value of contact %s"), whose);
	r = g_intern_string(s);		/* the messages hold it: kept for the program's life */
	g_free(s);
	return r;
}

/* ----- numbers and phones ----- */

char *
check_phone_digits(const char *s)
{
	GString *d = g_string_new(NULL);

	for (; *s != '\0'; s++)
		if (g_ascii_isdigit(*s))
			g_string_append_c(d, *s);
	return g_string_free(d, FALSE);
}


/* Short numbers that may be printed as they are. */
static const char *const short_numbers[] = { "911", "089", "088", "078", "074", "070", "072", "075", NULL };

static gboolean
known_short(const char *d)
{
	for (const char *const *s = short_numbers; *s != NULL; s++)
		if (strcmp(*s, d) == 0)
			return TRUE;
	return FALSE;
}

static char *
short_list(void)
{
	return g_strjoinv(", ", (char **)short_numbers);
}

static char *
format_mx(const char *d10)
{
	return model_format_phone(d10, COUNTRY_MX);
}

/* Check 4 on one number: returns TRUE when it is well-formed. */
static gboolean
phone_ok(struct checker *c, const char *text, enum country country, const struct srcpos *p)
{
	char *d = check_phone_digits(text);
	gsize n = strlen(d);
	gboolean ok = FALSE;

	if (country == COUNTRY_MX) {
		if (n == 3) {
			if (!(ok = known_short(d))) {
				char *list = short_list();

				report(c, MSG_PHONE_SHORT_UNKNOWN, p, text, list);
				g_free(list);
			}
		} else if (n == 12 && g_str_has_prefix(d, "01")) {
			char *f = format_mx(d + 2);

			report(c, MSG_PHONE_OLD_PREFIX, p, text, "01", f);
			g_free(f);
		} else if (n == 13 && (g_str_has_prefix(d, "044") || g_str_has_prefix(d, "045"))) {
			char *f = format_mx(d + 3), pre[4];

			g_strlcpy(pre, d, sizeof(pre));
			report(c, MSG_PHONE_OLD_PREFIX, p, text, pre, f);
			g_free(f);
		} else if (n != 10)
			report(c, MSG_PHONE_MX_LENGTH, p, text, (int)n);
		else
			ok = TRUE;
	} else if (country == COUNTRY_US) {
		if (n == 12 && g_str_has_prefix(d, "01")) {
			char *f = g_strdup_printf("1 %.3s %.3s %.4s", d + 2, d + 5, d + 8);

			report(c, MSG_PHONE_US_MX_PREFIX, p, text, f);
			g_free(f);
		} else if (n != 11 || d[0] != '1')
			report(c, MSG_PHONE_US_LENGTH, p, text);
		else
			ok = TRUE;
	}
	g_free(d);
	return ok;
}

static void
check_phone_fact(struct checker *c, const struct fact *f)
{
	if (f->kind != FACT_PHONE)
		return;
	for (guint i = 0; i < f->values->len; i++) {
		const struct fact_value *v = f->values->pdata[i];

		phone_ok(c, v->text, f->country, &v->pos);
	}
}

/* Two numbers one digit apart are usually one number misprinted. */
static void
check_phone_twins(struct checker *c)
{
	GPtrArray *phones = g_ptr_array_new(), *digits = g_ptr_array_new_with_free_func(g_free);

	for (guint i = 0; i < c->m->agencies->len; i++) {
		const struct agency *a = c->m->agencies->pdata[i];

		for (guint j = 0; j < a->facts->len; j++) {
			const struct fact *f = a->facts->pdata[j];

			if (f->kind == FACT_PHONE && f->values->len > 0)
				g_ptr_array_add(phones, (gpointer)f);
		}
	}
	for (guint i = 0; i < phones->len; i++)
		g_ptr_array_add(digits, check_phone_digits(current_value(phones->pdata[i])->text));
	for (guint i = 0; i < phones->len; i++) {
		const struct fact *a = phones->pdata[i];
		const struct fact_value *va = current_value(a);
		const char *da = digits->pdata[i];

		for (guint j = 0; j < i; j++) {
			const struct fact *b = phones->pdata[j];
			const struct fact_value *vb = current_value(b);
			const char *db = digits->pdata[j];

			if (strlen(da) >= 7 && strlen(da) == strlen(db) && model_edit_distance(da, db) == 1)
				report(c, MSG_PHONE_NEAR_TWIN, &va->pos, va->text, fact_name(a), vb->text,
				    fact_name(b), vb->pos.file, vb->pos.line);
		}
	}
	g_ptr_array_free(digits, TRUE);
	g_ptr_array_free(phones, TRUE);
}

static void
check_phones(struct checker *c)
{
	each_fact(c, check_phone_fact);
	check_phone_twins(c);
}

/* ----- literal values in prose (check 3) ----- */

static GRegex *re_phone, *re_amount, *re_url;

/* Compiled once for all threads (the desk checks on several at once). */
static void
regexes_init(void)
{
	static gsize once;

	if (!g_once_init_enter(&once))
		return;
	/* Digits in groups separated by a space, hyphen or dot, with parentheses allowed:
	 * seven or more digits in all is a phone number in running text. */
	re_phone = g_regex_new("(?<![\\d,.$])\\(?\\+?\\d{1,4}\\)?(?:[ .\\-]\\(?\\d{1,4}\\)?){1,5}(?![\\d,])|(?<![\\d,.$])\\d{7,13}(?![\\d,])",
	    G_REGEX_OPTIMIZE, 0, NULL);
	re_amount = g_regex_new(
	    "(?<cur1>USD|US\\$|U\\.S\\.\\s?\\$|MXN|M\\.N\\.)\\s?\\$?\\s?(?<n1>\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d\\d)?"
	    "|\\$\\s?(?<n2>\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d\\d)?(?:\\s?(?<cur2>USD|dólares|dolares|dlls?\\.?|dls\\.?|pesos|MXN|M\\.N\\.))?"
	    "|(?<![\\w$])(?<n3>\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d\\d)?\\s?(?<cur3>USD|dólares|dolares|dlls\\.?|dls\\.?|pesos|MXN)\\b",
	    G_REGEX_OPTIMIZE | G_REGEX_CASELESS, 0, NULL);
	re_url = g_regex_new("(?:https?://|www\\.)[^\\s<>«»“”\"]+[^\\s<>«»“”\".,;:)]", G_REGEX_OPTIMIZE | G_REGEX_CASELESS, 0, NULL);
	g_once_init_leave(&once, 1);
}

static const char *
currency_of(const char *word)
{
	char *w;
	const char *r;

	if (word == NULL || *word == '\0')
		return "MXN";	/* a bare "$" is pesos in Mexico */
	w = g_utf8_strdown(word, -1);
	r = (g_str_has_prefix(w, "pesos") || g_str_has_prefix(w, "mxn") || g_str_has_prefix(w, "m.n")) ? "MXN" : "USD";
	g_free(w);
	return r;
}

static char *
fold(const char *s)
{
	char *a = g_str_to_ascii(s, "C"), *d = g_ascii_strdown(a, -1);

	g_free(a);
	return d;
}

/* The words of a fact's label that count when a sentence mentions it: folded to plain
 * lowercase ASCII, 4 letters or more, not "fuera" or "para".  NULL-terminated (g_strfreev). */
static char **
label_words(const char *label)
{
	GPtrArray *r = g_ptr_array_new();

	if (label != NULL) {
		char *l = fold(label), **words = g_strsplit_set(l, " (),;/", -1);

		for (char **w = words; *w != NULL; w++)
			if (strlen(*w) >= 4 && strcmp(*w, "fuera") != 0 && strcmp(*w, "para") != 0)
				g_ptr_array_add(r, g_strdup(*w));
		g_strfreev(words);
		g_free(l);
	}
	g_ptr_array_add(r, NULL);
	return (char **)g_ptr_array_free(r, FALSE);
}

/* How many of a label's words (label_words()) the sentence contains. */
static guint
label_score(char *const *words, const char *sentence_folded)
{
	guint score = 0;

	for (char *const *w = words; *w != NULL; w++)
		if (strstr(sentence_folded, *w) != NULL)
			score++;
	return score;
}

/* The sentence around byte `off` of s, folded to plain lowercase ASCII. */
static char *
sentence_at(const char *s, gsize off, gsize len)
{
	gsize a = off, b = off + len;
	char *raw, *r;

	while (a > 0 && strchr(".;!?¡¿:\n", s[a - 1]) == NULL)
		a--;
	while (s[b] != '\0' && strchr(".;!?:", s[b]) == NULL)
		b++;
	raw = g_strndup(s + a, b - a);
	r = fold(raw);
	g_free(raw);
	return r;
}

static char *url_key(const char *);

/* The facts literal values in the text are compared with, indexed once per check run. */
struct amount_fact {
	const struct fact	*f;
	const struct fact_value	*v;		/* its value for the edition, with a currency */
	char			**words;	/* label_words() of its label */
};

struct fact_index {
	GArray		*amounts;		/* struct amount_fact, in model order */
	GPtrArray	*phones;		/* phone facts with a value, in model order */
	GPtrArray	*phone_digits;		/* the digits of each of those values (owned) */
	GHashTable	*phone_by_digits;	/* digits -> the first phone fact with them */
	GHashTable	*url_by_key;		/* url_key() (owned) -> the first URL fact with it */
};

static void
fact_index_init(struct fact_index *ix, const struct model *m)
{
	ix->amounts = g_array_new(FALSE, FALSE, sizeof(struct amount_fact));
	ix->phones = g_ptr_array_new();
	ix->phone_digits = g_ptr_array_new_with_free_func(g_free);
	ix->phone_by_digits = g_hash_table_new(g_str_hash, g_str_equal);
	ix->url_by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint i = 0; i < m->agencies->len; i++) {
		const struct agency *a = m->agencies->pdata[i];

		for (guint j = 0; j < a->facts->len; j++) {
			const struct fact *f = a->facts->pdata[j];
			const struct fact_value *v = current_value(f);

			if (v == NULL)
				continue;
			if (f->kind == FACT_AMOUNT && v->currency != NULL) {
				struct amount_fact af = { f, v, label_words(f->label) };

				g_array_append_val(ix->amounts, af);
			} else if (f->kind == FACT_PHONE) {
				char *d = check_phone_digits(v->text);

				g_ptr_array_add(ix->phones, (gpointer)f);
				g_ptr_array_add(ix->phone_digits, d);
				if (!g_hash_table_contains(ix->phone_by_digits, d))
					g_hash_table_insert(ix->phone_by_digits, d, (gpointer)f);
			} else if (f->kind == FACT_URL) {
				char *k = url_key(v->text);

				if (g_hash_table_contains(ix->url_by_key, k))
					g_free(k);
				else
					g_hash_table_insert(ix->url_by_key, k, (gpointer)f);
			}
		}
	}
}

static void
fact_index_free(struct fact_index *ix)
{
	for (guint i = 0; i < ix->amounts->len; i++)
		g_strfreev(g_array_index(ix->amounts, struct amount_fact, i).words);
	g_array_free(ix->amounts, TRUE);
	g_hash_table_destroy(ix->phone_by_digits);
	g_ptr_array_free(ix->phones, TRUE);
	g_ptr_array_free(ix->phone_digits, TRUE);
	g_hash_table_destroy(ix->url_by_key);
}

static void
literal_amount(struct checker *c, const struct flat *fl, GMatchInfo *mi)
{
	char *num = NULL, *cur = NULL, *whole = g_match_info_fetch(mi, 0), *plain, *sent, *canon;
	const char *currency;
	int start, end;
	const struct fact *eq = NULL, *best = NULL;
	guint best_score = 0, eq_score = 0;

	for (int i = 1; i <= 3 && (num == NULL || *num == '\0'); i++) {
		char name[8];

		g_free(num);
		g_free(cur);
		g_snprintf(name, sizeof(name), "n%d", i);
		num = g_match_info_fetch_named(mi, name);
		g_snprintf(name, sizeof(name), "cur%d", i);
		cur = i == 2 ? g_match_info_fetch_named(mi, "cur2") : g_match_info_fetch_named(mi, name);
	}
	g_match_info_fetch_pos(mi, 0, &start, &end);
	currency = currency_of(cur);
	plain = check_phone_digits(num);
	sent = sentence_at(fl->s->str, (gsize)start, (gsize)(end - start));
	/* The form a <ref> prints, "10 000 dólares" in Spanish and "USD 10,000" in English, with
	 * plain spaces for the messages. */
	{
		struct fact af = { .kind = FACT_AMOUNT };
		struct fact_value av = { .text = plain, .currency = currency };
		char *printed = model_format_value(&af, &av, fl->lang), **parts;

		parts = g_strsplit(printed, "\xc2\xa0", -1);
		g_free(printed);
		printed = g_strjoinv(" ", parts);
		g_strfreev(parts);
		parts = g_strsplit(printed, "\xe2\x80\xaf", -1);
		canon = g_strjoinv(" ", parts);
		g_strfreev(parts);
		g_free(printed);
	}

	/* Notation first (check 8): one form per language. */
	if (strcmp(whole, canon) != 0)
		report_at(c, MSG_TEXT_CURRENCY, fl, (gsize)start, whole, canon);

	for (guint i = 0; i < c->facts->amounts->len; i++) {
		const struct amount_fact *af = &g_array_index(c->facts->amounts, struct amount_fact, i);
		guint score;
		gboolean same;

		if (strcmp(af->v->currency, currency) != 0)
			continue;
		same = strcmp(af->v->text, plain) == 0;
		score = label_score(af->words, sent);
		if (same && (eq == NULL || score > eq_score)) {
			eq = af->f;
			eq_score = score;
		}
		if (score > best_score) {
			best = af->f;
			best_score = score;
		}
	}
	if (eq != NULL && eq_score >= best_score)
		report_at(c, MSG_LITERAL_FACT, fl, (gsize)start, canon, fact_name(eq), fact_name(eq));
	else if (best != NULL) {
		char *v = model_format_value(best, current_value(best), fl->lang);

		report_at(c, MSG_LITERAL_CONTRADICTS, fl, (gsize)start, canon, fact_name(best), v, fact_name(best));
		g_free(v);
	} else if (eq != NULL)
		report_at(c, MSG_LITERAL_FACT, fl, (gsize)start, canon, fact_name(eq), fact_name(eq));
	g_free(canon);
	g_free(sent);
	g_free(plain);
	g_free(num);
	g_free(cur);
	g_free(whole);
}

static void
literal_phone(struct checker *c, const struct flat *fl, GMatchInfo *mi)
{
	char *whole = g_match_info_fetch(mi, 0), *d = check_phone_digits(whole);
	int start, end;
	gsize n = strlen(d);
	const struct fact *eq = NULL, *near = NULL;
	guint neard = 3;
	struct srcpos p;

	g_match_info_fetch_pos(mi, 0, &start, &end);
	if (n < 7 || n > 13) {
		g_free(whole);
		g_free(d);
		return;
	}
	/* The first phone with these digits; without one, the closest (one or two digits off). */
	eq = g_hash_table_lookup(c->facts->phone_by_digits, d);
	for (guint i = 0; eq == NULL && i < c->facts->phones->len; i++) {
		const char *fd = c->facts->phone_digits->pdata[i];
		guint dist;

		if (strlen(fd) >= 7 && (dist = model_edit_distance(fd, d)) < neard) {
			neard = dist;
			near = c->facts->phones->pdata[i];
		}
	}
	p = flat_pos(fl, (gsize)start);
	if (eq != NULL)
		report(c, MSG_LITERAL_FACT, &p, whole, fact_name(eq), fact_name(eq));
	else if (g_str_has_prefix(d, "01") || g_str_has_prefix(d, "044") || g_str_has_prefix(d, "045")) {
		/* An old prefix: check 4 explains it; for a US number it is the Mexican 01. */
		gboolean us = near != NULL && near->country == COUNTRY_US;

		phone_ok(c, whole, us ? COUNTRY_US : COUNTRY_MX, &p);
	} else if (near != NULL) {
		const struct fact_value *v = current_value(near);

		report(c, MSG_LITERAL_MISPRINT, &p, whole, v->text, fact_name(near), fact_name(near));
	} else if (n == 11 && d[0] == '1')
		phone_ok(c, whole, COUNTRY_US, &p);
	else
		phone_ok(c, whole, COUNTRY_MX, &p);
	g_free(whole);
	g_free(d);
}

static char *
url_key(const char *u)
{
	const char *p = u;
	char *r;
	gsize n;

	if (g_str_has_prefix(p, "https://"))
		p += 8;
	else if (g_str_has_prefix(p, "http://"))
		p += 7;
	if (g_str_has_prefix(p, "www."))
		p += 4;
	r = g_ascii_strdown(p, -1);
	n = strlen(r);
	if (n > 0 && r[n - 1] == '/')
		r[n - 1] = '\0';
	return r;
}

static void check_url_value(struct checker *, const char *, const struct srcpos *);

static void
literal_url(struct checker *c, const struct flat *fl, GMatchInfo *mi)
{
	char *whole = g_match_info_fetch(mi, 0), *k = url_key(whole);
	const struct fact *f = g_hash_table_lookup(c->facts->url_by_key, k);
	int start, end;
	struct srcpos p;

	g_match_info_fetch_pos(mi, 0, &start, &end);
	p = flat_pos(fl, (gsize)start);
	if (f != NULL)
		report(c, MSG_LITERAL_FACT, &p, whole, fact_name(f), fact_name(f));
	else if (g_str_has_prefix(whole, "http"))
		check_url_value(c, whole, &p);
	g_free(k);
	g_free(whole);
}

/*
 * Could re_phone, re_amount or re_url match in s?  The first two need a digit, \d, which in
 * GRegex is any Unicode decimal digit; re_url needs "http" or "www." in any case (no character
 * but the ASCII ones folds to those letters).  Characters that are surely not digits are passed
 * over: ASCII, the Latin letters up to U+024F, general punctuation, currency and letterlike
 * symbols, and U+FFFC; any other counts as a possible digit.  Most texts have none of these and
 * are not searched three times.
 */
static gboolean
may_have_literal(const char *s)
{
	for (const char *p = s; *p != '\0'; ) {
		unsigned char b = (unsigned char)*p;

		if (b < 0x80) {
			if (g_ascii_isdigit(b) || ((b | 0x20) == 'h' && g_ascii_strncasecmp(p, "http", 4) == 0) ||
			    ((b | 0x20) == 'w' && g_ascii_strncasecmp(p, "www.", 4) == 0))
				return TRUE;
			p++;
		} else {
			gunichar u = g_utf8_get_char(p);

			if (!(u < 0x250 || (u >= 0x2000 && u < 0x2070) || (u >= 0x20a0 && u < 0x2150) || u == 0xfffc))
				return TRUE;
			p = g_utf8_next_char(p);
		}
	}
	return FALSE;
}

static void
literal_text(struct checker *c, const struct flat *fl)
{
	GMatchInfo *mi;
	GArray *taken;

	if (!may_have_literal(fl->s->str))
		return;
	taken = g_array_new(FALSE, FALSE, sizeof(int));
	/* Amounts first: their digits must not count again as a phone number. */
	g_regex_match(re_amount, fl->s->str, 0, &mi);
	for (; g_match_info_matches(mi); g_match_info_next(mi, NULL)) {
		int s, e;

		g_match_info_fetch_pos(mi, 0, &s, &e);
		g_array_append_val(taken, s);
		g_array_append_val(taken, e);
		literal_amount(c, fl, mi);
	}
	g_match_info_free(mi);
	g_regex_match(re_url, fl->s->str, 0, &mi);
	for (; g_match_info_matches(mi); g_match_info_next(mi, NULL)) {
		int s, e;

		g_match_info_fetch_pos(mi, 0, &s, &e);
		g_array_append_val(taken, s);
		g_array_append_val(taken, e);
		literal_url(c, fl, mi);
	}
	g_match_info_free(mi);
	g_regex_match(re_phone, fl->s->str, 0, &mi);
	for (; g_match_info_matches(mi); g_match_info_next(mi, NULL)) {
		int s, e;
		gboolean inside = FALSE;

		g_match_info_fetch_pos(mi, 0, &s, &e);
		for (guint i = 0; i + 1 < taken->len; i += 2)
			if (s < g_array_index(taken, int, i + 1) && e > g_array_index(taken, int, i))
				inside = TRUE;
		if (!inside)
			literal_phone(c, fl, mi);
	}
	g_match_info_free(mi);
	g_array_free(taken, TRUE);
}

/* ----- web addresses (check 5) ----- */

/* The first invisible (format or bidi control) character of s, or 0. */
static gunichar
first_invisible(const char *s)
{
	for (const char *p = s; *p != '\0'; p = g_utf8_next_char(p))
		if ((guchar)*p >= 0x80 && uname_is_invisible(g_utf8_get_char(p)))
			return g_utf8_get_char(p);
	return 0;
}

/* Invisible characters in a value or label: reported once, by name.  TRUE if there was one. */
static gboolean
invisible_in(struct checker *c, const char *what, const char *s, const struct srcpos *p)
{
	gunichar u = s != NULL ? first_invisible(s) : 0;
	char *name;

	if (u == 0)
		return FALSE;
	name = uname_describe(u);
	report(c, MSG_CHAR_INVISIBLE, p, what, s, name);
	g_free(name);
	return TRUE;
}

/* A site name must be ASCII: a Cyrillic «о» in gob.mx is another site.  TRUE if it is not. */
static gboolean
host_not_ascii(struct checker *c, const char *host, gsize len, const struct srcpos *p)
{
	for (const char *q = host; q < host + len; q = g_utf8_next_char(q))
		if ((guchar)*q >= 0x80) {
			char *h = g_strndup(host, len), *name = uname_describe(g_utf8_get_char(q));

			report(c, MSG_HOST_NOT_ASCII, p, h, name);
			g_free(name);
			g_free(h);
			return TRUE;
		}
	return FALSE;
}

static void
check_url_value(struct checker *c, const char *u, const struct srcpos *p)
{
	GError *err = NULL;
	GUri *uri;
	const char *host, *h = strstr(u, "://");

	if (invisible_in(c, _("web address"), u, p))
		return;
	h = h != NULL ? h + 3 : u;
	if (host_not_ascii(c, h, strcspn(h, "/?#:"), p))
		return;
	uri = g_uri_parse(u, G_URI_FLAGS_NONE, &err);
	if (uri == NULL) {
		report(c, MSG_URL_MALFORMED, p, u, err->message);
		g_error_free(err);
		return;
	}
	host = g_uri_get_host(uri);
	if (strcmp(g_uri_get_scheme(uri), "http") != 0 && strcmp(g_uri_get_scheme(uri), "https") != 0)
		report(c, MSG_URL_MALFORMED, p, u, _("a web address starts with https://"));
	else if (host == NULL || strchr(host, '.') == NULL || host[strlen(host) - 1] == '.')
		report(c, MSG_URL_MALFORMED, p, u, _("the site name after https:// is missing or has no dot"));
	else if (strcmp(g_uri_get_scheme(uri), "http") == 0)
		report(c, MSG_URL_HTTP, p, u, u + 7);
	g_uri_unref(uri);
}

static void
check_url_fact(struct checker *c, const struct fact *f)
{
	static GRegex *email;
	static gsize once;

	if (g_once_init_enter(&once)) {
		email = g_regex_new("^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}$", 0, 0, NULL);
		g_once_init_leave(&once, 1);
	}
	for (guint i = 0; i < f->values->len; i++) {
		const struct fact_value *v = f->values->pdata[i];

		if (f->kind == FACT_URL)
			check_url_value(c, v->text, &v->pos);
		else if (f->kind == FACT_EMAIL) {
			const char *at = strrchr(v->text, '@');

			if (invisible_in(c, _("e-mail address"), v->text, &v->pos) ||
			    (at != NULL && host_not_ascii(c, at + 1, strlen(at + 1), &v->pos)))
				continue;
			if (!g_regex_match(email, v->text, 0, NULL))
				report(c, MSG_EMAIL_MALFORMED, &v->pos, v->text);
		}
	}
}

static void
check_urls(struct checker *c)
{
	each_fact(c, check_url_fact);
}

/* ----- invisible characters ----- */

/* Labels and values of every fact (web and e-mail addresses: see check_url_fact()). */
static void
check_chars_fact(struct checker *c, const struct fact *f)
{
	if (!invisible_in(c, _("label"), f->label, &f->pos))
		invisible_in(c, _("label"), f->label_en, &f->pos);
	if (f->kind == FACT_URL || f->kind == FACT_EMAIL)
		return;
	for (guint i = 0; i < f->values->len; i++) {
		const struct fact_value *v = f->values->pdata[i];

		invisible_in(c, f->kind == FACT_PHONE ? _("phone number") : _("value"), v->text, &v->pos);
	}
}

static void
check_chars(struct checker *c)
{
	each_fact(c, check_chars_fact);
}

/* Bidirectional controls reorder what follows them: the printed text would not read as the
 * source does (U+202E turns "moc.elpmaxe" into "example.com"). */
static void
bidi_text(struct checker *c, const struct flat *fl)
{
	const char *s = fl->s->str;

	/* every bidi control is U+061C or in U+200E-U+2069: a lead byte of 0xD8 or 0xE2 */
	for (const char *p = s; (p = strpbrk(p, "\xd8\xe2")) != NULL; p++) {
		gunichar u;
		char *name;

		if (!uname_is_bidi(u = g_utf8_get_char(p)))
			continue;
		name = uname_describe(u);
		report_at(c, MSG_TEXT_BIDI, fl, (gsize)(p - s), name);
		g_free(name);
		return;
	}
}

/* ----- the same fact in two agencies ----- */

/* Roles the guide has one number for. */
static const char *const unique_roles[] = { "paisano-eua", "paisano-mx", "emergencias", NULL };

/* A value as printed, with plain spaces, for messages. */
static char *
printed(const struct fact *f, const struct fact_value *v)
{
	char *t = model_format_value(f, v, LANG_ES), *nb;

	while ((nb = strstr(t, "\xc2\xa0")) != NULL || (nb = strstr(t, "\xe2\x80\xaf")) != NULL) {
		gsize n = nb[0] == '\xc2' ? 2 : 3;

		*nb = ' ';
		memmove(nb + 1, nb + n, strlen(nb + n) + 1);
	}
	return t;
}

/* What makes two contact values the same: the digits of a number, a web address without its
 * scheme, an e-mail address in lowercase; NULL for other kinds. */
static char *
value_key(const struct fact *f, const struct fact_value *v)
{
	char *d, *k;

	switch (f->kind) {
	case FACT_PHONE:
		d = check_phone_digits(v->text);
		k = strlen(d) >= 7 ? g_strdup_printf("phone:%s", d) : NULL;	/* not 911 */
		g_free(d);
		return k;
	case FACT_URL:
		d = url_key(v->text);
		k = g_strdup_printf("url:%s", d);
		g_free(d);
		return k;
	case FACT_EMAIL:
		d = g_ascii_strdown(v->text, -1);
		k = g_strdup_printf("email:%s", d);
		g_free(d);
		return k;
	default:
		return NULL;
	}
}

/* Reported at both facts, each naming the other: the editors of both files see it, whichever
 * file they check, and either one may be the wrong one. */
static void
duplicate(struct checker *c, const struct fact *f, const char *what, const struct fact *o)
{
	report(c, MSG_FACT_DUPLICATE, &current_value(f)->pos, fact_name(f), what, o->agency, fact_name(o),
	    o->pos.file, o->pos.line, fact_name(o));
	report(c, MSG_FACT_DUPLICATE, &current_value(o)->pos, fact_name(o), what, f->agency, fact_name(f),
	    f->pos.file, f->pos.line, fact_name(f));
}

/*
 * A fact is defined by one agency: another agency's fact with the same label (a second
 * «franquicia (terrestre)»), the same number, web or e-mail address, or another number for a
 * role the guide has one number for (a second Paisano number), is an error.
 */
static void
check_duplicates(struct checker *c)
{
	GHashTable *labels = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GHashTable *values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GHashTable *roles = g_hash_table_new(g_str_hash, g_str_equal);

	for (guint i = 0; i < c->m->agencies->len; i++) {
		const struct agency *a = c->m->agencies->pdata[i];

		for (guint j = 0; j < a->facts->len; j++) {
			const struct fact *f = a->facts->pdata[j], *o;
			const struct fact_value *v = current_value(f);
			char *k;

			if (v == NULL)
				continue;
			/* Contact entries have labels such as "Sin costo": only facts' labels name them. */
			if (f->contact == NULL && f->label != NULL) {
				k = fold(f->label);
				if ((o = g_hash_table_lookup(labels, k)) != NULL && strcmp(o->agency, f->agency) != 0) {
					const struct fact_value *ov = current_value(o);
					char *here = printed(f, v), *there = printed(o, ov);

					if (strcmp(here, there) == 0) {
						char *what = g_strdup_printf(_("the label «%s»"), f->label);

						duplicate(c, f, what, o);
						g_free(what);
					} else {
						report(c, MSG_FACT_CONFLICT, &v->pos, fact_name(f), here, fact_name(o),
						    f->label, there, o->agency, o->pos.file, o->pos.line);
						report(c, MSG_FACT_CONFLICT, &ov->pos, fact_name(o), there, fact_name(f),
						    o->label, here, f->agency, f->pos.file, f->pos.line);
					}
					g_free(here);
					g_free(there);
					g_free(k);
					continue;
				}
				if (o == NULL)
					g_hash_table_insert(labels, k, (gpointer)f);
				else
					g_free(k);
			}
			if ((k = value_key(f, v)) != NULL) {
				if ((o = g_hash_table_lookup(values, k)) != NULL && strcmp(o->agency, f->agency) != 0) {
					char *what = g_strdup_printf(f->kind == FACT_PHONE ? _("the number %s") :
					    f->kind == FACT_URL ? _("the web address %s") : _("the e-mail address %s"), v->text);

					duplicate(c, f, what, o);
					g_free(what);
					g_free(k);
					continue;
				}
				if (o == NULL)
					g_hash_table_insert(values, k, (gpointer)f);
				else
					g_free(k);
			}
			for (const char *const *r = unique_roles; f->role != NULL && *r != NULL; r++) {
				if (strcmp(*r, f->role) != 0)
					continue;
				if ((o = g_hash_table_lookup(roles, *r)) == NULL)
					g_hash_table_insert(roles, (gpointer)*r, (gpointer)f);
				else {
					char *da = check_phone_digits(v->text), *db = check_phone_digits(current_value(o)->text);

					if (strcmp(da, db) != 0) {
						report(c, MSG_ROLE_CONFLICT, &v->pos, f->role, v->text, o->agency,
						    current_value(o)->text, o->pos.file, o->pos.line);
						report(c, MSG_ROLE_CONFLICT, &current_value(o)->pos, o->role,
						    current_value(o)->text, f->agency, v->text, f->pos.file, f->pos.line);
					}
					g_free(da);
					g_free(db);
				}
			}
		}
	}
	g_hash_table_destroy(labels);
	g_hash_table_destroy(values);
	g_hash_table_destroy(roles);
}

/* ----- validity for the operation window (check 6) ----- */

static char *
range_text(const struct validity *v)
{
	char *a = model_date_iso(v->from), *b = model_date_iso(v->to), *r;

	if (v->from != 0 && v->to != 0)
		r = g_strdup_printf(_("from %s to %s"), a, b);
	else if (v->from != 0)
		r = g_strdup_printf(_("from %s"), a);
	else if (v->to != 0)
		r = g_strdup_printf(_("until %s"), b);
	else
		r = g_strdup(_("always"));
	g_free(a);
	g_free(b);
	return r;
}

/* Is the section printed: not left out, and inside a section included in the edition? */
static const char *
why_not_printed(const struct node *s)
{
	for (; s != NULL; s = s->parent) {
		if (s->omit)
			return _("it is for another season or other dates");
		if (s->parent == NULL)
			return _("it is not included in the manifest");
		if (s->parent->type == NODE_CHAPTER)
			return NULL;
	}
	return _("it is not included in the manifest");
}

static void
check_see_targets(struct checker *c, const struct node *n)
{
	for (; n != NULL; n = n->next) {
		const char *why;

		if (n->omit)
			continue;
		if (n->type == NODE_SEE && n->u.ref.section != NULL && (why = why_not_printed(n->u.ref.section)) != NULL)
			report(c, MSG_SEE_NOT_PRINTED, &n->pos, n->u.ref.to, why);
		for (int l = 0; l < LANG__MAX; l++) {
			check_see_targets(c, n->text.inl[l]);
			check_see_targets(c, n->title.inl[l]);
		}
		check_see_targets(c, n->first);
	}
}

static char *
seasons_text(guint bits)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < 3; i++)
		if (bits & (1u << i))
			g_string_append_printf(s, "%s%s", s->len > 0 ? _(" and ") : "", model_season_name(1u << i));
	return g_string_free(s, FALSE);
}

static void
check_fact_validity(struct checker *c, const struct fact *f)
{
	const struct edition *e = c->m->edition;
	char *s = model_date_iso(e->op_start), *t = model_date_iso(e->op_end);

	if (f->uses == 0)
		goto out;
	if (f->value == NULL) {
		GString *why = g_string_new(NULL);

		for (guint i = 0; i < f->values->len; i++) {
			const struct fact_value *v = f->values->pdata[i];
			char *r = range_text(&v->valid);

			g_string_append_printf(why, "%s %s %s", i == 0 ? _("; its values:") : ",", v->text, r);
			if (v->valid.seasons != 0) {
				char *st = seasons_text(v->valid.seasons);

				g_string_append_printf(why, _(" (%s only)"), st);
				g_free(st);
			}
			g_free(r);
		}
		report(c, MSG_FACT_NO_VALUE, &f->pos, fact_name(f), s, t, why->str);
		g_string_free(why, TRUE);
		goto out;
	}
	for (guint i = 0; i < f->values->len; i++) {
		const struct fact_value *v = f->values->pdata[i];

		if (v->valid.seasons != 0 && (v->valid.seasons & e->season) == 0)
			continue;
		if (model_valid_overlaps(&v->valid, e->op_start, e->op_end) &&
		    !model_valid_covers(&v->valid, e->op_start, e->op_end)) {
			char *r = range_text(&v->valid);

			report(c, MSG_FACT_VALUE_PARTIAL, &v->pos, fact_name(f), s, t, v->text, r);
			g_free(r);
		}
	}
out:
	g_free(s);
	g_free(t);
}

static const char *
element_name(const struct node *n)
{
	if (n->type == NODE_ITEM && n->parent != NULL && n->parent->type == NODE_STEPS)
		return "step";
	return model_node_name(n->type);
}

static void
check_node_validity(struct checker *c, const struct node *n)
{
	const struct edition *e = c->m->edition;

	for (; n != NULL; n = n->next) {
		if (n->omit)
			continue;
		if (!model_valid_covers(&n->valid, e->op_start, e->op_end)) {
			char *r = range_text(&n->valid), *s = model_date_iso(e->op_start), *t = model_date_iso(e->op_end);

			report(c, MSG_BLOCK_PARTIAL, &n->pos, element_name(n), r, s, t);
			g_free(r);
			g_free(s);
			g_free(t);
		}
		check_node_validity(c, n->first);
	}
}


static void
check_validity(struct checker *c)
{
	const struct edition *e = c->m->edition;

	if (e == NULL)
		return;
	each_fact(c, check_fact_validity);
	for (guint i = 0; i < e->chapters->len; i++) {
		const struct node *ch = e->chapters->pdata[i];

		for (const struct node *s = ch->first; s != NULL; s = s->next) {
			if (s->valid.seasons != 0 && (s->valid.seasons & e->season) == 0) {
				char *want = seasons_text(s->valid.seasons);

				report(c, MSG_SECTION_OTHER_SEASON, &s->pos, s->id, want, model_season_name(e->season));
				g_free(want);
			} else if (!model_valid_covers(&s->valid, e->op_start, e->op_end)) {
				char *r = range_text(&s->valid), *a = model_date_iso(e->op_start), *b = model_date_iso(e->op_end);

				report(c, MSG_SECTION_NOT_VALID, &s->pos, s->id, r, a, b);
				g_free(r);
				g_free(a);
				g_free(b);
			} else
				check_node_validity(c, s->first);
		}
		check_see_targets(c, ch->first);
	}
}

/* ----- sign-off (check 7) ----- */

static void
check_signoff(struct checker *c)
{
	const struct edition *e = c->m->edition;
	enum diag_level level, strict;
	struct signoff_kept *kept = NULL;

	if (e == NULL)
		return;
	level = e->status == STATUS_FINAL ? DIAG_ERROR : DIAG_WARNING;
	/* A sign-off covers the agency's content (signoff.h), not a revision number.  One that no
	 * longer covers it is a warning until publish: building proofs of a change is how its review
	 * starts. */
	strict = c->opts != NULL && c->opts->publishing ? DIAG_ERROR : DIAG_WARNING;
	for (guint i = 0; i < c->m->agencies->len; i++) {
		const struct agency *a = c->m->agencies->pdata[i];
		const struct signoff *last;
		char *now, *date, *changes, *summary;
		guint n;

		if (!a->in_edition)
			continue;
		if ((last = signoff_find(e, a->id)) == NULL) {
			diag_msg_level(c->dl, level, MSG_SIGNOFF_MISSING, e->pos.file, e->pos.line, e->pos.col,
			    a->id, e->id, a->id);
			continue;
		}
		if (last->sha256 == NULL) {
			diag_msg_level(c->dl, strict, MSG_SIGNOFF_UNBOUND, last->pos.file, last->pos.line, last->pos.col,
			    a->id, e->id, a->id);
			continue;
		}
		if ((now = signoff_agency_hash(c->m, a->id, NULL)) == NULL || strcmp(now, last->sha256) == 0) {
			g_free(now);
			continue;
		}
		if (kept == NULL && c->opts != NULL && c->opts->src_root != NULL)
			kept = signoff_kept_open(c->opts->src_root, e->id);
		changes = kept != NULL ? signoff_kept_changes(kept, c->m, last, &n) : NULL;
		if (changes == NULL)
			summary = g_strdup_printf(_("(the content signed off, %.8s, is not in signoffs/%s/ to compare with)"),
			    last->sha256, e->id);
		else if (n == 0)
			summary = g_strdup(_("(no change that paisano diff can name: a contact, an English text or an image)"));
		else {
			char **lines = g_strsplit(changes, "\n", 4);
			GString *s = g_string_new(NULL);

			for (guint k = 0; k < 3 && lines[k] != NULL && lines[k][0] != '\0'; k++)
				g_string_append_printf(s, "%s%s", k > 0 ? "; " : "", lines[k]);
			if (n > 3)
				g_string_append_printf(s, _("; and %u more (paisano signoff --show)"), n - 3);
			summary = g_string_free(s, FALSE);
			g_strfreev(lines);
		}
		date = model_date_iso(last->date);
		diag_msg_level(c->dl, strict, MSG_SIGNOFF_STALE, last->pos.file, last->pos.line, last->pos.col,
		    a->id, last->editor, date, summary, e->id, a->id);
		g_free(date);
		g_free(summary);
		g_free(changes);
		g_free(now);
	}
	signoff_kept_close(kept);
}

/* ----- Spanish text (check 8) ----- */

static void
pairs(struct checker *c, const struct flat *fl, const char *open, const char *close, enum msg_id id,
    const char *noopen, const char *noclose)
{
	const char *s = fl->s->str;
	GArray *opens = g_array_new(FALSE, FALSE, sizeof(gsize));
	gsize lo = strlen(open), lc = strlen(close);

	for (gsize i = 0; s[i] != '\0'; i++) {
		if (s[i] == open[0] && strncmp(s + i, open, lo) == 0)
			g_array_append_val(opens, i);
		else if (s[i] == close[0] && strncmp(s + i, close, lc) == 0) {
			if (opens->len > 0)
				g_array_set_size(opens, opens->len - 1);
			else
				report_at(c, id, fl, i, noopen);
		}
	}
	for (guint k = 0; k < opens->len; k++)
		report_at(c, id, fl, g_array_index(opens, gsize, k), noclose);
	g_array_free(opens, TRUE);
}

static gboolean
is_space(char ch)
{
	return ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
}

static void
spanish_text(struct checker *c, const struct flat *fl)
{
	const char *s = fl->s->str;
	gsize n = fl->s->len;

	if (fl->lang != LANG_ES)
		return;
	/* Most texts have none of what these passes look for: ¿ and ¡ begin with 0xC2. */
	if (strpbrk(s, "?!\xc2") != NULL) {
		pairs(c, fl, "¿", "?", MSG_TEXT_QUESTION, _("\"?\" without an opening \"¿\"; Spanish questions open with ¿"),
		    _("\"¿\" is never closed with \"?\""));
		pairs(c, fl, "¡", "!", MSG_TEXT_EXCLAMATION, _("\"!\" without an opening \"¡\"; Spanish exclamations open with ¡"),
		    _("\"¡\" is never closed with \"!\""));
	}
	if (strpbrk(s, "\"'") == NULL && strstr(s, "  ") == NULL)
		return;
	for (gsize i = 0; i < n; i++) {
		if (s[i] == '"')
			report_at(c, MSG_TEXT_STRAIGHT_QUOTE, fl, i, "\"");
		else if (s[i] == '\'' && (i == 0 || is_space(s[i - 1]) || i + 1 == n || is_space(s[i + 1]) ||
		    strchr(".,;:", s[i + 1]) != NULL))
			report_at(c, MSG_TEXT_STRAIGHT_QUOTE, fl, i, "'");
		else if (s[i] == ' ' && i + 1 < n && s[i + 1] == ' ') {
			gsize j = i;

			while (j < n && s[j] == ' ')
				j++;
			/* Indentation and line ends are layout of the source, not of the text. */
			if (i > 0 && !is_space(s[i - 1]) && j < n && !is_space(s[j]))
				report_at(c, MSG_TEXT_DOUBLE_SPACE, fl, i);
			i = j - 1;
		}
	}
}

/* ----- English text: one style of quotation marks ----- */

static void
english_text(struct checker *c, const struct flat *fl)
{
	const char *s = fl->s->str;

	if (fl->lang != LANG_EN)
		return;
	/* from one '"' or lead byte of « and » to the next */
	for (const char *p = s; (p = strpbrk(p, "\"\xc2")) != NULL; p++) {
		gsize i = (gsize)(p - s);

		if (s[i] == '"')
			report_at(c, MSG_TEXT_EN_QUOTE, fl, i, _("straight quote \""));
		else if (strncmp(s + i, "\xc2\xab", 2) == 0 || strncmp(s + i, "\xc2\xbb", 2) == 0)
			report_at(c, MSG_TEXT_EN_QUOTE, fl, i, s[i + 1] == '\xab' ? _("\"«\" (Spanish)") :
			    _("\"»\" (Spanish)"));
	}
}

/* ----- images (check 9) ----- */

/* What reading one image file gave: each node that shows it is told the same. */
struct image_seen {
	int			 code;		/* enum image_error, or -1: the image is good */
	struct image_info	 info;		/* w, h, what */
	char			*message;
};

static void
image_seen_free(gpointer p)
{
	struct image_seen *is = p;

	g_free(is->info.what);
	g_free(is->message);
	g_free(is);
}

/* The image read and decoded as every renderer will read it (image.c), or why it cannot be:
 * once a file, however many nodes show it (the stress booklet repeats each image 13 times,
 * and decoding was a tenth of its check). */
static void
check_image_file(struct checker *c, const struct node *n, const char *path)
{
	const char *src = n->u.image.src;
	struct image_seen *is = g_hash_table_lookup(c->images, path);

	if (is == NULL) {
		GError *err = NULL;
		GBytes *b;

		is = g_new0(struct image_seen, 1);
		b = image_read(path, &is->info, &err);
		is->code = b != NULL ? -1 : err->code;
		is->message = err != NULL ? g_strdup(err->message) : NULL;
		if (b != NULL)
			g_bytes_unref(b);
		g_clear_error(&err);
		g_hash_table_insert(c->images, g_strdup(path), is);
	}
	switch (is->code) {
	case -1:
		break;
	case IMAGE_ERROR_MISSING:
		report(c, MSG_IMAGE_MISSING, &n->pos, src, path);
		break;
	case IMAGE_ERROR_NOT_FILE:
		report(c, MSG_IMAGE_NOT_FILE, &n->pos, src, is->info.what);
		break;
	case IMAGE_ERROR_FILE_TOO_BIG:
		report(c, MSG_IMAGE_FILE_TOO_BIG, &n->pos, src, IMAGE_MAX_BYTES / (1024 * 1024));
		break;
	case IMAGE_ERROR_NOT_PNG:
		report(c, MSG_IMAGE_NOT_PNG, &n->pos, src);
		break;
	case IMAGE_ERROR_DAMAGED:
		report(c, MSG_IMAGE_DAMAGED, &n->pos, src, is->info.what);
		break;
	case IMAGE_ERROR_TOO_WIDE:
		report(c, MSG_IMAGE_TOO_WIDE, &n->pos, src, is->info.w, is->info.h, IMAGE_MAX_SIDE);
		break;
	case IMAGE_ERROR_TOO_MANY_PIXELS:
		report(c, MSG_IMAGE_TOO_MANY_PIXELS, &n->pos, src, is->info.w, is->info.h, IMAGE_MAX_PIXELS);
		break;
	default:
		report(c, MSG_IMAGE_UNREADABLE, &n->pos, src, is->info.what != NULL ? is->info.what : is->message);
		break;
	}
}

static void
check_image_nodes(struct checker *c, const struct node *n)
{
	for (; n != NULL; n = n->next) {
		if (n->type == NODE_IMAGE && n->u.image.src != NULL) {
			char *path = g_build_filename(c->opts->src_root, n->u.image.src, NULL);
			char *alt = model_plain_text(&n->text, LANG_ES);

			check_image_file(c, n, path);
			if (*g_strstrip(alt) == '\0')
				report(c, MSG_IMAGE_NO_ALT, &n->pos, n->u.image.src);
			g_free(alt);
			g_free(path);
		}
		check_image_nodes(c, n->first);
	}
}

static void
check_images(struct checker *c)
{
	c->images = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, image_seen_free);
	for (guint i = 0; i < c->m->agencies->len; i++) {
		const struct agency *a = c->m->agencies->pdata[i];

		for (guint j = 0; j < a->sections->len; j++)
			check_image_nodes(c, a->sections->pdata[j]);
	}
	g_clear_pointer(&c->images, g_hash_table_destroy);
}

/* ----- agencies renamed or abolished (check 10) ----- */

static const struct old_name {
	const char	*pattern;	/* PCRE, matched on Spanish text */
	const char	*needles[2];	/* every match holds one of these: a quick test before the PCRE */
	const char	*advice;
} old_names[] = {
	{ "\\bSAGARPA\\b", { "SAGARPA" }, N_("was renamed in 2019; write \"SADER\" (Secretaría de Agricultura y Desarrollo Rural)") },
	{ "\\bPGR\\b", { "PGR" }, N_("became the Fiscalía General de la República in 2018; write \"FGR\"") },
	{ "Procuraduría General de la República", { "Procuradur" }, N_("became the Fiscalía General de la República in 2018; write \"Fiscalía General de la República\"") },
	{ "Polic[ií]a Federal(?! de Caminos)", { "Federal" }, N_("was dissolved in 2019 and its road duties passed on; write \"Guardia Nacional\"") },
	{ "Polic[ií]a Federal de Caminos", { "Federal" }, N_("no longer exists; write \"Guardia Nacional\"") },
	{ "\\bTelecomm\\b|Telecomunicaciones de M[ée]xico", { "Telecom" }, N_("was renamed in 2022; write \"Financiera para el Bienestar (Finabien)\"") },
	{ "\\bSFP\\b|Secretar[ií]a de la Funci[óo]n P[úu]blica", { "SFP", "Funci" }, N_("was replaced in 2025; write \"Secretaría Anticorrupción y Buen Gobierno\"") },
	{ "\\bAGA\\b|Administraci[óo]n General de Aduanas", { "AGA", "Aduanas" }, N_("was replaced in 2022; write \"Agencia Nacional de Aduanas de México (ANAM)\"") },
	{ "\\bSCT\\b|Secretar[ií]a de Comunicaciones y Transportes", { "SCT", "Comunicaciones y Transportes" }, N_("was renamed in 2021; write \"Secretaría de Infraestructura, Comunicaciones y Transportes (SICT)\"") },
	{ "\\bSEDESOL\\b|Secretar[ií]a de Desarrollo Social", { "SEDESOL", "Desarrollo Social" }, N_("was renamed in 2018; write \"Secretaría de Bienestar\"") },
	{ "\\bMEXITEL\\b", { "MEXITEL" }, N_("was replaced by MiConsulado in 2022; write \"MiConsulado\"") },
	{ "3\\s?[xX]\\s?1 para Migrantes|Programa 3\\s?[xX]\\s?1", { "Migrantes", "Programa 3" }, N_("was cancelled in 2020; remove the mention") },
};

/* old_any is every pattern in one, (?:p1)|(?:p2)|...: it matches somewhere in every text that one
 * of them matches in, so most texts are searched once instead of once per pattern.  And it is
 * only searched in texts that hold a needle: old_firsts has the needles' first bytes. */
static GRegex *old_re[G_N_ELEMENTS(old_names)], *old_any;
static char old_firsts[2 * G_N_ELEMENTS(old_names) + 1];
G_LOCK_DEFINE_STATIC(old_re);

static void
old_names_init(void)
{
	static gsize once;
	GString *any;

	if (!g_once_init_enter(&once))
		return;
	any = g_string_new(NULL);
	for (guint i = 0; i < G_N_ELEMENTS(old_names); i++)
		g_string_append_printf(any, "%s(?:%s)", i > 0 ? "|" : "", old_names[i].pattern);
	for (guint i = 0; i < G_N_ELEMENTS(old_names); i++)
		for (guint k = 0; k < G_N_ELEMENTS(old_names[i].needles) && old_names[i].needles[k] != NULL; k++)
			if (strchr(old_firsts, old_names[i].needles[k][0]) == NULL)
				old_firsts[strlen(old_firsts)] = old_names[i].needles[k][0];
	old_any = g_regex_new(any->str, G_REGEX_OPTIMIZE, 0, NULL);
	g_string_free(any, TRUE);
	g_once_init_leave(&once, 1);
}

/* Could the text hold an old name?  Most cannot, and one pass of strpbrk() over it says so: the
 * needles all begin with a capital, rarer in running text than any letter of the patterns
 * (old_any took 10 M of paisano check's 129 M instructions, a strstr() per needle 7 M). */
static gboolean
old_names_maybe(const char *s)
{
	for (const char *p = s; (p = strpbrk(p, old_firsts)) != NULL; p++)
		for (guint i = 0; i < G_N_ELEMENTS(old_names); i++)
			for (guint k = 0; k < G_N_ELEMENTS(old_names[i].needles) && old_names[i].needles[k] != NULL; k++) {
				const char *n = old_names[i].needles[k];

				if (*n == *p && strncmp(p, n, strlen(n)) == 0)
					return TRUE;
			}
	return FALSE;
}

static void
old_names_text(struct checker *c, const struct flat *fl)
{
	if (!old_names_maybe(fl->s->str) || !g_regex_match(old_any, fl->s->str, 0, NULL))
		return;
	for (guint i = 0; i < G_N_ELEMENTS(old_names); i++) {
		GMatchInfo *mi;

		G_LOCK(old_re);
		if (old_re[i] == NULL)		/* compiled when first needed: most runs never need it */
			old_re[i] = g_regex_new(old_names[i].pattern, G_REGEX_OPTIMIZE, 0, NULL);
		G_UNLOCK(old_re);
		g_regex_match(old_re[i], fl->s->str, 0, &mi);
		for (; g_match_info_matches(mi); g_match_info_next(mi, NULL)) {
			char *w = g_match_info_fetch(mi, 0);
			int s, e;

			g_match_info_fetch_pos(mi, 0, &s, &e);
			report_at(c, MSG_OLD_NAME, fl, (gsize)s, w, _(old_names[i].advice));
			g_free(w);
		}
		g_match_info_free(mi);
	}
}

/* ----- required content (check 11) ----- */

static const struct required {
	const char	*role;		/* a phone or web role, or NULL for the complaint form */
	const char	*what;
	const char	*how;
} required[] = {
	{ "paisano-eua", N_("the Programa Paisano number for calls from the United States"),
	  N_("a <phone country=\"US\" role=\"paisano-eua\"> in a contact of an agency in the edition") },
	{ "paisano-mx", N_("the Programa Paisano number for calls within Mexico"),
	  N_("a <phone country=\"MX\" role=\"paisano-mx\"> in a contact of an agency in the edition") },
	{ "emergencias", N_("the emergency number 911"),
	  N_("a <phone role=\"emergencias\">911</phone> in a contact of an agency in the edition") },
	{ "quejas", N_("a channel for complaints"),
	  N_("a phone, web site or e-mail with role=\"quejas\" in a contact of an agency in the edition") },
	{ NULL, N_("the complaint form (formato de queja)"),
	  N_("a section with a <form> included in the edition") },
};

static gboolean
has_form(const struct node *n)
{
	for (; n != NULL; n = n->next)
		if (!n->omit && (n->type == NODE_FORM || has_form(n->first)))
			return TRUE;
	return FALSE;
}

static void
check_required(struct checker *c)
{
	const struct edition *e = c->m->edition;

	if (e == NULL)
		return;
	for (guint r = 0; r < G_N_ELEMENTS(required); r++) {
		gboolean found = FALSE;

		if (required[r].role == NULL) {
			for (guint i = 0; i < e->chapters->len && !found; i++)
				found = has_form(((const struct node *)e->chapters->pdata[i])->first);
		} else
			for (guint i = 0; i < c->m->agencies->len && !found; i++) {
				const struct agency *a = c->m->agencies->pdata[i];

				for (guint j = 0; j < a->facts->len && !found; j++) {
					const struct fact *f = a->facts->pdata[j];

					found = f->uses > 0 && f->value != NULL && f->role != NULL &&
					    strcmp(f->role, required[r].role) == 0;
				}
			}
		if (!found)
			report(c, MSG_REQUIRED_MISSING, &e->pos, _(required[r].what), _(required[r].how));
	}
}

/* ----- translations ----- */

/* The facts and cross-references a text prints, in order: "<ref to="a"/> <see to="b"/>". */
static void
refs_of(GString *out, const struct node *n)
{
	for (; n != NULL; n = n->next)
		if (n->type == NODE_REF || n->type == NODE_SEE)
			g_string_append_printf(out, "%s<%s to=\"%s\"/>", out->len > 0 ? " " : "",
			    n->type == NODE_REF ? "ref" : "see", n->u.ref.to != NULL ? n->u.ref.to : "");
		else
			refs_of(out, n->first);
}

static void
translation_of(struct checker *c, const struct textual *t, const struct srcpos *where)
{
	const struct edition *e = c->m->edition;
	enum diag_level lv = e->status == STATUS_FINAL ? DIAG_ERROR : DIAG_WARNING;
	const struct srcpos *pes = t->pos[LANG_ES].file != NULL ? &t->pos[LANG_ES] : where;
	const struct srcpos *pen = &t->pos[LANG_EN];
	char *hash;

	if (t->inl[LANG_ES] == NULL) {
		if (t->inl[LANG_EN] != NULL)
			report(c, MSG_SPANISH_MISSING, pen);
		return;
	}
	if (t->inl[LANG_EN] == NULL) {
		if (model_needs_translation(t))
			/* the Spanish already in a <text xml:lang="es">, or bare, to be wrapped too */
			diag_msg_level(c->dl, lv, t->wrapped ? MSG_TRANSLATION_MISSING_EN : MSG_TRANSLATION_MISSING,
			    pes->file, pes->line, pes->col, e->id);
		return;
	}
	hash = model_es_hash(t);
	if (t->es_hash == NULL)
		diag_msg_level(c->dl, lv, MSG_TRANSLATION_UNREVIEWED, pen->file, pen->line, pen->col, hash);
	else if (strncmp(t->es_hash, hash, strlen(t->es_hash)) != 0 || strlen(t->es_hash) < 8)
		diag_msg_level(c->dl, lv, MSG_TRANSLATION_STALE, pen->file, pen->line, pen->col, t->es_hash,
		    hash, hash);
	g_free(hash);
	{
		GString *a = g_string_new(NULL), *b = g_string_new(NULL);

		refs_of(a, t->inl[LANG_ES]);
		refs_of(b, t->inl[LANG_EN]);
		if (strcmp(a->str, b->str) != 0)
			report(c, MSG_TRANSLATION_FACTS, pen, b->len > 0 ? b->str : _("none"),
			    a->len > 0 ? a->str : "none");
		g_string_free(a, TRUE);
		g_string_free(b, TRUE);
	}
}

static void
translation_nodes(struct checker *c, const struct node *n)
{
	for (; n != NULL; n = n->next) {
		/* a node and its children come from one file: another's are not kept */
		if (n->omit || !kept_file(c, n->pos.file))
			continue;
		translation_of(c, &n->title, &n->pos);
		translation_of(c, &n->text, &n->pos);
		translation_nodes(c, n->first);
	}
}

/* Everything the edition prints, when it is published in English. */
static void
check_translations(struct checker *c)
{
	const struct model *m = c->m;
	const struct edition *e = m->edition;
	enum diag_level lv;

	if (e == NULL || !(e->langs & (1u << LANG_EN)))
		return;
	lv = e->status == STATUS_FINAL ? DIAG_ERROR : DIAG_WARNING;
	translation_of(c, &e->title, &e->pos);
	for (guint i = 0; i < e->chapters->len; i++) {
		const struct node *ch = e->chapters->pdata[i];

		if (ch->omit)
			continue;
		translation_of(c, &ch->title, &ch->pos);
		translation_nodes(c, ch->first);
	}
	for (guint i = 0; i < m->agencies->len; i++) {
		const struct agency *a = m->agencies->pdata[i];

		if (!a->in_edition || !kept_file(c, a->pos.file))
			continue;
		translation_of(c, &a->name, &a->pos);
		for (guint j = 0; j < a->contacts->len; j++) {
			const struct contact *ct = a->contacts->pdata[j];

			translation_of(c, &ct->name, &ct->pos);
			translation_of(c, &ct->note, &ct->pos);
			for (guint k = 0; k < ct->entries->len; k++) {
				const struct fact *f = ct->entries->pdata[k];

				if (f->label != NULL && f->label_en == NULL)
					diag_msg_level(c->dl, lv, MSG_LABEL_UNTRANSLATED, f->pos.file, f->pos.line,
					    f->pos.col, f->label, e->id);
			}
		}
	}
}

/* ----- the previous edition and short names ----- */

static void
check_previous(struct checker *c)
{
	const struct edition *e = c->m->edition;
	char *man, *pub;

	if (e == NULL || e->previous == NULL || c->opts->src_root == NULL)
		return;
	man = g_strdup_printf("%s/editions/%s.xml", c->opts->src_root, e->previous);
	pub = g_strdup_printf("%s/published/%s.model.xml", c->opts->src_root, e->previous);
	if (strcmp(e->previous, e->id != NULL ? e->id : "") == 0 ||
	    (!g_file_test(man, G_FILE_TEST_IS_REGULAR) && !g_file_test(pub, G_FILE_TEST_IS_REGULAR)))
		report(c, MSG_PREVIOUS_UNKNOWN, &e->pos, e->previous, man);
	g_free(man);
	g_free(pub);
}

/* Has the text a lowercase letter: a word rather than an acronym? */
static gboolean
has_lower(const char *s)
{
	for (; *s != '\0'; s = g_utf8_next_char(s))
		if (g_unichar_islower(g_utf8_get_char(s)))
			return TRUE;
	return FALSE;
}

/* Every agency in the edition prints a short name in each of its languages, never its id. */
static void
check_short_names(struct checker *c)
{
	const struct edition *e = c->m->edition;
	enum diag_level lv;

	if (e == NULL)
		return;
	lv = e->status == STATUS_FINAL ? DIAG_ERROR : DIAG_WARNING;
	for (guint i = 0; i < c->m->agencies->len; i++) {
		const struct agency *a = c->m->agencies->pdata[i];

		if (!a->in_edition)
			continue;
		if (a->short_name == NULL)
			report(c, MSG_SHORT_MISSING, &a->pos, a->id);
		else if ((e->langs & (1u << LANG_EN)) && a->short_en == NULL && has_lower(a->short_name))
			diag_msg_level(c->dl, lv, MSG_SHORT_UNTRANSLATED, a->pos.file, a->pos.line, a->pos.col,
			    a->short_name, e->id, a->short_name);
	}
}

/* ----- facts and their sources ----- */

/* Is this fact's value printed by the edition?  Contact entries of the agencies in it are, in
 * the directory. */
static gboolean
fact_printed(const struct model *m, const struct fact *f)
{
	const struct agency *a;

	if (f->value == NULL)
		return FALSE;
	if (f->uses > 0)
		return TRUE;
	if (f->contact == NULL)
		return FALSE;
	a = model_agency(m, f->agency);
	return f->contact->uses > 0 || (a != NULL && a->in_edition);
}

static char *
printed_value(const struct fact *f)
{
	char *v = model_format_value(f, f->value, LANG_ES), *nb;

	while ((nb = strstr(v, "\xc2\xa0")) != NULL || (nb = strstr(v, "\xe2\x80\xaf")) != NULL) {
		gsize w = nb[0] == '\xc2' ? 2 : 3;

		*nb = ' ';
		memmove(nb + 1, nb + w, strlen(nb + w) + 1);
	}
	return v;
}

/* Twelve months before a date. */
static model_date
year_before(model_date d)
{
	GDate g;

	g_date_clear(&g, 1);
	g_date_set_julian(&g, d);
	g_date_subtract_years(&g, 1);
	return g_date_get_julian(&g);
}

static void
check_fact_source(struct checker *c, const struct fact *f)
{
	const struct edition *e = c->m->edition;
	const struct fact_value *v = f->value;
	enum diag_level lv = e->status == STATUS_FINAL ? DIAG_ERROR : DIAG_WARNING;
	char *val;

	if (!fact_printed(c->m, f))
		return;
	if (v->source_id != NULL && v->source == NULL)
		return;		/* SOURCE_UNKNOWN says so */
	val = printed_value(f);
	if (v->source == NULL)
		diag_msg_level(c->dl, lv, MSG_SOURCE_MISSING, v->pos.file, v->pos.line, v->pos.col, fact_name(f), val);
	else if (v->source->unconfirmed)
		diag_msg_level(c->dl, lv, MSG_SOURCE_UNCONFIRMED, v->pos.file, v->pos.line, v->pos.col, fact_name(f),
		    val, v->source->id);
	else if (v->source->verified < year_before(e->op_start)) {
		char *when = model_date_iso(v->source->verified), *start = model_date_iso(e->op_start);

		diag_msg_level(c->dl, lv, MSG_SOURCE_STALE, v->pos.file, v->pos.line, v->pos.col, fact_name(f), val,
		    when, v->source->id, start);
		g_free(when);
		g_free(start);
	}
	g_free(val);
}

static void
check_sources(struct checker *c)
{
	if (c->m->edition != NULL)
		each_fact(c, check_fact_source);
}

/* ----- the season's work: what a new edition asks of each agency ----- */

/* The seasons that blocks of a section (and its subsections) are limited to. */
static guint
variant_seasons(const struct node *n)
{
	guint bits = 0;

	for (; n != NULL; n = n->next)
		bits |= n->valid.seasons | variant_seasons(n->first);
	return bits;
}

/* A date announced ahead (its value after the day it took effect: a deadline such as the
 * aguinaldo's) that has passed when the operation starts.  Dates a rule holds since are not. */
static void
check_fact_date(struct checker *c, const struct fact *f)
{
	const struct edition *e = c->m->edition;
	model_date d;

	if (f->kind != FACT_DATE || !fact_printed(c->m, f))
		return;
	d = model_date_parse(f->value->text);
	if (d != 0 && d > f->value->valid.from && d < e->op_start) {
		char *val = printed_value(f), *start = model_date_iso(e->op_start);

		diag_msg_level(c->dl, e->status == STATUS_FINAL ? DIAG_ERROR : DIAG_WARNING, MSG_DATE_BEFORE_OPERATION,
		    f->value->pos.file, f->value->pos.line, f->value->pos.col, fact_name(f), val, start);
		g_free(val);
		g_free(start);
	}
}

static void
check_season(struct checker *c)
{
	const struct edition *e = c->m->edition;

	if (e == NULL)
		return;
	each_fact(c, check_fact_date);
	/* Asked of drafts only: once final, a section left as it is was left on purpose. */
	if (e->status == STATUS_FINAL)
		return;
	for (guint i = 0; i < e->chapters->len; i++) {
		const struct node *ch = e->chapters->pdata[i];

		for (const struct node *s = ch->first; s != NULL; s = s->next) {
			guint bits = variant_seasons(s->first);

			if (s->omit || bits == 0 || (bits & e->season) != 0)
				continue;
			{
				char *other = seasons_text(bits);
				const char *this = model_season_name(e->season);

				report(c, MSG_SEASON_NO_VARIANT, &s->pos, s->id, other, this, this, this);
				g_free(other);
			}
		}
	}
}

/* ----- limits ----- */

#define TEXT_MAX_CHARS 20000	/* a long paragraph of the guide has about 1,500 */

static void
length_text(struct checker *c, const struct flat *fl)
{
	glong n;

	if (fl->s->len <= TEXT_MAX_CHARS)	/* never more characters than bytes */
		return;
	if ((n = g_utf8_strlen(fl->s->str, (gssize)fl->s->len)) > TEXT_MAX_CHARS)
		report(c, MSG_TEXT_TOO_LONG, &fl->pos, n, TEXT_MAX_CHARS);
}

/* ----- the table ----- */

/* A check reads the model as a whole (fn) or one text at a time (text).  Messages are sorted
 * before they are printed, so the order the checks run in does not show. */
static const struct check {
	const char	*name;
	void		(*fn)(struct checker *);
	text_fn		 text;
} checks[] = {
	{ "literal-facts", NULL, literal_text },
	{ "phone-numbers", check_phones, NULL },
	{ "urls", check_urls, NULL },
	{ "characters", check_chars, bidi_text },
	{ "duplicates", check_duplicates, NULL },
	{ "validity", check_validity, NULL },
	{ "sign-off", check_signoff, NULL },
	{ "spanish-text", NULL, spanish_text },
	{ "images", check_images, NULL },
	{ "agency-names", NULL, old_names_text },
	{ "required-content", check_required, NULL },
	{ "translations", check_translations, NULL },
	{ "limits", NULL, length_text },
	{ "previous-edition", check_previous, NULL },
	{ "short-names", check_short_names, NULL },
	{ "english-text", NULL, english_text },
	{ "sources", check_sources, NULL },
	{ "season", check_season, NULL },
};

struct text_walk {
	struct checker	*c;
	struct flat	 fl;	/* one buffer for every text */
};

/* Every language of one textual (the model holds only the edition's languages), flattened
 * once and read by every text check. */
static void
check_textual(const struct textual *t, gpointer p)
{
	struct text_walk *w = p;

	for (int l = 0; l < LANG__MAX; l++) {
		/* a text's messages are at its own inlines, in its own file */
		if (t->inl[l] == NULL || !kept_file(w->c, t->pos[l].file))
			continue;
		flat_fill(&w->fl, t, (enum lang)l);
		for (guint i = 0; i < G_N_ELEMENTS(checks); i++)
			if (checks[i].text != NULL)
				checks[i].text(w->c, &w->fl);
	}
}

/* The text checks, over every text of every agency (all seasons) and the edition's titles. */
static void
check_texts(struct checker *c)
{
	struct text_walk w = { c, { 0 } };

	flat_init(&w.fl);
	model_each_textual(c->m, check_textual, &w);
	flat_free(&w.fl);
}

const char *const *
check_names(void)
{
	/* the loader's and the compiler's (source.c, compile.c), then the table's */
	static const char *const before[] = { "xml", "schema", "ids" };
	static const char *names[G_N_ELEMENTS(before) + G_N_ELEMENTS(checks) + 1];

	for (guint i = 0; i < G_N_ELEMENTS(before); i++)
		names[i] = before[i];
	for (guint i = 0; i < G_N_ELEMENTS(checks); i++)
		names[G_N_ELEMENTS(before) + i] = checks[i].name;
	return names;
}

static gpointer
check_texts_thread(gpointer p)
{
	check_texts(p);
	return NULL;
}

/* The text checks (over half of the work) run on a thread of their own, into a list of their
 * own, while this one runs the table's other checks: every check only reads the model, and
 * the messages come out in the order they always did (the texts' first; diag_sort() orders
 * them all anyway). */
void
check_model(const struct model *m, const struct check_opts *opts, struct diag_list *dl)
{
	struct fact_index facts;
	struct checker c = { m, opts, diag_list_new(), &facts, NULL }, tc;
	GThread *th;

	regexes_init();
	old_names_init();
	fact_index_init(&facts, m);
	tc = c;
	tc.dl = diag_list_new();
	th = g_thread_new("check", check_texts_thread, &tc);
	for (guint i = 0; i < G_N_ELEMENTS(checks); i++)
		if (checks[i].fn != NULL)
			checks[i].fn(&c);
	g_thread_join(th);
	diag_list_move(dl, tc.dl);
	diag_list_move(dl, c.dl);
	diag_list_free(tc.dl);
	diag_list_free(c.dl);
	fact_index_free(&facts);
}
