/* uname.c: the few characters our messages name, with their Unicode names. */
#include "uname.h"
#include "i18n.h"

static const struct {
	gunichar	 c;
	const char	*name;
} names[] = {
	{ 0x00A0, "NO-BREAK SPACE" },
	{ 0x00AD, "SOFT HYPHEN" },
	{ 0x034F, "COMBINING GRAPHEME JOINER" },
	{ 0x061C, "ARABIC LETTER MARK" },
	{ 0x115F, "HANGUL CHOSEONG FILLER" },
	{ 0x180E, "MONGOLIAN VOWEL SEPARATOR" },
	{ 0x2007, "FIGURE SPACE" },
	{ 0x2009, "THIN SPACE" },
	{ 0x200A, "HAIR SPACE" },
	{ 0x200B, "ZERO WIDTH SPACE" },
	{ 0x200C, "ZERO WIDTH NON-JOINER" },
	{ 0x200D, "ZERO WIDTH JOINER" },
	{ 0x200E, "LEFT-TO-RIGHT MARK" },
	{ 0x200F, "RIGHT-TO-LEFT MARK" },
	{ 0x2010, "HYPHEN" },
	{ 0x2011, "NON-BREAKING HYPHEN" },
	{ 0x2012, "FIGURE DASH" },
	{ 0x2013, "EN DASH" },
	{ 0x2014, "EM DASH" },
	{ 0x202A, "LEFT-TO-RIGHT EMBEDDING" },
	{ 0x202B, "RIGHT-TO-LEFT EMBEDDING" },
	{ 0x202C, "POP DIRECTIONAL FORMATTING" },
	{ 0x202D, "LEFT-TO-RIGHT OVERRIDE" },
	{ 0x202E, "RIGHT-TO-LEFT OVERRIDE" },
	{ 0x202F, "NARROW NO-BREAK SPACE" },
	{ 0x2060, "WORD JOINER" },
	{ 0x2061, "FUNCTION APPLICATION" },
	{ 0x2062, "INVISIBLE TIMES" },
	{ 0x2063, "INVISIBLE SEPARATOR" },
	{ 0x2064, "INVISIBLE PLUS" },
	{ 0x2066, "LEFT-TO-RIGHT ISOLATE" },
	{ 0x2067, "RIGHT-TO-LEFT ISOLATE" },
	{ 0x2068, "FIRST STRONG ISOLATE" },
	{ 0x2069, "POP DIRECTIONAL ISOLATE" },
	{ 0x2212, "MINUS SIGN" },
	{ 0x3000, "IDEOGRAPHIC SPACE" },
	{ 0xFEFF, "ZERO WIDTH NO-BREAK SPACE" },
	{ 0xFF0B, "FULLWIDTH PLUS SIGN" },
	{ 0xFF0D, "FULLWIDTH HYPHEN-MINUS" },
};

static const char *const digit_names[] = { "ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX",
	"SEVEN", "EIGHT", "NINE" };

/* Cyrillic and Greek letters that look like Latin ones, the usual spoofs in a host name. */
static const struct {
	gunichar	 c;
	const char	*name;
} lookalikes[] = {
	{ 0x0430, "CYRILLIC SMALL LETTER A" }, { 0x0435, "CYRILLIC SMALL LETTER IE" },
	{ 0x043E, "CYRILLIC SMALL LETTER O" }, { 0x0440, "CYRILLIC SMALL LETTER ER" },
	{ 0x0441, "CYRILLIC SMALL LETTER ES" }, { 0x0443, "CYRILLIC SMALL LETTER U" },
	{ 0x0445, "CYRILLIC SMALL LETTER HA" }, { 0x0456, "CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I" },
	{ 0x0458, "CYRILLIC SMALL LETTER JE" }, { 0x0455, "CYRILLIC SMALL LETTER DZE" },
	{ 0x03BF, "GREEK SMALL LETTER OMICRON" }, { 0x03B1, "GREEK SMALL LETTER ALPHA" },
	{ 0x0131, "LATIN SMALL LETTER DOTLESS I" },
};

char *
uname_describe(gunichar c)
{
	for (guint i = 0; i < G_N_ELEMENTS(names); i++)
		if (names[i].c == c)
			return g_strdup_printf("U+%04X %s", c, names[i].name);
	for (guint i = 0; i < G_N_ELEMENTS(lookalikes); i++)
		if (lookalikes[i].c == c)
			return g_strdup_printf("U+%04X %s", c, lookalikes[i].name);
	if (c >= 0xFF10 && c <= 0xFF19)
		return g_strdup_printf("U+%04X FULLWIDTH DIGIT %s", c, digit_names[c - 0xFF10]);
	if (c >= 0x0660 && c <= 0x0669)
		return g_strdup_printf("U+%04X ARABIC-INDIC DIGIT %s", c, digit_names[c - 0x0660]);
	if (c >= 0x06F0 && c <= 0x06F9)
		return g_strdup_printf("U+%04X EXTENDED ARABIC-INDIC DIGIT %s", c, digit_names[c - 0x06F0]);
	if (c >= 0x0966 && c <= 0x096F)
		return g_strdup_printf("U+%04X DEVANAGARI DIGIT %s", c, digit_names[c - 0x0966]);
	if (g_unichar_isdigit(c))
		return g_strdup_printf(_("U+%04X (a digit of another script, %d)"), c, g_unichar_digit_value(c));
	switch (g_unichar_type(c)) {
	case G_UNICODE_FORMAT:
		return g_strdup_printf(_("U+%04X (an invisible format character)"), c);
	case G_UNICODE_CONTROL:
		return g_strdup_printf(_("U+%04X (a control character)"), c);
	case G_UNICODE_PRIVATE_USE:
		return g_strdup_printf(_("U+%04X (a private-use character)"), c);
	case G_UNICODE_SPACE_SEPARATOR:
		return g_strdup_printf(_("U+%04X (a space)"), c);
	default:
		if (c >= 0x80) {
			char buf[8] = "";

			buf[g_unichar_to_utf8(c, buf)] = '\0';
			return g_strdup_printf("U+%04X \"%s\"", c, buf);
		}
		return g_strdup_printf("U+%04X \"%c\"", c, (char)c);
	}
}

gboolean
uname_is_bidi(gunichar c)
{
	return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E ||
	    c == 0x200F || c == 0x061C;
}

gboolean
uname_is_invisible(gunichar c)
{
	return g_unichar_type(c) == G_UNICODE_FORMAT || uname_is_bidi(c);
}
